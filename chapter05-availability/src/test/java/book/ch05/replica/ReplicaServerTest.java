package book.ch05.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The replica every test, program and demo of the chapter runs against, on real loopback sockets. */
@Timeout(30)
class ReplicaServerTest {

    static final ReplicaClient CLIENT = new ReplicaClient(Duration.ofSeconds(2), Duration.ofSeconds(5));

    static ReplicaServer start(String name, Behaviour b) throws IOException {
        return ReplicaServer.start(ReplicaServer.Config.of(name).withBehaviour(b));
    }

    @Nested
    class Answers {
        @Test
        void aWorkRequestIsAnsweredWithTheReplicasName() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1")) {
                ReplicaClient.Response res = CLIENT.get(r.address(), "/work");
                assertEquals(200, res.status());
                assertEquals("r1\n", res.body());
                assertEquals("r1", res.replica());
                assertEquals(1, r.counts().requests());
                assertEquals(1, r.counts().ok());
            }
        }

        @Test
        void healthSaysOkAndCountsTheCheckButNotAsWork() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1")) {
                assertEquals(200, CLIENT.get(r.address(), "/health").status());
                assertEquals(1, r.counts().healthChecks());
                assertEquals(0, r.counts().requests());
                r.update(b -> b.withHealthy(false));
                assertEquals(503, CLIENT.get(r.address(), "/health").status());
                assertEquals(200, CLIENT.get(r.address(), "/work").status(), "an unhealthy replica still serves work");
            }
        }

        @Test
        void heartbeatsCountUp() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1")) {
                assertEquals("r1 1\n", CLIENT.get(r.address(), "/heartbeat").body());
                assertEquals("r1 2\n", CLIENT.get(r.address(), "/heartbeat").body());
            }
        }

        @Test
        void servesSeveralRequestsOnOneKeptAliveConnection() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1"); Socket s = new Socket(r.address().getAddress(), r.port())) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertEquals(2, all.split("HTTP/1.1 200 OK", -1).length - 1, all);
                assertEquals(2, r.counts().requests());
            }
        }
    }

    @Nested
    class Misbehaviour {
        @Test
        void aFailureRateOfOneAnswersEveryWorkRequest503() throws IOException {
            try (ReplicaServer r = start("r1", Behaviour.FAST.withFailureRate(1))) {
                assertEquals(503, CLIENT.get(r.address(), "/work").status());
                assertEquals(1, r.counts().failed());
                assertEquals(200, CLIENT.get(r.address(), "/health").status(), "health is not work");
            }
        }

        @Test
        void aFailureRateOfAQuarterFailsAboutAQuarterWithASeededDraw() throws IOException {
            try (ReplicaServer r = start("r1", Behaviour.FAST.withFailureRate(0.25))) {
                int failed = 0;
                for (int i = 0; i < 200; i++) {
                    failed += CLIENT.get(r.address(), "/w").status() == 503 ? 1 : 0;
                }
                assertTrue(failed > 30 && failed < 70, "failed " + failed + " of 200");
                assertEquals(failed, r.counts().failed());
            }
        }

        @Test
        void theBaseLatencyDelaysTheAnswer() throws IOException {
            try (ReplicaServer r = start("r1", Behaviour.FAST.withLatency(Duration.ofMillis(150)))) {
                long t0 = System.nanoTime();
                assertEquals(200, CLIENT.get(r.address(), "/work").status());
                assertTrue(System.nanoTime() - t0 >= 150_000_000L);
            }
        }

        @Test
        void aTailProbabilityOfOneAlwaysTakesTheTailLatency() throws IOException {
            try (ReplicaServer r = start("r1", Behaviour.FAST.withTail(1, Duration.ofMillis(150)))) {
                long t0 = System.nanoTime();
                CLIENT.get(r.address(), "/work");
                assertTrue(System.nanoTime() - t0 >= 150_000_000L);
            }
        }

        @Test
        void aStalledReplicaAcceptsButNeverAnswersAndCountsTheClientLeaving() throws IOException {
            try (ReplicaServer r = start("r1", Behaviour.FAST.withStalled(true))) {
                ReplicaClient impatient = new ReplicaClient(Duration.ofSeconds(2), Duration.ofMillis(200));
                assertThrows(SocketTimeoutException.class, () -> impatient.get(r.address(), "/health"));
                Eventually.await("abandon seen", () -> r.counts().abandoned() == 1, r::counts);
                assertEquals(1, r.counts().stalled());
            }
        }

        @Test
        void aCorruptReplicaAnswersSomethingThatIsNotHttp() throws IOException {
            try (ReplicaServer r = start("r1", Behaviour.FAST.withCorrupt(true))) {
                IOException e = assertThrows(IOException.class, () -> CLIENT.get(r.address(), "/work"));
                assertTrue(e.getMessage().startsWith("not an HTTP answer"), e.getMessage());
            }
        }

        @Test
        void aClientThatClosesDuringTheLatencyIsCountedAsAbandoned() throws Exception {
            try (ReplicaServer r = start("r1", Behaviour.FAST.withLatency(Duration.ofSeconds(20)))) {
                try (Socket s = new Socket(r.address().getAddress(), r.port())) {
                    s.getOutputStream().write("GET /w HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    Eventually.await("request in flight", () -> r.counts().inFlight() == 1);
                }
                Eventually.await("abandon seen", () -> r.counts().abandoned() == 1, r::counts);
                assertEquals(0, r.counts().inFlight());
                assertEquals(0, r.counts().ok());
            }
        }
    }

    @Nested
    class Effects {
        static final Map<String, String> KEY = Map.of("Idempotency-Key", "k1", "X-Client-Id", "alice");

        @Test
        void eachPostWithoutAKeyIsANewEffect() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1")) {
                CLIENT.send(r.address(), "POST", "/charge", Map.of(), "10");
                CLIENT.send(r.address(), "POST", "/charge", Map.of(), "10");
                assertEquals(2, r.ledger().effects());
            }
        }

        @Test
        void aKeyedPostRepeatedOnAnotherReplicaSharingTheLedgerIsReplayedNotRepeated() throws IOException {
            Ledger shared = new Ledger();
            try (ReplicaServer a = ReplicaServer.start(ReplicaServer.Config.of("a").withLedger(shared));
                    ReplicaServer b = ReplicaServer.start(ReplicaServer.Config.of("b").withLedger(shared))) {
                ReplicaClient.Response first = CLIENT.send(a.address(), "POST", "/charge", KEY, "10");
                ReplicaClient.Response again = CLIENT.send(b.address(), "POST", "/charge", KEY, "10");
                assertEquals("effect 1 by a\n", first.body());
                assertEquals(first.body(), again.body());
                assertEquals("true", again.headers().get("idempotent-replayed"));
                assertEquals(1, shared.effects());
                assertEquals(1, shared.replays());
            }
        }

        @Test
        void theSameKeyFromTwoClientsIsTwoEffects() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1")) {
                CLIENT.send(r.address(), "POST", "/charge", Map.of("Idempotency-Key", "k1", "X-Client-Id", "alice"), "1");
                CLIENT.send(r.address(), "POST", "/charge", Map.of("Idempotency-Key", "k1", "X-Client-Id", "bob"), "1");
                assertEquals(2, r.ledger().effects());
            }
        }

        @Test
        void aPostFailedByTheFailureRateHasNoEffect() throws IOException {
            try (ReplicaServer r = start("r1", Behaviour.FAST.withFailureRate(1))) {
                assertEquals(503, CLIENT.send(r.address(), "POST", "/charge", Map.of(), "1").status());
                assertEquals(0, r.ledger().effects());
            }
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void aKilledReplicaCutsARequestInFlightAndRefusesNewConnections() throws Exception {
            ReplicaServer r = start("r1", Behaviour.FAST.withLatency(Duration.ofSeconds(20)));
            CompletableFuture<ReplicaClient.Response> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return CLIENT.send(r.address(), "POST", "/charge", Map.of(), "1");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Eventually.await("in flight", () -> r.counts().inFlight() == 1);
            r.kill();
            Throwable cause = assertThrows(Exception.class, call::join).getCause().getCause();
            assertTrue(cause instanceof EOFException || cause instanceof java.net.SocketException, String.valueOf(cause));
            assertEquals(1, r.ledger().effects(), "the effect happened before the replica died");
            assertThrows(ConnectException.class, () -> CLIENT.get(r.address(), "/work"));
        }

        @Test
        void closeLetsARequestInFlightFinish() throws Exception {
            ReplicaServer r = start("r1", Behaviour.FAST.withLatency(Duration.ofMillis(300)));
            CompletableFuture<ReplicaClient.Response> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return CLIENT.get(r.address(), "/work");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Eventually.await("in flight", () -> r.counts().inFlight() == 1);
            r.close();
            assertEquals(200, call.join().status());
            assertEquals("close", call.join().headers().get("connection"));
        }

        @Test
        void overTheConnectionLimitAConnectionIsAnswered503AndClosed() throws Exception {
            try (ReplicaServer r = ReplicaServer.start(ReplicaServer.Config.of("r1")
                    .withBehaviour(Behaviour.FAST.withStalled(true)).withMaxConnections(1));
                    Socket holder = new Socket(r.address().getAddress(), r.port())) {
                holder.getOutputStream().write("GET /w HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                Eventually.await("stalled", () -> r.counts().stalled() == 1);
                assertEquals(503, CLIENT.get(r.address(), "/work").status());
                assertEquals(1, r.counts().refused());
            }
        }
    }

    @Nested
    class Admin {
        @Test
        void postAdminChangesTheBehaviourEvenWhileStalled() throws IOException {
            try (ReplicaServer r = start("r1", Behaviour.FAST.withStalled(true))) {
                ReplicaClient.Response res = CLIENT.send(r.address(), "POST",
                        "/admin?stall=false&failure-rate=0.5&latency-ms=7&tail-probability=0.01&tail-latency-ms=900&healthy=false&corrupt=false",
                        Map.of(), "");
                assertEquals(200, res.status(), res.body());
                Behaviour b = r.behaviour();
                assertFalse(b.stalled());
                assertFalse(b.healthy());
                assertEquals(0.5, b.failureRate());
                assertEquals(Duration.ofMillis(7), b.baseLatency());
                assertEquals(0.01, b.tailProbability());
                assertEquals(Duration.ofMillis(900), b.tailLatency());
            }
        }

        @Test
        void aBadSettingIsRefusedNamingItAndNothingChanges() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1")) {
                assertEquals("failure-rate must be 0..1, not '2'\n",
                        CLIENT.send(r.address(), "POST", "/admin?stall=true&failure-rate=2", Map.of(), "").body());
                assertEquals("unknown setting 'speed'\n", CLIENT.send(r.address(), "POST", "/admin?speed=1", Map.of(), "").body());
                assertEquals("stall must be true or false, not 'yes'\n", CLIENT.send(r.address(), "POST", "/admin?stall=yes", Map.of(), "").body());
                assertEquals("latency-ms must be 0..600000, not '-1'\n", CLIENT.send(r.address(), "POST", "/admin?latency-ms=-1", Map.of(), "").body());
                assertEquals(400, CLIENT.send(r.address(), "POST", "/admin?x", Map.of(), "").status());
                assertEquals(405, CLIENT.get(r.address(), "/admin").status());
                assertEquals(Behaviour.FAST, r.behaviour());
            }
        }
    }

    @Nested
    class BadInput {
        static String exchange(ReplicaServer r, String raw) throws IOException {
            try (Socket s = new Socket(r.address().getAddress(), r.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = s.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }

        @Test
        void aMalformedRequestLineIs400AndClosed() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1")) {
                String answer = exchange(r, "HELLO\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
                assertTrue(answer.contains("malformed request line: HELLO"), answer);
            }
        }

        @Test
        void aBodyOverTheLimitIs413WithoutReadingIt() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1")) {
                String answer = exchange(r, "POST /c HTTP/1.1\r\nContent-Length: 2147483647\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
                assertTrue(answer.contains("body of 2147483647 bytes exceeds the 65536-byte limit"), answer);
            }
        }

        @Test
        void aChunkedBodyIs411() throws IOException {
            try (ReplicaServer r = ReplicaServer.start("r1")) {
                assertTrue(exchange(r, "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").startsWith("HTTP/1.1 411 "));
            }
        }

        @Test
        void theBehaviourRefusesImpossibleSettingsNamingThem() {
            assertEquals("failureRate must be 0..1, not NaN",
                    assertThrows(IllegalArgumentException.class, () -> Behaviour.FAST.withFailureRate(Double.NaN)).getMessage());
            assertEquals("baseLatency must be 0..PT10M, not PT-1S",
                    assertThrows(IllegalArgumentException.class, () -> Behaviour.FAST.withLatency(Duration.ofSeconds(-1))).getMessage());
            assertEquals("tailProbability must be 0..1, not 1.5",
                    assertThrows(IllegalArgumentException.class, () -> Behaviour.FAST.withTail(1.5, Duration.ZERO)).getMessage());
        }
    }
}
