package book.ch05.balance;

import book.ch05.cli.CommandLine;
import book.ch05.cli.Option;
import book.ch05.cli.Program;
import book.ch05.replica.Behaviour;
import book.ch05.replica.Latencies;
import book.ch05.replica.ReplicaClient;
import book.ch05.replica.ReplicaServer;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * {@code balancers}: the chapter's policies side by side against five replicas on loopback, one
 * of them slow; p50, p90, p99, the mean, and the share of requests the slow one received. With
 * {@code --key-movement}, the table of keys moved when a host joins or leaves, instead.
 */
public final class BalancersProgram implements Program {

    @Override
    public String name() {
        return "balancers";
    }

    @Override
    public String summary() {
        return "load-balancing policies side by side when one of five replicas is slow";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("requests", "N", "2000", 100, 100_000, "requests per policy"),
                Option.integer("concurrency", "N", "4", 1, 64, "callers sending at once"),
                Option.duration("latency", "1ms", Duration.ZERO, Duration.ofSeconds(1), "latency of the four healthy replicas"),
                Option.duration("slow-latency", "50ms", Duration.ZERO, Duration.ofSeconds(10), "latency of the slow replica"),
                Option.flag("key-movement", "print the keys moved when a host joins or leaves, and exit"));
    }

    /** One policy: its name and how to build it for n hosts named {@code names}. */
    record Policy(String name, IntFunction<Balancer> build) {}

    static final int REPLICAS = 5;

    @Override
    public void run(CommandLine cmd) throws Exception {
        PrintStream out = System.out;
        if (cmd.flag("key-movement")) {
            keyMovement(out);
            return;
        }
        List<String> names = new ArrayList<>();
        List<Policy> policies = List.of(
                new Policy("round robin", RoundRobin::new),
                new Policy("weighted 1:4:4:4:4", n -> new SmoothWeightedRoundRobin(1, 4, 4, 4, 4)),
                new Policy("least outstanding", LeastOutstanding::new),
                new Policy("power of two choices", PowerOfTwoChoices::new),
                new Policy("hash ring (random keys)", n -> new HashRing(names)),
                new Policy("jump hash (random keys)", JumpHash::new));
        out.printf("%d replicas on 127.0.0.1, r0 answers in %s, the others in %s; %d requests per policy from %d callers%n%n",
                REPLICAS, cmd.string("slow-latency"), cmd.string("latency"), cmd.integer("requests"), cmd.integer("concurrency"));
        measure(new Policy("warm-up", RoundRobin::new), names, cmd); // JIT and first connections, not reported
        out.printf("%-24s %8s %8s %8s %8s %10s%n", "policy", "p50 ms", "p90 ms", "p99 ms", "mean ms", "to slow r0");
        for (Policy p : policies) {
            Result r = measure(p, names, cmd);
            out.printf("%-24s %8.2f %8.2f %8.2f %8.2f %9.1f%%%n", p.name(), r.latencies().millis(0.5), r.latencies().millis(0.9),
                    r.latencies().millis(0.99), r.latencies().meanMillis(), 100.0 * r.toSlow() / cmd.integer("requests"));
        }
    }

    /** Latencies of one policy's run and the requests the slow replica received. */
    record Result(Latencies latencies, long toSlow) {}

    private static Result measure(Policy p, List<String> names, CommandLine cmd) throws Exception {
        List<ReplicaServer> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < REPLICAS; i++) {
                Duration latency = cmd.duration(i == 0 ? "slow-latency" : "latency");
                replicas.add(ReplicaServer.start(ReplicaServer.Config.of("r" + i).withBehaviour(Behaviour.FAST.withLatency(latency))));
            }
            List<InetSocketAddress> hosts = replicas.stream().map(ReplicaServer::address).toList();
            names.clear();
            hosts.forEach(a -> names.add(a.getHostString() + ":" + a.getPort()));
            Latencies latencies = run(new BalancedClient(p.build().apply(REPLICAS), hosts,
                    new ReplicaClient(Duration.ofSeconds(2), Duration.ofSeconds(30))), cmd.integer("requests"), cmd.integer("concurrency"));
            return new Result(latencies, replicas.get(0).counts().requests());
        } finally {
            replicas.forEach(ReplicaServer::close);
        }
    }

    private static Latencies run(BalancedClient client, int requests, int concurrency) throws Exception {
        Latencies latencies = new Latencies(requests);
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                done.add(callers.submit(() -> {
                    while (next.getAndIncrement() < requests) {
                        long t0 = System.nanoTime();
                        int status = client.get(ThreadLocalRandom.current().nextLong(), "/work").status();
                        if (status != 200) {
                            throw new IllegalStateException("status " + status);
                        }
                        latencies.add(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return latencies;
    }

    static final int KEYS = 100_000;

    private static void keyMovement(PrintStream out) {
        out.printf("share of %d keys that change host (ideal: the joiner's or leaver's fair share)%n%n", KEYS);
        out.printf("%-28s %12s %12s %12s %12s%n", "policy", "join 10->11", "ideal", "leave 10->9", "ideal");
        for (int vnodes : new int[] {1, 10, 160}) {
            out.printf("%-28s %11.1f%% %11.1f%% %11.1f%% %11.1f%%%n", "hash ring, " + vnodes + " points/host",
                    100 * KeyMovement.ringJoin(10, vnodes, KEYS), 100.0 / 11, 100 * KeyMovement.ringLeave(10, vnodes, KEYS), 100.0 / 10);
        }
        out.printf("%-28s %11.1f%% %11.1f%% %11.1f%% %11.1f%%%n", "jump hash (last leaves)",
                100 * KeyMovement.jumpJoin(10, KEYS), 100.0 / 11, 100 * KeyMovement.jumpLeaveLast(10, KEYS), 100.0 / 10);
        out.printf("%-28s %11.1f%% %11.1f%% %12s %12s%n", "hash mod n", 100 * KeyMovement.moduloJoin(10, KEYS), 100.0 / 11, "", "");
        out.printf("%nbusiest host's share over the fair share, 10 hosts: ring 1 point %.2f, 10 points %.2f, 160 points %.2f; jump %.2f%n",
                KeyMovement.peakOverMean(new HashRing(KeyMovement.names(10), 1), KEYS),
                KeyMovement.peakOverMean(new HashRing(KeyMovement.names(10), 10), KEYS),
                KeyMovement.peakOverMean(new HashRing(KeyMovement.names(10), 160), KEYS),
                KeyMovement.peakOverMean(new JumpHash(10), KEYS));
    }
}
