package book.ch03.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IdempotentHandlerTest {

    private LedgerServer server;
    private HttpClient http;

    @BeforeEach
    void start() throws IOException {
        server = new LedgerServer(0, new MutableClock());
        http = HttpExchanges.client(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private HttpResponse<String> post(String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/charges")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header(IdempotencyKey.HEADER, key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postAs(String client, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/charges")).timeout(Duration.ofSeconds(10))
                .header(IdempotentHandler.CLIENT_HEADER, client).header(IdempotencyKey.HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Issue #8 section 3: keys were global, so two clients choosing the same key collided. */
    @Nested
    class KeysArePerClient {
        @Test
        void twoClientsWithTheSameKeyAndBodyAreChargedEachOnce() throws Exception {
            HttpResponse<String> alice = postAs("alice", "order-1", "amount=1000");
            HttpResponse<String> bob = postAs("bob", "order-1", "amount=1000");
            assertEquals(201, alice.statusCode());
            assertEquals(201, bob.statusCode());
            assertFalse(bob.headers().firstValue(IdempotentHandler.REPLAYED_HEADER).isPresent(),
                    "bob must not get alice's receipt");
            assertEquals(2, server.ledger().charges().size());
        }

        @Test
        void twoClientsWithTheSameKeyAndDifferentBodiesAreNotRefused() throws Exception {
            assertEquals(201, postAs("alice", "order-1", "amount=1000").statusCode());
            assertEquals(201, postAs("bob", "order-1", "amount=2500").statusCode());
            assertEquals(2, server.ledger().charges().size());
        }

        @Test
        void theSameClientRetryingIsStillReplayedAndAReusedKeyStillRefused() throws Exception {
            HttpResponse<String> first = postAs("alice", "order-1", "amount=1000");
            HttpResponse<String> again = postAs("alice", "order-1", "amount=1000");
            assertEquals("true", again.headers().firstValue(IdempotentHandler.REPLAYED_HEADER).orElse(""));
            assertEquals(first.body(), again.body());
            assertEquals(422, postAs("alice", "order-1", "amount=2500").statusCode());
            assertEquals(1, server.ledger().charges().size());
        }

        @Test
        void aClientNameCannotRunIntoItsKey() throws Exception {
            assertEquals(201, postAs("a:b", "c", "amount=1").statusCode());
            assertEquals(201, postAs("a", "b:c", "amount=1").statusCode());
            assertEquals(2, server.ledger().charges().size());
        }
    }

    @Nested
    class Keys {
        @Test
        void repeatedKeyReplaysTheFirstResponseAndChargesOnce() throws Exception {
            HttpResponse<String> first = post("order-42", "amount=1000");
            HttpResponse<String> again = post("order-42", "amount=1000");
            assertEquals(201, first.statusCode());
            assertEquals(201, again.statusCode());
            assertEquals(first.body(), again.body());
            assertEquals("true", again.headers().firstValue(IdempotentHandler.REPLAYED_HEADER).orElse(""));
            assertFalse(first.headers().firstValue(IdempotentHandler.REPLAYED_HEADER).isPresent());
            assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"));
            assertEquals(1, server.ledger().charges().size());
        }

        @Test
        void missingKeyIsRefusedWith400AndNothingIsCharged() throws Exception {
            HttpResponse<String> r = post(null, "amount=1000");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("requires an Idempotency-Key header"), r.body());
            assertEquals(0, server.ledger().charges().size());
        }

        @Test
        void keyOverTheLimitIsRefusedWith400NamingTheLimit() throws Exception {
            HttpResponse<String> r = post("k".repeat(256), "amount=1000");
            assertEquals(400, r.statusCode());
            assertEquals("Idempotency-Key of 256 characters exceeds the 255-character limit", r.body().strip());
            assertEquals(201, post("k".repeat(255), "amount=1000").statusCode());
        }

        @Test
        void keyReusedWithAnotherBodyIsRefusedWith422AndTheFirstChargeStands() throws Exception {
            assertEquals(201, post("order-42", "amount=1000").statusCode());
            HttpResponse<String> r = post("order-42", "amount=99900");
            assertEquals(422, r.statusCode());
            assertTrue(r.body().contains("already used for a different request"), r.body());
            assertEquals(List.of("amount=1000"), server.ledger().charges().stream().map(Ledger.Charge::request).toList());
        }

        @Test
        void bodyOverTheLimitIsRefusedWith413() throws Exception {
            HttpResponse<String> r = post("big", "x".repeat(IdempotentHandler.DEFAULT_MAX_BODY_BYTES + 1));
            assertEquals(413, r.statusCode());
            assertEquals("request body exceeds the 65536-byte limit", r.body().strip());
            assertEquals(0, server.ledger().charges().size());
        }
    }

    @Nested
    class Concurrency {
        @Test
        void manyConcurrentRequestsWithOneKeyExecuteExactlyOnce() throws Exception {
            int clients = 16;
            AtomicInteger executions = new AtomicInteger();
            CountDownLatch othersAnswered = new CountDownLatch(clients - 1);
            IdempotencyStore store = new IdempotencyStore(100, Duration.ofHours(24), new MutableClock());
            IdempotentHandler handler = new IdempotentHandler(store, (method, path, body) -> {
                executions.incrementAndGet();
                try { // hold the first request until every other one has had its answer
                    othersAnswered.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                return new StoredResponse(201, Map.of(), "done".getBytes(StandardCharsets.UTF_8));
            });
            HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                slow.createContext("/charges", handler);
                slow.setExecutor(executor);
                slow.start();
                URI uri = HttpExchanges.uri(slow.getAddress(), "/charges");
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    answers.add(http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                                    .header(IdempotencyKey.HEADER, "same-key").POST(HttpRequest.BodyPublishers.ofString("a=1")).build(),
                            HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                                if (r != null && r.statusCode() == 409) {
                                    othersAnswered.countDown();
                                }
                            }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (var answer : answers) {
                    statuses.add(answer.get(30, TimeUnit.SECONDS).statusCode());
                }
                assertEquals(1, executions.get());
                assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
                assertEquals(clients - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
                HttpResponse<String> later = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header(IdempotencyKey.HEADER, "same-key").POST(HttpRequest.BodyPublishers.ofString("a=1")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, later.statusCode());
                assertEquals("true", later.headers().firstValue(IdempotentHandler.REPLAYED_HEADER).orElse(""));
                assertEquals(1, executions.get());
            } finally {
                slow.stop(0);
            }
        }

        @Test
        void failedOperationReleasesItsKeySoTheRetryRuns() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            IdempotencyStore store = new IdempotencyStore(100, Duration.ofHours(24), new MutableClock());
            IdempotentHandler handler = new IdempotentHandler(store, (method, path, body) -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IOException("database unavailable: nothing committed");
                }
                return new StoredResponse(201, Map.of(), "done".getBytes(StandardCharsets.UTF_8));
            });
            HttpServer flaky = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                flaky.createContext("/charges", handler);
                flaky.setExecutor(executor);
                flaky.start();
                HttpRequest request = HttpRequest.newBuilder(HttpExchanges.uri(flaky.getAddress(), "/charges"))
                        .timeout(Duration.ofSeconds(10)).header(IdempotencyKey.HEADER, "k")
                        .POST(HttpRequest.BodyPublishers.ofString("a=1")).build();
                try {
                    http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException expected) {
                    // the server closed the exchange without an answer: the client sees a lost response
                }
                assertEquals(201, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals(2, calls.get());
            } finally {
                flaky.stop(0);
            }
        }
    }
}
