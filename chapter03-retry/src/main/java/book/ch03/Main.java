package book.ch03;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Program;
import book.ch03.cli.UsageException;
import java.io.PrintStream;
import java.util.List;

/**
 * The chapter's jar: {@code java -jar chapter03-retry.jar} lists the programs,
 * {@code java -jar chapter03-retry.jar NAME --help} explains one.
 */
public final class Main {

    static final List<Program> PROGRAMS = List.of(
            new DemoProgram(),
            new book.ch03.herd.HerdProgram(),
            new book.ch03.http.program.FlakyServerProgram(),
            new book.ch03.http.program.RetryGetProgram(),
            new book.ch03.resume.program.UploadServerProgram(),
            new book.ch03.resume.program.UploadClientProgram(),
            new book.ch03.resume.program.RangeGetProgram(),
            new book.ch03.reliable.ReliableUdpProgram()
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
        StringBuilder sb = new StringBuilder("Chapter 3: retry, backoff, budgets, idempotency, resuming\n\n"
                + "usage: java -jar chapter03-retry.jar PROGRAM [options]   (PROGRAM --help explains one)\n\n"
                + "programs:\n");
        for (Program p : PROGRAMS) {
            sb.append(String.format("  %-18s %s%n", p.name(), p.summary()));
        }
        return sb.toString();
    }
}
