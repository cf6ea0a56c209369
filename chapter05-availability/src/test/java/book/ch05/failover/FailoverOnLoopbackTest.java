package book.ch05.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.hedge.RetryBudget;
import book.ch05.replica.Behaviour;
import book.ch05.replica.Eventually;
import book.ch05.replica.Ledger;
import book.ch05.replica.ReplicaClient;
import book.ch05.replica.ReplicaServer;
import book.ch05.time.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A primary and a backup on loopback sharing one ledger, as replicas share a database. */
@Timeout(30)
class FailoverOnLoopbackTest {

    static final Map<String, String> KEYED = Map.of("Idempotency-Key", "order-17", "X-Client-Id", "shop");

    final ManualTicker ticker = new ManualTicker();
    final Ledger ledger = new Ledger();
    ReplicaServer primary;
    ReplicaServer backup;
    FailoverSelector selector;
    FailoverClient client;

    @BeforeEach
    void start() throws IOException {
        primary = ReplicaServer.start(ReplicaServer.Config.of("primary").withLedger(ledger));
        backup = ReplicaServer.start(ReplicaServer.Config.of("backup").withLedger(ledger));
        selector = new FailoverSelector(2, 2, 3, Duration.ofSeconds(30), ticker::nanoTime);
        RetryBudget budget = new RetryBudget(1, 10);
        for (int i = 0; i < 10; i++) {
            budget.onRequest();
        }
        client = new FailoverClient(List.of(primary.address(), backup.address()), selector,
                new ReplicaClient(Duration.ofSeconds(2), Duration.ofSeconds(20)), budget);
    }

    @AfterEach
    void stop() {
        primary.kill();
        backup.kill();
    }

    /** Sends in the background, waits until the primary has the request (and has acted), then kills it. */
    ReplicaClient.Response killPrimaryDuring(String method, Map<String, String> headers) throws Exception {
        primary.update(b -> b.withLatency(Duration.ofSeconds(20)));
        CompletableFuture<ReplicaClient.Response> call = CompletableFuture.supplyAsync(() -> {
            try {
                return client.send(method, "/charge", headers, method.equals("POST") ? "10.00" : null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Eventually.await("request in flight on the primary", () -> primary.counts().inFlight() == 1);
        primary.kill();
        try {
            return call.get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause().getCause();
        }
    }

    @Nested
    class InFlight {
        @Test
        void anIdempotentRequestIsMovedToTheBackup() throws Exception {
            ReplicaClient.Response r = killPrimaryDuring("GET", Map.of());
            assertEquals(200, r.status());
            assertEquals("backup", r.replica());
        }

        @Test
        void aKeyedPostIsMovedAndTheBackupReplaysItsEffectInsteadOfChargingAgain() throws Exception {
            ReplicaClient.Response r = killPrimaryDuring("POST", KEYED);
            assertEquals(200, r.status());
            assertEquals("backup", r.replica());
            assertEquals("effect 1 by primary\n", r.body(), "the primary's charge, replayed");
            assertEquals("true", r.headers().get("idempotent-replayed"));
            assertEquals(1, ledger.effects());
        }

        @Test
        void aPostWithoutAKeyIsNotMovedTheCallerLearnsItMayHaveActed() {
            IOException e = assertThrows(IOException.class, () -> killPrimaryDuring("POST", Map.of()));
            assertTrue(RetryTable.of(e).mayHaveBeenProcessed(), String.valueOf(e));
            assertEquals(1, ledger.effects(), "charged once, by the primary, and never again");
            assertEquals(0, backup.counts().requests());
        }

        @Test
        void aPostWithoutAKeyIsMovedWhenThePrimaryRefusedTheConnectionNothingWasSent() throws IOException {
            primary.kill();
            ReplicaClient.Response r = client.send("POST", "/charge", Map.of(), "10.00");
            assertEquals("backup", r.replica());
            assertEquals(1, ledger.effects());
        }

        @Test
        void aPostWithoutAKeyAnswered503IsNotMoved() throws IOException {
            primary.update(b -> b.withFailureRate(1));
            assertEquals(503, client.send("POST", "/charge", Map.of(), "1").status());
            assertEquals(0, backup.counts().requests());
        }

        @Test
        void aGetAnswered503IsMoved() throws IOException {
            primary.update(b -> b.withFailureRate(1));
            assertEquals("backup", client.send("GET", "/item", Map.of(), null).replica());
        }
    }

    @Nested
    class FailoverAndFailback {
        @Test
        void trafficLeavesAFailingPrimaryAndReturnsOnlyAfterItIsHealthyLongEnough() throws IOException {
            primary.update(b -> b.withFailureRate(1).withHealthy(false));
            client.send("GET", "/a", Map.of(), null);
            client.send("GET", "/b", Map.of(), null);
            assertEquals(1, selector.current(), "left the primary");
            assertEquals(1, selector.failovers());
            long before = primary.counts().requests();
            for (int i = 0; i < 5; i++) {
                assertEquals("backup", client.send("GET", "/c", Map.of(), null).replica());
            }
            assertEquals(before, primary.counts().requests(), "no traffic to the primary while it is down");

            primary.update(b -> Behaviour.FAST);
            for (int i = 0; i < 3; i++) {
                client.checkAll();
            }
            assertEquals("backup", client.send("GET", "/d", Map.of(), null).replica(), "healthy, but not for 30 s yet");
            ticker.advance(Duration.ofSeconds(30));
            assertEquals("primary", client.send("GET", "/e", Map.of(), null).replica());
            assertEquals(1, selector.failbacks());
        }

        @Test
        void aStalledPrimaryFailsItsHealthChecksAndTrafficMoves() throws IOException {
            FailoverClient impatient = new FailoverClient(List.of(primary.address(), backup.address()), selector,
                    new ReplicaClient(Duration.ofSeconds(2), Duration.ofMillis(200)), new RetryBudget());
            primary.update(b -> b.withStalled(true));
            impatient.checkAll();
            impatient.checkAll();
            assertEquals(1, selector.current());
            assertEquals("backup", impatient.send("GET", "/x", Map.of(), null).replica());
        }
    }

    @Test
    void refusesASelectorOfAnotherSize() {
        assertEquals("selector knows 3 endpoints, not 2", assertThrows(IllegalArgumentException.class,
                () -> new FailoverClient(List.of(primary.address(), backup.address()), new FailoverSelector(3, ticker::nanoTime),
                        new ReplicaClient(Duration.ofSeconds(1), Duration.ofSeconds(1)), new RetryBudget())).getMessage());
    }
}
