package book.ch01.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.cli.CommandLine;
import book.ch01.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IdleConnectionsTest {

    private static final int CONNECTIONS = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Nested
    class Measurement {

        @Test
        void holdsEveryConnectionAliveOnEachKindOfServer() throws Exception {
            for (EchoServerKind kind : EchoServerKind.values()) {
                IdleConnections.Report report = IdleConnections.measure(kind, CONNECTIONS, TIMEOUT);
                assertEquals(CONNECTIONS, report.connections(), kind + " held them all");
            }
        }

        @Test
        void holdsConnectionsToAServerInAChildProcessAndMeasuresItAlone() throws Exception {
            IdleConnections.Report report = IdleConnections.measureInChild(EchoServerKind.FRAMED, CONNECTIONS, TIMEOUT);
            assertEquals(CONNECTIONS, report.connections());
            assertTrue(report.serverOnly());
            assertTrue(report.held().platformThreads() - report.before().platformThreads() < CONNECTIONS / 2,
                    "event loops, not a thread per connection: " + report);
        }

        @Test
        void aPlatformPoolNeedsAThreadPerConnectionAndTheSelectorNone() throws Exception {
            IdleConnections.Report pool = IdleConnections.measure(EchoServerKind.POOL, CONNECTIONS, TIMEOUT);
            IdleConnections.Report nio = IdleConnections.measure(EchoServerKind.NIO, CONNECTIONS, TIMEOUT);
            assertTrue(pool.held().platformThreads() - pool.before().platformThreads() >= CONNECTIONS,
                    "pool: " + pool);
            assertTrue(nio.held().platformThreads() - nio.before().platformThreads() < CONNECTIONS / 2,
                    "nio: " + nio);
        }
    }

    @Nested
    class DescriptorLimit {

        @Test
        void readsTheSoftLimitFromProcLimits() {
            String limits = """
                    Limit                     Soft Limit           Hard Limit           Units
                    Max processes             unlimited            unlimited            processes
                    Max open files            1024                 524288               files
                    """;
            assertEquals(OptionalLong.of(1024), FileDescriptorLimit.parse(limits));
            assertEquals(OptionalLong.empty(), FileDescriptorLimit.parse("Max open files  unlimited  unlimited  files"));
        }

        @Test
        void tooLowMessageNamesTheNeedTheLimitAndTheRemedy() {
            assertEquals("5000 connections need about 10200 file descriptors (client and server ends are both in"
                            + " this process), but this process may open only 1024 (Max open files in /proc/self/limits);"
                            + " raise it with 'ulimit -n 10200' in this shell, or ask for fewer with --connections 412",
                    FileDescriptorLimit.tooLow(5000, 2, 1024));
        }

        @Test
        void withTheServerInAChildEachProcessNeedsOneDescriptorPerConnection() {
            assertEquals("10000 connections need about 10200 file descriptors (one per connection in each of the"
                            + " client and server processes), but this process may open only 8192 (Max open files in"
                            + " /proc/self/limits); raise it with 'ulimit -n 10200' in this shell, or ask for fewer"
                            + " with --connections 7992",
                    FileDescriptorLimit.tooLow(10_000, 1, 8192));
        }
    }

    @Nested
    class Program {

        @Test
        void reportsConnectionsHeapAndThreadsThenCloses() throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            IdleConnectionsProgram program = new IdleConnectionsProgram(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            program.run(CommandLine.parse(program.name(), program.options(), "--connections", "50", "--server", "framed"));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("connections held      50 "), out);
            assertTrue(out.contains("in a child process"), out);
            assertTrue(out.contains("file descriptors      250 per process needed"), out);
            assertTrue(out.contains("heap after GC"), out);
            assertTrue(out.contains("platform threads"), out);
            assertTrue(out.contains("closed all connections"), out);
        }

        @Test
        void rejectsAnUnknownServerKindByName() throws Exception {
            IdleConnectionsProgram program = new IdleConnectionsProgram();
            UsageException e = assertThrows(UsageException.class, () -> program.run(
                    CommandLine.parse(program.name(), program.options(), "--server", "threads")));
            assertEquals("option --server 'threads' is not one of virtual|pool|nio|framed", e.getMessage());
        }
    }
}
