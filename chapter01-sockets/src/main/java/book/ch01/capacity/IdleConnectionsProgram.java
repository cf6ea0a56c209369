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
                Option.integer("connections", "N", "10000", 1, 100_000,
                        "idle connections to open (a file descriptor each in each process)"),
                Option.choice("server", "virtual", "virtual (a virtual thread per connection), "
                        + "pool (a platform thread per connection), nio (one selector thread) or framed "
                        + "(the framed selector server, a loop per CPU)", "virtual", "pool", "nio", "framed"),
                Option.choice("server-in", "child", "child (a JVM of its own: the server's footprint alone) or this "
                        + "(both ends in this process: 2 descriptors per connection)", "child", "this"));
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
        boolean child = cmd.string("server-in").equals("child");
        out.println("opening " + connections + " connections to the " + kind.description()
                + (child ? " in a child process" : " in this process") + " ...");
        IdleConnections.Report report = child ? IdleConnections.measureInChild(kind, connections, TIMEOUT)
                : IdleConnections.measure(kind, connections, TIMEOUT);
        print(report);
        out.println("closed all connections and stopped the server");
    }

    private void print(IdleConnections.Report r) {
        out.printf("connections held      %d (each echoed one probe)%n", r.connections());
        out.printf("file descriptors      %,d per process needed (Max open files here: %s)%n",
                IdleConnections.descriptorsNeeded(r.connections(), r.serverOnly() ? 1 : 2),
                FileDescriptorLimit.soft().stream().mapToObj(String::valueOf).findFirst().orElse("unlimited"));
        out.printf("server heap after GC  %.1f MiB -> %.1f MiB  (%,d bytes per connection, %s)%n",
                r.before().heapBytes() / MIB, r.held().heapBytes() / MIB, r.heapBytesPerConnection(),
                r.serverOnly() ? "server only" : "both ends");
        out.printf("platform threads      %d -> %d  (%.3f per connection)%n", r.before().platformThreads(),
                r.held().platformThreads(), (r.held().platformThreads() - r.before().platformThreads())
                        / (double) r.connections());
        if (r.held().residentBytes() > 0) {
            out.printf("resident memory       %.1f MiB -> %.1f MiB  (%,d bytes per connection)%n",
                    r.before().residentBytes() / MIB, r.held().residentBytes() / MIB, r.residentBytesPerConnection());
        }
    }
}
