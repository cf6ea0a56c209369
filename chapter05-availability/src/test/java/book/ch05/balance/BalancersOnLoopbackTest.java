package book.ch05.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.replica.ReplicaClient;
import book.ch05.replica.ReplicaServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each policy against real replicas on 127.0.0.1, counted by the replicas themselves. */
@Timeout(60)
class BalancersOnLoopbackTest {

    static final ReplicaClient CLIENT = new ReplicaClient(Duration.ofSeconds(2), Duration.ofSeconds(10));
    static final Duration SLOW = Duration.ofMillis(1500);

    final List<ReplicaServer> replicas = new ArrayList<>();

    List<InetSocketAddress> start(int n) throws IOException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ReplicaServer r = ReplicaServer.start("r" + i);
            replicas.add(r);
            addresses.add(r.address());
        }
        return addresses;
    }

    @AfterEach
    void stop() {
        replicas.forEach(ReplicaServer::kill);
    }

    long requests(int i) {
        return replicas.get(i).counts().requests();
    }

    /** {@code total} requests from {@code workers} concurrent callers; returns when all are answered. */
    static void load(BalancedClient client, int workers, int total) throws Exception {
        AtomicInteger left = new AtomicInteger(total);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                done.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        assertEquals(200, client.get(0, "/work").status());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    @Nested
    class RequestBased {
        @Test
        void roundRobinGivesEachReplicaTheSameCount() throws Exception {
            BalancedClient client = new BalancedClient(new RoundRobin(3), start(3), CLIENT);
            load(client, 1, 30);
            assertEquals(List.of(10L, 10L, 10L), List.of(requests(0), requests(1), requests(2)));
        }

        @Test
        void roundRobinKeepsSendingASlowReplicaItsFullShare() throws Exception {
            BalancedClient client = new BalancedClient(new RoundRobin(5), start(5), CLIENT);
            replicas.get(0).update(b -> b.withLatency(Duration.ofMillis(200)));
            load(client, 2, 20);
            assertEquals(4, requests(0), "a fifth of the requests, however slow it is");
        }

        @Test
        void weightedGivesEachReplicaItsWeight() throws Exception {
            BalancedClient client = new BalancedClient(new SmoothWeightedRoundRobin(3, 1, 1), start(3), CLIENT);
            load(client, 1, 25);
            assertEquals(List.of(15L, 5L, 5L), List.of(requests(0), requests(1), requests(2)));
        }

        @Test
        void theClientRefusesABalancerOfAnotherSize() throws IOException {
            List<InetSocketAddress> hosts = start(2);
            assertEquals("balancer chooses among 3 hosts, not 2",
                    assertThrows(IllegalArgumentException.class, () -> new BalancedClient(new RoundRobin(3), hosts, CLIENT)).getMessage());
        }
    }

    @Nested
    class StateBased {
        /** One of five replicas holds each request 1.5 s; two callers send 40 requests. */
        long slowShare(Balancer balancer) throws Exception {
            BalancedClient client = new BalancedClient(balancer, start(5), CLIENT);
            replicas.get(0).update(b -> b.withLatency(SLOW));
            load(client, 2, 40);
            long total = 0;
            for (int i = 0; i < 5; i++) {
                total += requests(i);
            }
            assertEquals(40, total);
            return requests(0);
        }

        @Test
        void leastOutstandingSendsTheSlowReplicaAtMostOneRequestPerCaller() throws Exception {
            LeastOutstanding b = new LeastOutstanding(5);
            assertTrue(slowShare(b) <= 2, "slow replica got " + requests(0) + " of 40 (round robin: 8)");
            for (int i = 0; i < 5; i++) {
                assertEquals(0, b.outstanding(i), "every request released");
            }
        }

        @Test
        void powerOfTwoChoicesSendsTheSlowReplicaAtMostOneRequestPerCaller() throws Exception {
            PowerOfTwoChoices b = new PowerOfTwoChoices(5);
            assertTrue(slowShare(b) <= 2, "slow replica got " + requests(0) + " of 40 (round robin: 8)");
            for (int i = 0; i < 5; i++) {
                assertEquals(0, b.outstanding(i), "every request released");
            }
        }

        @Test
        void aFailedRequestIsReleasedToo() throws IOException {
            LeastOutstanding b = new LeastOutstanding(1);
            List<InetSocketAddress> hosts = start(1);
            replicas.get(0).kill();
            BalancedClient client = new BalancedClient(b, hosts, CLIENT);
            assertThrows(IOException.class, () -> client.get(0, "/work"));
            assertEquals(0, b.outstanding(0));
        }
    }

    @Nested
    class KeyBased {
        List<String> names(List<InetSocketAddress> hosts) {
            return hosts.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList();
        }

        /** Who answered each of 60 keys. */
        Map<Long, String> owners(BalancedClient client, Set<Long> keys) throws IOException {
            Map<Long, String> owner = new HashMap<>();
            for (long k : keys) {
                owner.put(k, client.get(k, "/work").replica());
            }
            return owner;
        }

        @Test
        void theRingSendsAKeyToTheSameReplicaAndALeavingReplicaMovesOnlyItsKeys() throws IOException {
            List<InetSocketAddress> hosts = start(3);
            Set<Long> keys = new HashSet<>();
            for (long k = 0; k < 60; k++) {
                keys.add(k * 7919);
            }
            Map<Long, String> before = owners(new BalancedClient(new HashRing(names(hosts)), hosts, CLIENT), keys);
            assertEquals(before, owners(new BalancedClient(new HashRing(names(hosts)), hosts, CLIENT), keys), "same key, same replica");
            assertEquals(3, new HashSet<>(before.values()).size(), "every replica owns some keys");

            replicas.get(1).kill();
            List<InetSocketAddress> survivors = List.of(hosts.get(0), hosts.get(2));
            Map<Long, String> after = owners(new BalancedClient(new HashRing(names(survivors)), survivors, CLIENT), keys);
            for (long k : keys) {
                if (!before.get(k).equals("r1")) {
                    assertEquals(before.get(k), after.get(k), "key " + k + " did not live on the replica that left");
                }
            }
        }

        @Test
        void jumpHashSendsAKeyToTheSameReplica() throws IOException {
            List<InetSocketAddress> hosts = start(3);
            BalancedClient client = new BalancedClient(new JumpHash(3), hosts, CLIENT);
            for (long k = 0; k < 20; k++) {
                String first = client.get(k, "/work").replica();
                assertEquals(first, client.get(k, "/work").replica());
            }
            assertTrue(replicas.stream().allMatch(r -> r.counts().requests() > 0));
        }
    }
}
