package book.ch01.capacity;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code idle-connections}: how many idle connections a server holds, and at what cost in heap,
 * threads and resident memory, for the blocking server (virtual threads or a platform pool)
 * and the selector server.
 */
public final class IdleConnectionsProgram implements Program {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final double MIB = 1024 * 1024;

    private final PrintStream out;

    public IdleConnectionsProgram() {
        this(System.out);
    }

    public IdleConnectionsProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "idle-connections";
    }

    @Override
    public String summary() {
        return "holds N idle connections to an echo server; reports heap and threads per connection";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("connections", "N", "5000", 1, 100_000, "idle connections to open (each needs 2 file descriptors here)"),
                Option.choice("server", "virtual", "virtual (a virtual thread per connection), "
                        + "pool (a platform thread per connection) or nio (one selector thread)", "virtual", "pool", "nio"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int connections = cmd.integer("connections");
        EchoServerKind kind;
        try {
            kind = EchoServerKind.fromOption(cmd.string("server"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        out.println("opening " + connections + " connections to the " + kind.description() + " ...");
        IdleConnections.Report report = IdleConnections.measure(kind, connections, TIMEOUT);
        print(report);
        out.println("closed all connections and stopped the server");
    }

    private void print(IdleConnections.Report r) {
        out.printf("connections held      %d (each echoed one byte)%n", r.connections());
        out.printf("heap after GC         %.1f MiB -> %.1f MiB  (%,d bytes per connection, both ends)%n",
                r.before().heapBytes() / MIB, r.held().heapBytes() / MIB, r.heapBytesPerConnection());
        out.printf("platform threads      %d -> %d%n", r.before().platformThreads(), r.held().platformThreads());
        if (r.held().residentBytes() > 0) {
            out.printf("resident memory       %.1f MiB -> %.1f MiB  (%,d bytes per connection)%n",
                    r.before().residentBytes() / MIB, r.held().residentBytes() / MIB, r.residentBytesPerConnection());
        }
    }
}
