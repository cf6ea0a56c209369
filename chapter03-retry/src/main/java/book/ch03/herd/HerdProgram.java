package book.ch03.herd;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.cli.ProgramChecks;
import book.ch03.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code herd}: runs the contention simulation for 1..N clients with each backoff strategy,
 * prints the table and, with {@code --out}, draws the chart.
 */
public final class HerdProgram implements Program {

    /** The article's backoff: base 5 ms, cap 2 s. */
    static final long BASE_MILLIS = 5;
    static final long CAP_MILLIS = 2_000;

    @Override
    public String name() {
        return "herd";
    }

    @Override
    public String summary() {
        return "simulate N clients contending for one row: calls and time per backoff strategy";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("clients", "N", "100", 1, 1_000, "the largest number of clients (the sweep goes 1, 5, 10 ... N)"),
                Option.choice("strategy", "all", "which backoff strategies to run",
                        "all", "none", "exponential", "equal", "full", "decorrelated"),
                Option.integer("seed", "N", "1", Long.MIN_VALUE, Long.MAX_VALUE, "the first random seed"),
                Option.integer("runs", "N", "20", 1, 1_000, "runs (seeds) averaged per point"),
                Option.text("out", "FILE", null, "write the chart as SVG to this file (its folder must exist)"));
    }

    @Override
    public void run(CommandLine cmd) throws UsageException, IOException {
        run(cmd, System.out);
    }

    void run(CommandLine cmd, PrintStream out) throws UsageException, IOException {
        int clients = cmd.integer("clients");
        long seed = cmd.longValue("seed");
        int runs = cmd.integer("runs");
        List<Strategy> strategies = strategies(cmd.string("strategy"));
        String file = cmd.string("out");
        Path svg = file == null ? null : ProgramChecks.writableFile("out", file); // before the sweep, not after
        Map<Strategy, List<HerdSimulation.Result>> results = sweep(strategies, clients, seed, runs);
        out.printf("%-24s %8s %10s %14s%n", "strategy", "clients", "calls", "completion ms");
        results.forEach((strategy, points) -> points.forEach(r -> out.printf("%-24s %8d %10d %14d%n",
                strategy.label(), r.clients(), r.calls(), r.completionMillis())));
        if (svg != null) {
            String caption = "OCC contention, network 10 ms \u00b1 2 ms one way, backoff base " + BASE_MILLIS
                    + " ms cap " + CAP_MILLIS + " ms, mean of " + runs + " seeded runs per point (seed " + seed + ")";
            Files.writeString(svg, HerdChart.svg(results, caption), StandardCharsets.UTF_8);
            out.println("wrote " + file);
        }
    }

    /** Every strategy's results at 1, 5, 10 ... clients. */
    public static Map<Strategy, List<HerdSimulation.Result>> sweep(List<Strategy> strategies, int maxClients,
                                                                   long seed, int runs) {
        Map<Strategy, List<HerdSimulation.Result>> results = new EnumMap<>(Strategy.class);
        for (Strategy s : strategies) {
            List<HerdSimulation.Result> points = new ArrayList<>();
            for (int n = 1; n <= maxClients; n = (n == 1 && maxClients >= 5) ? 5 : n + 5) {
                points.add(HerdSimulation.mean(n, s.backoff(BASE_MILLIS, CAP_MILLIS),
                        HerdSimulation.Network.ARTICLE, seed, runs));
            }
            results.put(s, points);
        }
        return results;
    }

    private static List<Strategy> strategies(String option) {
        return option.equals("all") ? List.of(Strategy.values()) : List.of(Strategy.named(option));
    }
}
