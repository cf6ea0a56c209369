package book.ch01.transfer;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.echo.Loopback;
import book.ch01.cli.ShutdownSignal;
import java.io.PrintStream;
import java.util.List;

/** {@code sink-server}: counts the bytes each client sends and acknowledges the total. */
public final class SinkServerProgram implements Program {

    private final PrintStream out;

    public SinkServerProgram() {
        this(System.out);
    }

    public SinkServerProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "sink-server";
    }

    @Override
    public String summary() {
        return "TCP server that counts what it receives and acknowledges the total";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.port("port", "0", "TCP port to listen on (0: any free port)"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int port = cmd.integer("port");
        try (var sink = SinkServer.start(port)) {
            ShutdownSignal signal = ShutdownSignal.install(sink);
            try {
                out.println("listening on " + Loopback.format(sink.address()));
                sink.awaitClosed(); // until Ctrl-C
            } finally {
                out.println("received " + sink.totalBytes() + " bytes on " + sink.completedConnections() + " connections");
                signal.close();
            }
        }
    }
}
