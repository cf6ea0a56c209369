package book.ch01.demo;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code demo}: the chapter in one run, on loopback, as a timeline. Each act sets something up,
 * injects one failure, prints what the client saw with the real figures, and ends with its
 * lesson. An act that fails is reported in one line and the demo goes on with the next, so one
 * broken act does not hide what the others show; the run then ends with exit code 1, so a
 * script or a CI job notices.
 */
public final class DemoProgram implements Program {

    private static final List<Act> ACTS = List.of(
            new EchoAct(), new FramingAct(), new LimitsAct(), new OptionsAct(),
            new UdpAct(), new TlsAct(), new HttpAct());

    private final PrintStream out;
    private final List<Act> acts;

    public DemoProgram() {
        this(System.out);
    }

    public DemoProgram(PrintStream out) {
        this(out, ACTS);
    }

    /** With other acts: how a test shows what happens when one of them fails. */
    DemoProgram(PrintStream out, List<Act> acts) {
        this.out = out;
        this.acts = List.copyOf(acts);
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "narrated tour: echo, framing, limits, options, UDP, TLS, HTTP (10 to 30 s; minutes on an overloaded machine)";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.integer("act", "N", "0", 0, acts.size(), "run act N only (1-" + acts.size() + "); 0 runs them all"));
    }

    @Override
    public void run(CommandLine cmd) throws UsageException, DemoFailedException, InterruptedException {
        int only = cmd.integer("act");
        Narrator narrator = new Narrator(out, System::nanoTime);
        List<String> failed = new ArrayList<>();
        ServerLog serverLog = ServerLog.into(narrator); // the servers' log lines join the narration
        try {
            narrator.say("Chapter 1 demo: every socket on 127.0.0.1, every figure measured now");
            for (int i = 1; i <= acts.size(); i++) {
                if (only == 0 || only == i) {
                    runAct(i, acts.get(i - 1), narrator, failed);
                }
            }
        } finally {
            serverLog.close();
        }
        out.println();
        int ran = only == 0 ? acts.size() : 1;
        if (!failed.isEmpty()) {
            narrator.say("%d of %d acts failed: %s", failed.size(), ran, String.join(", ", failed));
            throw new DemoFailedException(failed.size() + " of " + ran + " acts failed");
        }
        narrator.say("done: %d %s, everything opened was closed", ran, ran == 1 ? "act" : "acts");
    }

    // tag::act-loop[]
    private static void runAct(int number, Act act, Narrator narrator, List<String> failed)
            throws InterruptedException {
        narrator.act(number, act.title());
        try {
            act.run(narrator);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();         // Ctrl-C: stop here, not at the next act
            throw e;
        } catch (Exception e) {                         // one line, never a stack trace
            narrator.say("ACT FAILED: " + oneLine(e));
            failed.add("act " + number);
        }
    }
    // end::act-loop[]

    /** The exception's class and message, as the demo prints every exception a client saw. */
    static String oneLine(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().strip());
    }

    /** Some act failed; the acts' own lines have said which and why. */
    public static final class DemoFailedException extends Exception {
        DemoFailedException(String message) {
            super(message);
        }

        /** Just the message: the launcher prints it after "error: demo failed: ". */
        @Override
        public String toString() {
            return getMessage();
        }
    }
}
