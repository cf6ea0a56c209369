package book.ch01.framing;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.echo.BlockingServer;
import book.ch01.echo.ForegroundServer;
import book.ch01.echo.ServerOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code framed-echo-server}: echoes length-prefixed frames; a bad frame closes that connection only. */
public final class FramedEchoServerProgram implements Program {

    /** The largest frame a program accepts: 64 MiB, far above any echo test, far below a heap. */
    public static final long MAX_FRAME_LIMIT = 64L << 20;

    public static final Option MAX_FRAME = Option.bytes("max-frame", String.valueOf(FrameFormat.DEFAULT_MAX_FRAME_BYTES),
            0, MAX_FRAME_LIMIT, "the largest frame payload accepted");

    private final PrintStream out;

    public FramedEchoServerProgram() {
        this(System.out);
    }

    public FramedEchoServerProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "framed-echo-server";
    }

    @Override
    public String summary() {
        return "echoes 4-byte-length-prefixed frames, refusing oversized ones";
    }

    @Override
    public List<Option> options() {
        List<Option> options = new ArrayList<>(ServerOptions.OPTIONS);
        options.add(MAX_FRAME);
        return options;
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int maxFrame = (int) cmd.bytes("max-frame");
        BlockingServer server = BlockingServer.start(ServerOptions.config(cmd), new FramedEchoHandler(maxFrame));
        ForegroundServer.run(server, "framed echo server", out);
    }
}
