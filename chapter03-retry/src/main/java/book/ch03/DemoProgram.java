package book.ch03;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.herd.RetryDemo;
import book.ch03.resume.program.TransferDemo;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code demo}: the chapter's narrated timeline on loopback. An outage met by clients that
 * retry with and without jitter, a server's {@code Retry-After} honoured, a duplicate POST
 * prevented by an idempotency key, and an upload resumed after its client was killed.
 */
public final class DemoProgram implements Program {

    private final PrintStream out;

    public DemoProgram() {
        this(System.out);
    }

    public DemoProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "narrated tour: an outage with and without jitter, Retry-After, a duplicate POST prevented, a transfer resumed";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        out.println("== Chapter 3: retry, without storms, double charges or starting over ==");
        out.println();
        out.println("-- Part 1: an outage, clients retrying with and without jitter, and Retry-After --");
        RetryDemo.run(out);
        out.println();
        out.println("-- Part 2: a lost response retried exactly once, and an upload resumed after a crash --");
        TransferDemo.run(out);
    }
}
