package book.ch01.nio;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import book.ch01.echo.ForegroundServer;
import book.ch01.framing.FramedEchoServerProgram;
import java.io.PrintStream;
import java.util.List;

/** {@code nio-framed-echo-server}: the framed echo on one event loop per CPU, for the framed client or the yardstick. */
public final class NioFramedEchoServerProgram implements Program {

    private final PrintStream out;

    public NioFramedEchoServerProgram() {
        this(System.out);
    }

    public NioFramedEchoServerProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "nio-framed-echo-server";
    }

    @Override
    public String summary() {
        return "echoes length-prefixed frames from one selector loop per CPU";
    }

    @Override
    public List<Option> options() {
        return List.of(NioEchoServerProgram.PORT, NioEchoServerProgram.MAX_CONNECTIONS, NioEchoServerProgram.IDLE_TIMEOUT,
                FramedEchoServerProgram.MAX_FRAME,
                Option.bytes("queue-limit", String.valueOf(FramedEchoConfig.DEFAULT_MAX_QUEUED_BYTES), 1, 64L << 20,
                        "reply bytes owed to one peer before the server stops reading from it"),
                Option.integer("loops", "N", String.valueOf(FramedEchoConfig.DEFAULT_LOOPS), 1, 256,
                        "event loops (threads with a selector each); default: one per CPU"),
                Option.integer("backlog", "N", String.valueOf(FramedEchoConfig.DEFAULT_BACKLOG), 1, 65_535,
                        "connections the kernel queues before accept"),
                NioEchoServerProgram.DRAIN_TIMEOUT);
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        FramedEchoConfig config;
        try {
            config = FramedEchoConfig.defaults()
                    .withMaxConnections(cmd.integer("max-connections"))
                    .withIdleTimeout(cmd.duration("idle-timeout"))
                    .withMaxFrameBytes((int) cmd.bytes("max-frame"))
                    .withMaxQueuedBytes((int) cmd.bytes("queue-limit"))
                    .withLoops(cmd.integer("loops"))
                    .withBacklog(cmd.integer("backlog"))
                    .withShutdownGrace(cmd.duration("drain-timeout"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        FramedEchoServer server = FramedEchoServer.start(config, cmd.integer("port"));
        ForegroundServer.run(ForegroundServer.Server.of(server.address(), server::awaitClosed, server::counters,
                server::close), "nio framed echo server", out);
    }
}
