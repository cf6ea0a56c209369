package book.ch05.capstone;

import book.ch05.capstone.ResilientClient.Mode;
import book.ch05.cli.CommandLine;
import book.ch05.cli.Option;
import book.ch05.cli.Program;
import book.ch05.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code capstone}: the book's client against three replica processes while they are killed,
 * stalled and corrupted; the same run with a naive client for contrast. Exits non-zero when the
 * resilient client lost a request or caused an effect twice.
 */
public final class CapstoneProgram implements Program {

    /** The book's client, everything on. */
    public static final Mode RESILIENT = Mode.RESILIENT;
    /** The client most services start with. */
    public static final Mode NAIVE = Mode.NAIVE;

    private final PrintStream out;

    public CapstoneProgram() {
        this(System.out);
    }

    public CapstoneProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "capstone";
    }

    @Override
    public String summary() {
        return "everything together: 3 replica processes killed, stalled, corrupted; 0 lost, 0 duplicated";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.duration("phase", "3s", Duration.ofSeconds(1), Duration.ofMinutes(1), "length of each of the 5 phases"),
                Option.integer("workers", "N", "8", 1, 64, "concurrent clients sending requests"),
                Option.choice("mode", "both", "which client runs", "both", "resilient", "naive"),
                Option.text("out", "FILE.svg", null, "write the timeline chart here"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        Path chart = cmd.has("out") ? outputPath(cmd.string("out")) : null;
        String mode = cmd.string("mode");
        List<Mode> modes = mode.equals("both") ? List.of(Mode.RESILIENT, Mode.NAIVE)
                : List.of(mode.equals("naive") ? Mode.NAIVE : Mode.RESILIENT);
        List<CapstoneRun.Report> reports = run(modes, cmd.duration("phase"), cmd.integer("workers"), out);
        if (chart != null) {
            Files.writeString(chart, TimelineChart.svg(reports));
            out.println("chart: " + chart);
        }
        for (CapstoneRun.Report r : reports) {
            if (r.mode() == Mode.RESILIENT && (r.lost() > 0 || r.duplicatedEffects() > 0)) {
                throw new IllegalStateException("the resilient client lost " + r.lost() + " request(s) and caused "
                        + r.duplicatedEffects() + " duplicated effect(s)");
            }
        }
    }

    /** Runs each mode in turn and prints its table. */
    public static List<CapstoneRun.Report> run(List<Mode> modes, Duration phase, int workers, PrintStream out)
            throws IOException, InterruptedException {
        List<CapstoneRun.Report> reports = new ArrayList<>();
        for (Mode m : modes) {
            CapstoneRun.Report r = new CapstoneRun(m, phase, workers, out).run();
            print(r, out);
            reports.add(r);
        }
        return reports;
    }

    static void print(CapstoneRun.Report r, PrintStream out) {
        out.printf("%n  %-28s %6s %6s %6s %9s %9s%n", "phase (" + r.mode().name().toLowerCase(Locale.ROOT) + ")",
                "sent", "ok", "lost", "p50 ms", "p99 ms");
        for (CapstoneRun.PhaseStats p : r.phases()) {
            out.printf(Locale.ROOT, "  %-28s %6d %6d %6d %9.1f %9.1f%n", p.name(), p.sent(), p.ok(), p.lost(),
                    p.p50Millis(), p.p99Millis());
        }
        out.printf(Locale.ROOT, "  total: %d sent, %d lost; %d effects on the ledger, %d duplicated;"
                        + " kill seen in %s, stall seen in %s (heartbeat every %d ms)%n%n",
                r.sent(), r.lost(), r.effects(), r.duplicatedEffects(), millis(r.killDetected()),
                millis(r.stallDetected()), CapstoneRun.HEARTBEAT_INTERVAL.toMillis());
        if (r.lost() > 0) {
            out.println("  lost because: " + lostWhy(r));
        }
        if (r.mode() == Mode.RESILIENT) {
            printBreakers(r, out);
        }
    }

    /** Each breaker transition at its time in the run, then the breakers' metrics as /metrics shows them. */
    static void printBreakers(CapstoneRun.Report r, PrintStream out) {
        out.println("  circuit breakers (one per replica):");
        for (ReplicaBreakers.Event e : r.breakerEvents()) {
            out.printf(Locale.ROOT, "  %6.2f s  r%d %s -> %s (%s)%n", e.atNanos() / 1e9, e.replica() + 1,
                    e.from().name().toLowerCase(Locale.ROOT), e.to().name().toLowerCase(Locale.ROOT), e.reason());
        }
        if (r.breakerEvents().isEmpty()) {
            out.println("  no transition: every breaker stayed closed");
        }
        r.breakerMetrics().lines().forEach(l -> out.println("  " + l));
        out.println();
    }

    /** Why requests were lost, e.g. "deadline 3, retry budget spent 1". */
    static String lostWhy(CapstoneRun.Report r) {
        var why = new java.util.TreeMap<String, Integer>();
        r.samples().stream().filter(s -> !s.ok()).forEach(s -> why.merge(s.why(), 1, Integer::sum));
        return why.isEmpty() ? "none" : why.toString();
    }

    private static String millis(Duration d) {
        return d == null ? "never" : d.toMillis() + " ms";
    }

    /** The chart's folder must exist and be writable before minutes of work start. */
    static Path outputPath(String raw) throws UsageException {
        Path p = Path.of(raw).toAbsolutePath();
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir) || Files.isDirectory(p)) {
            throw new UsageException("option --out '" + raw + "' is not a writable file in an existing folder");
        }
        return p;
    }
}
