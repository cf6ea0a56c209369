package book.ch01.echo;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** {@code echo-client}: sends a line, or all of stdin, half-closes, and prints what came back. */
public final class EchoClientProgram implements Program {

    private final InputStream in;
    private final PrintStream out;

    public EchoClientProgram() {
        this(System.in, System.out);
    }

    public EchoClientProgram(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public String name() {
        return "echo-client";
    }

    @Override
    public String summary() {
        return "sends a line (or stdin) to an echo server and prints the echo";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("port", "PORT", null, 1, 65_535, "the echo server's port on 127.0.0.1 (required)"),
                Option.text("message", "TEXT", null, "the line to send; without it, all of stdin"),
                Option.duration("timeout", EchoClient.DEFAULT_TIMEOUT.toSeconds() + "s", Duration.ofMillis(1),
                        Duration.ofHours(1), "bounds the connect, each read, and sending"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int port = cmd.integer("port");
        Duration timeout = cmd.duration("timeout");
        String message = cmd.string("message");
        InputStream source = message == null
                ? in
                : new ByteArrayInputStream((message + "\n").getBytes(StandardCharsets.UTF_8));
        new EchoClient(port, timeout).exchange(source, out);
        out.flush();
    }
}
