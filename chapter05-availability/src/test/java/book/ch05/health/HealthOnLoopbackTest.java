package book.ch05.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.health.OutlierDetector.Outcome;
import book.ch05.replica.Behaviour;
import book.ch05.replica.Eventually;
import book.ch05.replica.ReplicaServer;
import book.ch05.time.Sleeper;
import book.ch05.time.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Health checks against real replicas on 127.0.0.1 (the chapter's {@code ReplicaServer}, which
 * can fail its health check, fail its work with 503, or stall): what a probe and the traffic
 * really see.
 */
@Timeout(30)
class HealthOnLoopbackTest {

    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(300);
    private final HttpHealthProbe probe = new HttpHealthProbe();


    @Nested
    class TheHttpProbe {
        @Test
        void passesOnA200() throws Exception {
            try (ReplicaServer server = ReplicaServer.start("r")) {
                assertTrue(probe.check(server.address(), PROBE_TIMEOUT));
            }
        }

        @Test
        void failsOnA503() throws Exception {
            try (ReplicaServer server = ReplicaServer.start("r")) {
                server.update(b -> b.withHealthy(false));
                assertFalse(probe.check(server.address(), PROBE_TIMEOUT));
            }
        }

        @Test
        void failsOnARefusedConnection() throws Exception {
            InetSocketAddress closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
            }
            assertThrows(ConnectException.class, () -> new Socket(closed.getAddress(), closed.getPort()).close());
            assertFalse(probe.check(closed, PROBE_TIMEOUT));
        }

        @Test
        void failsAtItsTimeoutOnAServerThatAcceptsAndNeverAnswers() throws Exception {
            try (ReplicaServer server = ReplicaServer.start("r")) {
                server.update(b -> b.withStalled(true));
                long start = System.nanoTime();
                assertFalse(probe.check(server.address(), PROBE_TIMEOUT));
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(tookMillis >= 290, "gave up early: " + tookMillis + " ms");
                assertTrue(tookMillis < 5_000, "the timeout did not bound it: " + tookMillis + " ms");
            }
        }

        @Test
        void failsWithinItsDeadlineOnAServerThatDripsOneByteAtATime() throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Thread dripper = Thread.ofVirtual().start(() -> {
                    try (Socket s = listener.accept()) {
                        OutputStream out = s.getOutputStream();
                        for (byte b : "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII)) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(100); // every read is short; only a deadline bounds the whole
                        }
                    } catch (IOException | InterruptedException e) {
                        // the probe gave up and closed: expected
                    }
                });
                long start = System.nanoTime();
                assertFalse(probe.check(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                        PROBE_TIMEOUT));
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(tookMillis < 1_000, "a per-read timeout let it run " + tookMillis + " ms");
                dripper.interrupt();
                dripper.join();
            }
        }

        @Test
        void failsOnAReplyThatIsNotHttp() throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Thread liar = Thread.ofVirtual().start(() -> {
                    try (Socket s = listener.accept()) {
                        s.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                        InputStream in = s.getInputStream();
                        in.read();
                    } catch (IOException e) {
                        // the probe closed: expected
                    }
                });
                assertFalse(probe.check(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                        PROBE_TIMEOUT));
                liar.join();
            }
        }
    }

    @Nested
    class TheActiveChecker {
        @Test
        void takesAFailingServerOutAndPutsItBackOnlyWhenItPassesAgain() throws Exception {
            try (ReplicaServer a = ReplicaServer.start("a"); ReplicaServer b = ReplicaServer.start("b")) {
                List<String> events = Collections.synchronizedList(new ArrayList<>());
                ActiveHealthChecker.Config config = new ActiveHealthChecker.Config(Duration.ofMillis(100),
                        Duration.ofMillis(80), 2, 2);
                try (ActiveHealthChecker<InetSocketAddress> checker = new ActiveHealthChecker<>(config,
                        List.of(a.address(), b.address()), true, probe,
                        (e, healthy) -> events.add((e.equals(a.address()) ? "a" : "b") + (healthy ? " up" : " down")),
                        Ticker.system(), Sleeper.system())) {
                    checker.start();
                    a.update(behaviour -> behaviour.withStalled(true));
                    Eventually.await("a out", () -> !checker.isHealthy(a.address()));
                    assertFalse(checker.healthy().contains(a.address()));
                    a.update(behaviour -> Behaviour.FAST);
                    Eventually.await("a back", () -> checker.isHealthy(a.address()));
                    // (b's verdict is not asserted: on a loaded machine even a healthy probe may time out)
                    assertEquals(List.of("a down", "a up"), events.stream().filter(e -> e.startsWith("a")).toList()
                            .subList(0, 2));
                }
            }
        }
    }

    @Nested
    class TheOutlierDetector {
        @Test
        void ejectsTheServerWhoseRealRequestsFailAndKeepsTheOthers() throws Exception {
            try (ReplicaServer a = ReplicaServer.start("a"); ReplicaServer b = ReplicaServer.start("b");
                 ReplicaServer c = ReplicaServer.start("c");
                 HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
                List<InetSocketAddress> hosts = List.of(a.address(), b.address(), c.address());
                OutlierDetector<InetSocketAddress> outliers = new OutlierDetector<>(
                        new OutlierDetector.Config(5, Duration.ofSeconds(30), Duration.ofSeconds(300), 34),
                        hosts, Ticker.system());
                b.update(behaviour -> behaviour.withFailureRate(1.0)); // its work fails; its /health still passes
                List<Boolean> ejections = new ArrayList<>();
                for (int i = 0; i < 15; i++) { // round robin over the hosts in rotation
                    List<InetSocketAddress> in = outliers.available();
                    InetSocketAddress host = in.get(i % in.size());
                    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + host.getPort() + "/work"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    if (host.equals(b.address())) {
                        ejections.add(outliers.record(host, Outcome.ofStatus(response.statusCode())));
                    } else {
                        outliers.record(host, Outcome.ofStatus(response.statusCode()));
                    }
                }
                assertEquals(List.of(false, false, false, false, true), ejections, "ejected on its 5th 503");
                assertTrue(probe.check(b.address(), PROBE_TIMEOUT), "its health check passes all along");
                assertEquals(List.of(a.address(), c.address()), outliers.available());
                                for (int i = 0; i < 10; i++) {
                    outliers.record(a.address(), Outcome.SERVER_ERROR);
                }
                assertFalse(outliers.isEjected(a.address()), "34 % of 3 hosts: one may be out, not two");
            }
        }
    }
}
