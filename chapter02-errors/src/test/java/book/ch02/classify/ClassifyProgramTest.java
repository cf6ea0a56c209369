package book.ch02.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch02.cli.CommandLine;
import book.ch02.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code classify} program: the classifier's verdict for a failure named on the command line. */
class ClassifyProgramTest {

    static String run(String... args) throws Exception {
        var bytes = new ByteArrayOutputStream();
        var program = new ClassifyProgram(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        program.run(CommandLine.parse(program.name(), program.options(), args));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Verdicts {
        @Test
        void aStatus503IsRetryableAndPassesRetryAfterOn() throws Exception {
            String out = run("--status", "503", "--retry-after", "2");
            assertTrue(out.startsWith("decision: RETRYABLE\n"), out);
            assertTrue(out.contains("Retry-After: 2"), out);
        }

        @Test
        void aConnectExceptionIsRetryableAndNeverLeftTheClient() throws Exception {
            String out = run("--exception", "java.net.ConnectException", "--phase", "connecting");
            assertTrue(out.startsWith("decision: RETRYABLE\nkind:     REFUSED"), out);
            assertTrue(out.contains("never left the client"), out);
        }

        @Test
        void aReadTimeoutAfterSendingNeedsAnIdempotentRequest() throws Exception {
            String out = run("--exception", "java.net.SocketTimeoutException", "--phase", "awaiting-response");
            assertTrue(out.startsWith("decision: RETRYABLE_IF_IDEMPOTENT\n"), out);
        }

        @Test
        void theCauseIsReadToo() throws Exception {
            String out = run("--exception", "java.net.ConnectException", "--cause",
                    "java.nio.channels.UnresolvedAddressException");
            assertTrue(out.contains("kind:     UNKNOWN_HOST"), out);
        }
    }

    @Nested
    class BadCommandLines {
        @Test
        void needsExactlyOneOfStatusOrException() {
            assertEquals("give exactly one of --status or --exception",
                    assertThrows(UsageException.class, () -> run()).getMessage());
            assertThrows(UsageException.class, () -> run("--status", "500", "--exception", "java.io.IOException"));
        }

        @Test
        void rejectsAClassThatIsNotAThrowable() {
            var e = assertThrows(UsageException.class, () -> run("--exception", "java.lang.String"));
            assertEquals("option --exception: java.lang.String is not a Throwable", e.getMessage());
        }

        @Test
        void rejectsAnUnknownPhaseAndAStatusOutOfRange() {
            assertThrows(UsageException.class, () -> run("--exception", "java.io.IOException", "--phase", "later"));
            assertThrows(UsageException.class, () -> run("--status", "200"));
        }
    }
}
