package book.ch01.echo;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import java.io.PrintStream;
import java.util.List;

/** {@code echo-server}: the raw-byte echo server, for {@code nc} or {@code echo-client}. */
public final class EchoServerProgram implements Program {

    private final PrintStream out;

    public EchoServerProgram() {
        this(System.out);
    }

    public EchoServerProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "echo-server";
    }

    @Override
    public String summary() {
        return "echoes every byte back (try: nc -N 127.0.0.1 PORT)";
    }

    @Override
    public List<Option> options() {
        return ServerOptions.OPTIONS;
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        ServerConfig config = ServerOptions.config(cmd);
        ForegroundServer.run(BlockingServer.start(config, new EchoHandler()), "echo server", out);
    }
}
