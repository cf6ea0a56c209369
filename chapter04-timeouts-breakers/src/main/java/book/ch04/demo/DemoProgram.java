package book.ch04.demo;

import book.ch04.cli.CommandLine;
import book.ch04.cli.Option;
import book.ch04.cli.Program;
import book.ch04.cli.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code demo}: the chapter's narrated timeline on loopback. A dependency slows, then dies,
 * then recovers under steady concurrent load; the run with a breaker and a fallback is set
 * beside the same run without the breaker.
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
        return "narrated: a dependency slows, then dies, under load; timeouts, breaker, fallback, probes; with and without the breaker";
    }

    @Override
    public List<Option> options() {
        BreakerDemo.Settings d = BreakerDemo.Settings.DEFAULT;
        return List.of(
                Option.integer("callers", "N", String.valueOf(d.callers()), 1, 200, "concurrent callers, each calling every 10 ms"),
                Option.duration("phase", "1500ms", Duration.ofMillis(500), Duration.ofSeconds(10),
                        "how long each of the four phases (healthy, slow, dead, recovered) lasts"),
                Option.duration("timeout", "250ms", Duration.ofMillis(50), Duration.ofSeconds(1), "the per-attempt timeout"),
                Option.duration("open-wait", "500ms", Duration.ofMillis(50), Duration.ofSeconds(5), "how long the breaker stays open before probing"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        BreakerDemo.Settings s = new BreakerDemo.Settings(cmd.integer("callers"), cmd.duration("phase"),
                cmd.duration("timeout"), cmd.duration("open-wait"));
        if (s.openWait().plus(s.timeout()).compareTo(s.phase()) >= 0) {
            throw new UsageException("--open-wait " + cmd.string("open-wait") + " plus --timeout " + cmd.string("timeout")
                    + " must be shorter than --phase " + cmd.string("phase") + ", or the breaker cannot probe within a phase");
        }
        new BreakerDemo(s, out).run();
    }
}
