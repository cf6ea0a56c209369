package book.ch05.capstone;

import book.ch05.metrics.MetricRegistry;
import book.ch05.metrics.PrometheusText;
import book.ch05.replica.LedgerJournal;
import book.ch05.time.Ticker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One capstone run: three replica processes under steady concurrent load, and a timeline of
 * faults: one replica killed with SIGKILL, another stalled (accepts, never answers), the third
 * answering garbage for a while, then everything restored. It reports, per phase, the requests
 * sent, succeeded and lost with their p50 and p99; how long the client took to notice the dead
 * and the stalled replica; and, from the replicas' shared ledger, how many effects a request had
 * more than once.
 */
public final class CapstoneRun {

    static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(100);
    static final Duration THINK_TIME = Duration.ofMillis(20);
    static final List<String> PHASES = List.of("steady", "r1 killed (kill -9)", "r2 stalled, r1 restarting",
            "r3 corrupt, r2 back", "all restored");

    /** One logical request as the load generator saw it. */
    public record Sample(long startNanos, long latencyNanos, boolean ok, int phase, String why) {}

    /** One phase's figures. */
    public record PhaseStats(String name, int sent, int ok, int lost, double p50Millis, double p99Millis) {}

    /** Everything a run measured. */
    public record Report(ResilientClient.Mode mode, List<PhaseStats> phases, List<Sample> samples, long phaseNanos,
                  long lost, long duplicatedEffects, long effects, Duration killDetected, Duration stallDetected,
                  List<ReplicaBreakers.Event> breakerEvents, String breakerMetrics) {
        public long sent() {
            return samples.size();
        }
    }

    private final ResilientClient.Mode mode;
    private final Duration phase;
    private final int workers;
    private final PrintStream out;
    private final Ticker ticker = Ticker.system();

    CapstoneRun(ResilientClient.Mode mode, Duration phase, int workers, PrintStream out) {
        this.mode = mode;
        this.phase = phase;
        this.workers = workers;
        this.out = out;
    }

    Report run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("capstone-");
        Path ledger = dir.resolve("ledger.journal");
        List<String> replicaArgs = List.of("--latency", "2ms", "--tail-probability", "0.02", "--tail-latency", "150ms");
        try (ReplicaFleet fleet = ReplicaFleet.start(3, ledger, replicaArgs);
             ReplicaHealth health = new ReplicaHealth(3, fleet::address, HEARTBEAT_INTERVAL, ticker)) {
            health.start();
            var metrics = new MetricRegistry();
            var breakers = new ReplicaBreakers(List.of(fleet.name(0), fleet.name(1), fleet.name(2)), ticker::nanoTime, metrics);
            var client = new ResilientClient(mode, 3, fleet::address, health, breakers, ticker, metrics);
            List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
            AtomicLong ids = new AtomicLong();
            long start = ticker.nanoTime();
            long phaseNanos = phase.toNanos();
            long end = start + phaseNanos * PHASES.size();
            List<Thread> load = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                load.add(Thread.ofVirtual().start(() -> work(client, ids, samples, start, phaseNanos, end)));
            }
            out.printf("  %s client, %d workers, phases of %d ms%n", mode.name().toLowerCase(), workers, phase.toMillis());
            java.util.concurrent.CompletableFuture<Duration> killDetected = null;
            java.util.concurrent.CompletableFuture<Duration> stallDetected = null;
            for (int p = 0; p < PHASES.size(); p++) {
                long phaseStart = start + p * phaseNanos;
                sleepUntil(phaseStart);
                out.printf("  %5.1f s  %s%n", (ticker.nanoTime() - start) / 1e9, PHASES.get(p));
                switch (p) {
                    case 1 -> {
                        killDetected = detection(health, 0, ticker.nanoTime());
                        fleet.kill(0);
                    }
                    case 2 -> {
                        stallDetected = detection(health, 1, ticker.nanoTime());
                        fleet.admin(1, "stall=true");
                        Thread restart = Thread.ofVirtual().start(() -> restart(fleet, 0));
                        restart.join(Duration.ofSeconds(30));
                    }
                    case 3 -> {
                        fleet.admin(1, "stall=false");
                        fleet.admin(2, "corrupt=true");
                    }
                    case 4 -> fleet.admin(2, "corrupt=false");
                    default -> { }
                }
            }
            for (Thread t : load) {
                t.join(ResilientClient.DEADLINE.plusSeconds(5));
            }
            List<Sample> all = List.copyOf(samples);
            var audit = LedgerAudit.of(ledger);
            long lost = all.stream().filter(s -> !s.ok()).count();
            List<ReplicaBreakers.Event> events = breakers.events().stream()
                    .map(e -> new ReplicaBreakers.Event(e.replica(), e.from(), e.to(), e.reason(), e.atNanos() - start))
                    .toList();
            return new Report(mode, stats(all), all, phaseNanos, lost, audit.duplicated(), audit.effects(),
                    killDetected.getNow(null), stallDetected.getNow(null), events, breakerMetrics(metrics));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The breaker's gauge and transition counter, as {@code /metrics} would show them. */
    static String breakerMetrics(MetricRegistry metrics) {
        StringBuilder lines = new StringBuilder();
        PrometheusText.write(metrics).lines().filter(l -> l.startsWith("capstone_breaker_"))
                .forEach(l -> lines.append(l).append('\n'));
        return lines.toString();
    }

    private void work(ResilientClient client, AtomicLong ids, List<Sample> samples, long start, long phaseNanos, long end) {
        try {
            while (ticker.nanoTime() < end) {
                long t0 = ticker.nanoTime();
                var result = client.send("req-" + ids.incrementAndGet());
                long t1 = ticker.nanoTime();
                int phaseIndex = (int) Math.min(PHASES.size() - 1, (t0 - start) / phaseNanos);
                samples.add(new Sample(t0 - start, t1 - t0, result.ok(), phaseIndex, result.why()));
                Thread.sleep(THINK_TIME);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void restart(ReplicaFleet fleet, int i) {
        try {
            fleet.restart(i);
        } catch (IOException e) {
            System.err.println("could not restart " + fleet.name(i) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Watches, beside the timeline, for the health view to see the replica down after
     * {@code since}: completes with the delay, or never when it was not seen within 10 s.
     */
    private java.util.concurrent.CompletableFuture<Duration> detection(ReplicaHealth health, int host, long since) {
        var seen = new java.util.concurrent.CompletableFuture<Duration>();
        Thread.ofVirtual().start(() -> {
            long until = since + Duration.ofSeconds(10).toNanos();
            try {
                while (ticker.nanoTime() < until) {
                    long down = health.downSince(host);
                    if (down != 0 && down >= since) {
                        seen.complete(Duration.ofNanos(down - since));
                        return;
                    }
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return seen;
    }

    private void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - ticker.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    static List<PhaseStats> stats(List<Sample> samples) {
        List<PhaseStats> list = new ArrayList<>();
        for (int p = 0; p < PHASES.size(); p++) {
            int phaseIndex = p;
            List<Sample> in = samples.stream().filter(s -> s.phase() == phaseIndex).toList();
            long[] latencies = in.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
            int ok = (int) in.stream().filter(Sample::ok).count();
            list.add(new PhaseStats(PHASES.get(p), in.size(), ok, in.size() - ok,
                    percentile(latencies, 0.50), percentile(latencies, 0.99)));
        }
        return list;
    }

    /** Nearest-rank percentile in milliseconds; NaN for no samples. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** What the replicas' shared ledger says happened. */
    record LedgerAudit(long effects, long duplicated) {
        static LedgerAudit of(Path journal) throws IOException {
            if (!Files.exists(journal)) {
                return new LedgerAudit(0, 0);
            }
            Map<String, Integer> perRequest = new HashMap<>();
            List<LedgerJournal.Entry> entries = LedgerJournal.read(journal);
            entries.forEach(e -> perRequest.merge(String.valueOf(e.requestId()), 1, Integer::sum));
            long effects = entries.size();
            long duplicated = perRequest.values().stream().mapToLong(n -> n - 1).sum();
            return new LedgerAudit(effects, duplicated);
        }
    }
}
