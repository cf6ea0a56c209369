package book.ch01;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import java.io.PrintStream;
import java.util.List;

/**
 * The chapter's jar: {@code java -jar chapter01-sockets.jar} lists the programs,
 * {@code java -jar chapter01-sockets.jar NAME --help} explains one.
 */
public final class Main {

    static final List<Program> PROGRAMS = List.of(
            new book.ch01.demo.DemoProgram(),
            new book.ch01.echo.EchoServerProgram(),
            new book.ch01.echo.EchoClientProgram(),
            new book.ch01.framing.FramedEchoServerProgram(),
            new book.ch01.framing.FramedEchoClientProgram(),
            new book.ch01.nio.NioEchoServerProgram(),
            new book.ch01.nio.NioFramedEchoServerProgram(),
            new book.ch01.capacity.IdleConnectionsProgram(),
            new book.ch01.udp.UdpReceiverProgram(),
            new book.ch01.udp.UdpSenderProgram(),
            new book.ch01.udp.LossRelayProgram(),
            new book.ch01.transfer.TransferProgram(),
            new book.ch01.transfer.SinkServerProgram(),
            new book.ch01.http.HttpServerProgram(),
            new book.ch01.http.HttpClientProgram(),
            new book.ch01.tls.TlsEchoServerProgram(),
            new book.ch01.tls.TlsEchoClientProgram(),
            new book.ch01.tls.HttpsServerProgram()
    );

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a program and returns the process exit code: 0 done, 1 failed, 2 bad command line. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(listing());
            return 0;
        }
        Program program = PROGRAMS.stream().filter(p -> p.name().equals(args[0])).findFirst().orElse(null);
        if (program == null) {
            err.println("error: no program named '" + args[0] + "'");
            err.print(listing());
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            CommandLine cmd = CommandLine.parse(program.name(), program.options(), rest);
            if (cmd.helpRequested()) {
                out.print(CommandLine.usage(program));
                return 0;
            }
            program.run(cmd);
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(CommandLine.usage(program));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            err.println("error: " + program.name() + " failed: " + e);
            return 1;
        }
    }

    static String listing() {
        StringBuilder sb = new StringBuilder("Chapter 1: sockets, from a raw byte stream to TLS\n\n"
                + "usage: java -jar chapter01-sockets.jar PROGRAM [options]   (PROGRAM --help explains one)\n\n"
                + "programs:\n");
        for (Program p : PROGRAMS) {
            sb.append(String.format("  %-22s %s%n", p.name(), p.summary()));
        }
        return sb.toString();
    }
}
