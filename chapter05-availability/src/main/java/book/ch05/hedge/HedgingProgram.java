package book.ch05.hedge;

import book.ch05.cli.CommandLine;
import book.ch05.cli.Option;
import book.ch05.cli.Program;
import book.ch05.replica.Behaviour;
import book.ch05.replica.Latencies;
import book.ch05.replica.ReplicaClient;
import book.ch05.replica.ReplicaServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code hedging}: the same load twice against replicas on loopback with a heavy latency tail,
 * once plain and once hedged at the p95 of recent latency with a 5 % budget; prints p50, p99,
 * p99.9 and the extra requests each run sent. A bounded run: {@code --requests} per run.
 */
public final class HedgingProgram implements Program {

    @Override
    public String name() {
        return "hedging";
    }

    @Override
    public String summary() {
        return "p99 with and without hedged requests against replicas with a latency tail";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("replicas", "N", "3", 2, 9, "replicas on 127.0.0.1"),
                Option.integer("requests", "N", "2000", 100, 100_000, "requests per run (one plain run, one hedged)"),
                Option.integer("concurrency", "N", "4", 1, 64, "callers sending at once"),
                Option.duration("latency", "2ms", Duration.ZERO, Duration.ofSeconds(1), "usual latency of a replica"),
                Option.decimal("tail-probability", "P", "0.02", 0, 0.5, "share of requests that take --tail-latency"),
                Option.duration("tail-latency", "200ms", Duration.ZERO, Duration.ofSeconds(10), "latency of the slow tail"),
                Option.decimal("quantile", "Q", "0.95", 0.5, 0.999, "hedge after this quantile of recent latency"),
                Option.decimal("budget", "RATIO", "0.05", 0.001, 1, "extra requests allowed per request"),
                Option.integer("seed", "N", "7", 0, Integer.MAX_VALUE, "seed of the replicas' tail draws"));
    }

    /** What one run measured. */
    record Run(String label, Latencies latencies, long sent, int originals, long hedges, long wins, long denied, long abandoned) {
        double extraPercent() {
            return 100.0 * (sent - originals) / originals;
        }
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        PrintStream out = System.out;
        Behaviour tail = Behaviour.FAST.withLatency(cmd.duration("latency"))
                .withTail(cmd.decimal("tail-probability"), cmd.duration("tail-latency"));
        out.printf("%d replicas on 127.0.0.1: latency %s, %.1f %% of requests take %s; %d requests per run, %d callers%n",
                cmd.integer("replicas"), cmd.string("latency"), 100 * cmd.decimal("tail-probability"), cmd.string("tail-latency"),
                cmd.integer("requests"), cmd.integer("concurrency"));
        Run plain = measure(cmd, tail, false);
        Run hedged = measure(cmd, tail, true);
        out.println();
        out.printf("%-8s %8s %8s %9s %8s %8s %7s %7s %9s%n", "run", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "extra %", "hedges", "won", "abandoned");
        for (Run r : List.of(plain, hedged)) {
            out.printf("%-8s %8.2f %8.2f %9.2f %8.2f %8.2f %7d %7d %9d%n", r.label(), r.latencies().millis(0.5),
                    r.latencies().millis(0.99), r.latencies().millis(0.999), r.latencies().millis(1.0),
                    r.extraPercent(), r.hedges(), r.wins(), r.abandoned());
        }
        out.printf("%np99 cut %.1fx for %.2f %% extra requests (%d hedges refused by the budget)%n",
                plain.latencies().millis(0.99) / hedged.latencies().millis(0.99), hedged.extraPercent(), hedged.denied());
    }

    private static Run measure(CommandLine cmd, Behaviour behaviour, boolean hedge) throws Exception {
        int n = cmd.integer("replicas");
        int requests = cmd.integer("requests");
        List<ReplicaServer> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                replicas.add(ReplicaServer.start(ReplicaServer.Config.of("r" + i).withBehaviour(behaviour)
                        .withRandom(ReplicaServer.Config.seeded(cmd.longValue("seed") + i))));
            }
            List<InetSocketAddress> hosts = replicas.stream().map(ReplicaServer::address).toList();
            ReplicaClient client = new ReplicaClient(Duration.ofSeconds(2), Duration.ofSeconds(30));
            Latencies latencies = new Latencies(requests);
            AtomicInteger next = new AtomicInteger();
            try (Hedger hedger = new Hedger(new LatencyWindow(cmd.decimal("quantile")),
                    new RetryBudget(cmd.decimal("budget"), RetryBudget.DEFAULT_MAX_TOKENS), System::nanoTime);
                    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < cmd.integer("concurrency"); c++) {
                    done.add(callers.submit(() -> {
                        for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                            int first = i % n;
                            long t0 = System.nanoTime();
                            // attempt 0 to one replica, the hedge to the next: a GET is safe to repeat
                            hedger.call(hedge, attempt -> get(client, hosts.get((first + attempt) % n)));
                            latencies.add(System.nanoTime() - t0);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                long sent = 0;
                long abandoned = 0;
                for (ReplicaServer r : replicas) {
                    sent += r.counts().requests();
                    abandoned += r.counts().abandoned();
                }
                return new Run(hedge ? "hedged" : "plain", latencies, sent, requests, hedger.hedges(), hedger.hedgeWins(),
                        hedger.denied(), abandoned);
            }
        } finally {
            replicas.forEach(ReplicaServer::close);
        }
    }

    private static String get(ReplicaClient client, InetSocketAddress to) throws IOException {
        ReplicaClient.Response r = client.get(to, "/work");
        if (r.status() != 200) {
            throw new IOException("status " + r.status() + " from " + r.replica());
        }
        return r.replica();
    }
}
