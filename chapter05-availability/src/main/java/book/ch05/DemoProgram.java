package book.ch05;

import book.ch05.capstone.CapstoneProgram;
import book.ch05.cli.CommandLine;
import book.ch05.cli.Option;
import book.ch05.cli.Program;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code demo}: the chapter's narrated timeline, which is the book's capstone: three replica
 * processes, one killed, one stalled, one corrupted, then restored, under steady load; first with
 * everything the book built, then with the client most services start with.
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
        return "narrated capstone: replicas killed, stalled, corrupted; the book's client against a naive one";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.duration("phase", "2s", Duration.ofSeconds(1), Duration.ofMinutes(1),
                "length of each of the 5 phases"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        out.println("Chapter 5 demo: three replicas as real processes on 127.0.0.1, sharing one ledger (their database).");
        out.println("Eight clients send orders (POSTs with an effect) without pause. Then, one phase after another:");
        out.println("r1 is killed with SIGKILL, r2 stalls (accepts, never answers) while r1 restarts, r3 answers garbage,");
        out.println("and everything is restored. First the book's client: deadlines, idempotency keys, retries and hedges");
        out.println("on a shared budget, heartbeats every 100 ms, outlier ejection, least-outstanding balancing.");
        out.println();
        var reports = CapstoneProgram.run(List.of(book.ch05.capstone.CapstoneProgram.RESILIENT,
                book.ch05.capstone.CapstoneProgram.NAIVE), cmd.duration("phase"), 8, out);
        out.println("Then the naive client (above, second table): round robin over all replicas, one blind retry, no key.");
        out.printf("What it cost: %d of %d requests lost and %d effects charged twice, against %d lost and %d twice.%n",
                reports.get(1).lost(), reports.get(1).sent(), reports.get(1).duplicatedEffects(),
                reports.get(0).lost(), reports.get(0).duplicatedEffects());
    }
}
