package book.ch04.overload;

import book.ch04.cli.CommandLine;
import book.ch04.cli.Option;
import book.ch04.cli.Program;
import book.ch04.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code adaptive-limit}: the chapter's AIMD limit and shedding queue under overload, on a
 * virtual clock (the same figures on every machine, in well under a second). Part 1: the limit
 * converging while the server's capacity changes (40 workers, then 10, then 25). Part 2:
 * goodput against offered load, with a plain FIFO queue and with the shedding queue. Prints
 * both as tables and, with {@code --svg}, draws them.
 */
public final class AdaptiveLimitProgram implements Program {

    static final int[] PHASE_WORKERS = {40, 10, 25};
    static final int GOODPUT_WORKERS = 8;
    static final double[] LOAD_FACTORS = {0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 3.0};
    static final Duration GOODPUT_RUN = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "adaptive-limit";
    }

    @Override
    public String summary() {
        return "an AIMD limit following a server's capacity; goodput vs load with and without shedding (SVG)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.text("svg", "PATH", null, "write both charts to this SVG file (its folder must exist)"),
                Option.duration("phase", "20s", Duration.ofSeconds(1), Duration.ofMinutes(5),
                        "simulated time the server keeps each capacity (40, 10, 25 workers)"),
                Option.duration("service-time", "20ms", Duration.ofMillis(1), Duration.ofSeconds(1),
                        "a worker's mean time per request (+-25 %)"),
                Option.duration("client-timeout", "200ms", Duration.ofMillis(1), Duration.ofMinutes(1),
                        "when a client gives up: later answers are not goodput"),
                Option.integer("seed", "N", "1", 0, Long.MAX_VALUE - 1, "seed of the service times and arrivals"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        Path svg = cmd.has("svg") ? writableFile(cmd.string("svg")) : null;
        Duration phase = cmd.duration("phase");
        Duration service = cmd.duration("service-time");
        Duration timeout = cmd.duration("client-timeout");
        long seed = cmd.longValue("seed");
        PrintStream out = System.out;

        List<ConvergenceSimulation.Phase> phases = new ArrayList<>();
        for (int w : PHASE_WORKERS) {
            phases.add(new ConvergenceSimulation.Phase(w, phase));
        }
        List<ConvergenceSimulation.Sample> samples = ConvergenceSimulation.run(phases, service, seed);
        out.printf(Locale.ROOT, "Part 1: the AIMD limit (slow = 1.5 x %d ms) while the server's workers change%n", service.toMillis());
        out.printf("%8s %8s %6s %12s %12s%n", "time s", "workers", "limit", "answers/s", "latency ms");
        int every = Math.max(1, samples.size() / 24);
        for (int i = every - 1; i < samples.size(); i += every) {
            var s = samples.get(i);
            out.printf(Locale.ROOT, "%8.2f %8d %6d %12.0f %12.1f%n", s.seconds(), s.workers(), s.limit(), s.goodputPerSecond(), s.meanLatencyMillis());
        }

        double capacity = GoodputSimulation.capacityPerSecond(GOODPUT_WORKERS, service);
        out.printf(Locale.ROOT, "%nPart 2: %d workers (capacity %.0f/s), clients give up after %d ms, %d s per load%n",
                GOODPUT_WORKERS, capacity, timeout.toMillis(), GOODPUT_RUN.toSeconds());
        out.printf("%9s %10s | %10s %10s | %10s %10s %10s%n", "offered", "per s", "FIFO good", "late", "shed good", "late", "shed");
        List<GoodputSimulation.Result> fifo = new ArrayList<>();
        List<GoodputSimulation.Result> shedding = new ArrayList<>();
        for (double f : LOAD_FACTORS) {
            var a = GoodputSimulation.run(f * capacity, GOODPUT_WORKERS, service, timeout, GOODPUT_RUN, false, seed);
            var b = GoodputSimulation.run(f * capacity, GOODPUT_WORKERS, service, timeout, GOODPUT_RUN, true, seed);
            fifo.add(a);
            shedding.add(b);
            out.printf(Locale.ROOT, "%8.2fx %10.0f | %10.0f %10.0f | %10.0f %10.0f %10.0f%n",
                    f, f * capacity, a.goodputPerSecond(), a.latePerSecond(), b.goodputPerSecond(), b.latePerSecond(), b.shedPerSecond());
        }
        if (svg != null) {
            write(svg, chart(samples, fifo, shedding, capacity));
            out.println("\nwrote " + svg);
        }
    }

    static String chart(List<ConvergenceSimulation.Sample> samples, List<GoodputSimulation.Result> fifo,
                        List<GoodputSimulation.Result> shedding, double capacity) {
        int n = samples.size();
        double[] t = new double[n];
        double[] workers = new double[n];
        double[] limit = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = samples.get(i).seconds();
            workers[i] = samples.get(i).workers();
            limit[i] = samples.get(i).limit();
        }
        double[] offered = fifo.stream().mapToDouble(GoodputSimulation.Result::offeredPerSecond).toArray();
        double[] ideal = java.util.Arrays.stream(offered).map(o -> Math.min(o, capacity)).toArray();
        var convergence = new SvgChart.Panel("AIMD concurrency limit while the server's capacity changes",
                "simulated time (s)", "concurrent requests", List.of(
                        new SvgChart.Series("server workers", "#888888", t, workers),
                        new SvgChart.Series("client's limit", "#d62728", t, limit)));
        var goodput = new SvgChart.Panel("Goodput against offered load (answers that reached a waiting client)",
                "offered load (requests/s)", "goodput (requests/s)", List.of(
                        new SvgChart.Series("capacity", "#888888", offered, ideal),
                        new SvgChart.Series("FIFO queue", "#d62728", offered,
                                fifo.stream().mapToDouble(GoodputSimulation.Result::goodputPerSecond).toArray()),
                        new SvgChart.Series("shedding queue", "#2ca02c", offered,
                                shedding.stream().mapToDouble(GoodputSimulation.Result::goodputPerSecond).toArray())));
        return SvgChart.render(List.of(convergence, goodput));
    }

    /** The output file's folder must exist and be writable, and the path must not be a folder: checked before any work. */
    static Path writableFile(String raw) throws UsageException {
        Path path;
        try {
            path = Path.of(raw).toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("option --svg '" + raw + "' is not a valid path");
        }
        Path folder = path.getParent();
        if (Files.isDirectory(path)) {
            throw new UsageException("option --svg '" + raw + "' is a folder, not a file");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UsageException("option --svg '" + raw + "': folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder)) {
            throw new UsageException("option --svg '" + raw + "': folder " + folder + " is not writable");
        }
        return path;
    }

    /** Writes beside the target and moves it into place: a reader never sees half a chart. */
    private static void write(Path path, String content) throws IOException {
        Path tmp = Files.createTempFile(path.getParent(), ".adaptive-limit", ".svg.tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
