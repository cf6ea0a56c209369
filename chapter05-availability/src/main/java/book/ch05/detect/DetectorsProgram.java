package book.ch05.detect;

import book.ch05.chart.SvgLineChart;
import book.ch05.cli.CommandLine;
import book.ch05.cli.Option;
import book.ch05.cli.Program;
import book.ch05.cli.UsageException;
import book.ch05.detect.HeartbeatTrace.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * {@code detectors}: one recorded heartbeat trace (jitter, congestion, two GC-like pauses, a
 * death), replayed through fixed-timeout detectors and phi accrual detectors of several
 * settings; prints false suspicions against detection time and, with {@code --out}, draws
 * the trade-off as an SVG chart.
 */
public final class DetectorsProgram implements Program {

    /** Fixed timeouts, in heartbeat intervals. */
    static final double[] TIMEOUTS_IN_INTERVALS = {1.5, 2, 3, 5, 7.5, 10, 15, 20};
    /** phi thresholds. */
    static final double[] THRESHOLDS = {0.5, 1, 2, 3, 5, 8, 12, 16};

    /** One detector setting of the comparison. */
    record Setting(String family, String label, double x, Function<book.ch05.time.Ticker, FailureDetector> detector) {
    }

    /** A setting with what the trial measured. */
    record Row(Setting setting, DetectorTrial.Result result) {
    }

    @Override
    public String name() {
        return "detectors";
    }

    @Override
    public String summary() {
        return "fixed timeout against phi accrual on a recorded heartbeat trace: false suspicions vs detection time";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.duration("interval", "100ms", Duration.ofMillis(10), Duration.ofSeconds(10),
                        "the sender's heartbeat interval"),
                Option.duration("jitter", "10ms", Duration.ZERO, Duration.ofSeconds(10),
                        "standard deviation of the arrival jitter (at most the interval)"),
                Option.duration("pause", "800ms", Duration.ZERO, Duration.ofMinutes(1),
                        "the longer of the two GC-like pauses (the other is half)"),
                Option.integer("beats", "N", "6000", 100, 100_000, "beats the peer sends before it dies (100000 takes up to half a minute)"),
                Option.integer("seed", "N", "1", 0, Long.MAX_VALUE, "the random generator's seed"),
                Option.text("out", "FILE", null, "write the chart as SVG to this file (its folder must exist)"));
    }

    @Override
    public void run(CommandLine cmd) throws UsageException, IOException {
        run(cmd, System.out);
    }

    void run(CommandLine cmd, PrintStream out) throws UsageException, IOException {
        Duration interval = cmd.duration("interval");
        Duration jitter = cmd.duration("jitter");
        if (jitter.compareTo(interval) > 0) {
            throw new UsageException("option --jitter '" + cmd.string("jitter") + "' is larger than --interval "
                    + cmd.string("interval"));
        }
        Path file = cmd.has("out") ? outputFile(cmd.string("out")) : null; // checked before any work
        Scenario scenario = new Scenario(interval, jitter, cmd.duration("pause"), cmd.integer("beats"),
                cmd.longValue("seed"));
        HeartbeatTrace trace = HeartbeatTrace.generate(scenario, new SplittableRandom(scenario.seed()));
        List<Row> rows = compare(trace);
        out.print(table(trace, rows));
        if (file != null) {
            Files.writeString(file, chart(trace, rows), StandardCharsets.UTF_8);
            out.println("wrote " + file);
        }
    }

    /** The output file's folder must exist and be writable, and the file must not be a folder. */
    static Path outputFile(String name) throws UsageException {
        Path file;
        try {
            file = Path.of(name).toAbsolutePath();
        } catch (RuntimeException e) {
            throw new UsageException("option --out '" + name + "' is not a valid path");
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UsageException("option --out '" + name + "': folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder)) {
            throw new UsageException("option --out '" + name + "': folder " + folder + " is not writable");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException("option --out '" + name + "' is a folder, not a file");
        }
        return file;
    }

    /** Every setting of both detectors, replayed through the same trace. */
    static List<Row> compare(HeartbeatTrace trace) {
        Duration interval = trace.scenario().interval();
        List<Setting> settings = new ArrayList<>();
        for (double n : TIMEOUTS_IN_INTERVALS) {
            Duration timeout = Duration.ofNanos((long) (interval.toNanos() * n));
            settings.add(new Setting("fixed timeout", millis(timeout) + " ms", millis(timeout),
                    t -> new FixedTimeoutDetector(timeout, t)));
        }
        // Akka's ratios, scaled to the interval: minimum deviation a tenth of the interval,
        // first estimate one interval; no acceptable pause, then one as long as the long GC pause.
        PhiAccrualFailureDetector.Config base = PhiAccrualFailureDetector.Config.DEFAULTS
                .withMinStdDeviation(interval.dividedBy(10))
                .withFirstHeartbeatEstimate(interval)
                .withAcceptablePause(Duration.ZERO);
        Duration pause = trace.scenario().pause();
        for (double threshold : THRESHOLDS) {
            PhiAccrualFailureDetector.Config c = base.withThreshold(threshold);
            settings.add(new Setting("phi accrual", "phi " + threshold, threshold,
                    t -> new PhiAccrualFailureDetector(c, t)));
        }
        for (double threshold : THRESHOLDS) {
            PhiAccrualFailureDetector.Config c = base.withThreshold(threshold).withAcceptablePause(pause);
            settings.add(new Setting("phi accrual, pause " + millis(pause) + " ms", "phi " + threshold, threshold,
                    t -> new PhiAccrualFailureDetector(c, t)));
        }
        List<Row> rows = new ArrayList<>();
        for (Setting s : settings) {
            rows.add(new Row(s, DetectorTrial.run(trace, s.detector())));
        }
        return rows;
    }

    static String table(HeartbeatTrace trace, List<Row> rows) {
        Scenario s = trace.scenario();
        StringBuilder sb = new StringBuilder();
        sb.append(f("trace: %d beats every %d ms, jitter %d ms (x%d and 1 in %d lost while congested), "
                        + "pauses %d and %d ms, seed %d%n", trace.size(), millis(s.interval()), millis(s.jitter()),
                HeartbeatTrace.CONGESTED_JITTER_FACTOR, HeartbeatTrace.CONGESTED_LOSS_ONE_IN,
                millis(s.pause()) / 2, millis(s.pause()), s.seed()));
        sb.append(f("%-30s %-10s %8s %12s %10s %10s %10s%n", "detector", "setting", "false", "suspected", "detection",
                "detection", "detection"));
        sb.append(f("%-30s %-10s %8s %12s %10s %10s %10s%n", "", "", "alarms", "alive (ms)", "p50 (ms)", "mean (ms)",
                "p99 (ms)"));
        for (Row r : rows) {
            DetectorTrial.Result res = r.result();
            sb.append(f("%-30s %-10s %8d %12d %10.0f %10.0f %10.0f%n", r.setting().family(), r.setting().label()
                            .replace(" ms", "").replace("phi ", ""),
                    res.falseSuspicions(), res.wronglySuspectedNanos() / 1_000_000,
                    res.detectionMillisAt(50), res.meanDetectionMillis(), res.detectionMillisAt(99)));
        }
        return sb.toString();
    }

    /** One panel: mean detection time (x) against false suspicions (y), one line per family. */
    static String chart(HeartbeatTrace trace, List<Row> rows) {
        List<SvgLineChart.Series> series = series(rows);
        Scenario s = trace.scenario();
        String title = "Detection vs false alarms (" + millis(s.interval()) + " ms beats)";
        int width = SvgLineChart.WIDTH;
        String panel = SvgLineChart.panel(title, "mean detection time after death (ms, log)",
                "false alarms + 1 (log)", true, true, series, SvgLineChart.Legend.TOP_RIGHT, 0, 0);
        return f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n%s</svg>%n",
                width, SvgLineChart.HEIGHT, width, SvgLineChart.HEIGHT, panel);
    }

    /**
     * One line per detector family, in the order the rows give them: x the mean detection
     * time, y the false alarms plus one (so that a detector without any still shows on the
     * log axis, at 1), points in increasing x.
     */
    static List<SvgLineChart.Series> series(List<Row> rows) {
        String[] colors = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
        List<SvgLineChart.Series> series = new ArrayList<>();
        List<String> families = rows.stream().map(r -> r.setting().family()).distinct().toList();
        for (int i = 0; i < families.size(); i++) {
            String family = families.get(i);
            List<Row> mine = rows.stream().filter(r -> r.setting().family().equals(family))
                    .sorted(Comparator.comparingDouble(r -> r.result().meanDetectionMillis()))
                    .toList();
            double[] x = mine.stream().mapToDouble(r -> r.result().meanDetectionMillis()).toArray();
            double[] y = mine.stream().mapToDouble(r -> r.result().falseSuspicions() + 1).toArray();
            series.add(new SvgLineChart.Series(family, colors[i % colors.length], x, y));
        }
        return series;
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
