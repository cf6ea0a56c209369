package book.ch01.nio;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import book.ch01.echo.ForegroundServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** {@code nio-echo-server}: the echo server on one selector thread, for {@code nc} or any byte-stream client. */
public final class NioEchoServerProgram implements Program {

    private final PrintStream out;

    public NioEchoServerProgram() {
        this(System.out);
    }

    public NioEchoServerProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "nio-echo-server";
    }

    @Override
    public String summary() {
        return "echoes every byte back from one selector thread (try: nc -N 127.0.0.1 PORT)";
    }

    // The options both selector servers share (the framed one reuses them; their defaults are the same).
    static final Option PORT = Option.port("port", "0", "port to listen on, 0 = any free port");
    static final Option MAX_CONNECTIONS = Option.integer("max-connections", "N",
            String.valueOf(NioEchoConfig.DEFAULT_MAX_CONNECTIONS), 1, 1_000_000,
            "connections served at once; more are closed at once");
    static final Option IDLE_TIMEOUT = Option.duration("idle-timeout",
            NioEchoConfig.DEFAULT_IDLE_TIMEOUT.toSeconds() + "s", Duration.ofMillis(1), Duration.ofHours(24),
            "close a connection that moves no byte for this long");
    static final Option DRAIN_TIMEOUT = Option.duration("drain-timeout",
            NioEchoConfig.DEFAULT_SHUTDOWN_GRACE.toSeconds() + "s", Duration.ZERO, Duration.ofMinutes(10),
            "on Ctrl-C, how long connections may flush what they owe");

    @Override
    public List<Option> options() {
        return List.of(PORT, MAX_CONNECTIONS, IDLE_TIMEOUT,
                Option.bytes("buffer-limit", String.valueOf(NioEchoConfig.DEFAULT_MAX_BUFFERED_BYTES), 1, 64L << 20,
                        "bytes held per connection for a peer that does not read"),
                DRAIN_TIMEOUT);
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int port = cmd.integer("port");
        NioEchoConfig config;
        try {
            config = NioEchoConfig.defaults()
                    .withMaxConnections(cmd.integer("max-connections"))
                    .withIdleTimeout(cmd.duration("idle-timeout"))
                    .withMaxBufferedBytes((int) cmd.bytes("buffer-limit"))
                    .withShutdownGrace(cmd.duration("drain-timeout"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        NioEchoServer server = NioEchoServer.start(config, port);
        ForegroundServer.run(ForegroundServer.Server.of(server.address().getAddress().getHostAddress() + ":"
                + server.port(), server::awaitTermination, server::counters, server::close), "nio echo server", out);
    }
}
