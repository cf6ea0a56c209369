package book.ch04.timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.fixture.FullBacklogListener;
import book.ch04.fixture.SlowServer;
import book.ch04.time.Ticker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Section 1: every wait has a bound. Each timeout is produced for real on loopback and shown
 * with the exception Java gives. Upper bounds on elapsed time carry a margin of a second or more,
 * because the machine is shared; the lower bounds are exact.
 */
@Timeout(30)
class TimeoutsOnLoopbackTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final long MARGIN_MILLIS = 1_500;

    private final Watchdog watchdog = new Watchdog();

    @AfterEach
    void closeWatchdog() {
        watchdog.close();
    }

    private BoundedHttpGet client(Timeouts timeouts, Resolver resolver) {
        return new BoundedHttpGet(timeouts, resolver, Ticker.system(), watchdog);
    }

    private static Timeouts withConnect(Duration connect) {
        Timeouts d = Timeouts.DEFAULTS;
        return new Timeouts(connect, d.read(), d.write(), d.call());
    }

    private static Timeouts withRead(Duration read) {
        Timeouts d = Timeouts.DEFAULTS;
        return new Timeouts(d.connect(), read, d.write(), d.call());
    }

    private static Resolver loopback() {
        return host -> InetAddress.getLoopbackAddress();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Nested
    class Connect {
        @Test
        void aRawSocketConnectToAFullBacklogTimesOutWithSocketTimeoutException() throws Exception {
            try (FullBacklogListener full = FullBacklogListener.open(); Socket socket = new Socket()) {
                long start = System.nanoTime();
                // tag::connect-timeout[]
                var e = assertThrows(SocketTimeoutException.class, () -> socket.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), full.port()), 300));
                assertEquals("Connect timed out", e.getMessage());
                // end::connect-timeout[]
                long took = millisSince(start);
                assertTrue(took >= 299 && took < 300 + MARGIN_MILLIS, took + " ms");
            }
        }

        @Test
        void httpClientsConnectTimeoutIsAnHttpConnectTimeoutException() throws Exception {
            try (FullBacklogListener full = FullBacklogListener.open();
                 HttpClient http = HttpClient.newBuilder().connectTimeout(SHORT).build()) {
                var e = assertThrows(HttpConnectTimeoutException.class, () -> http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + full.port() + "/work")).build(),
                        HttpResponse.BodyHandlers.discarding()));
                assertEquals("HTTP connect timed out", e.getMessage());
            }
        }

        @Test
        void theBoundedGetGivesUpAfterTheConnectBudget() throws Exception {
            try (FullBacklogListener full = FullBacklogListener.open()) {
                BoundedHttpGet get = client(withConnect(SHORT), loopback());
                long start = System.nanoTime();
                var e = assertThrows(SocketTimeoutException.class, () -> get.get("localhost", full.port(), "/work"));
                assertEquals("Connect timed out", e.getMessage());
                assertTrue(millisSince(start) < 300 + MARGIN_MILLIS);
            }
        }

        @Test
        void resolutionIsChargedToTheConnectBudget() throws Exception {
            // The resolver takes 400 ms of a 600 ms connect budget; the handshake gets the 200 left.
            // Were resolution not charged, the call would take 400 + 600 = 1000 ms.
            Resolver slow = host -> {
                sleep(400);
                return InetAddress.getLoopbackAddress();
            };
            try (FullBacklogListener full = FullBacklogListener.open()) {
                BoundedHttpGet get = client(withConnect(Duration.ofMillis(600)), slow);
                long start = System.nanoTime();
                assertThrows(SocketTimeoutException.class, () -> get.get("db.internal", full.port(), "/work"));
                long took = millisSince(start);
                assertTrue(took >= 599 && took < 950, took + " ms: the connect got more than the budget left");
            }
        }

        @Test
        void aResolverThatNeverAnswersUsesUpTheConnectBudget() {
            Resolver hung = host -> {
                sleep(60_000);
                throw new UnknownHostException(host);
            };
            BoundedHttpGet get = client(withConnect(SHORT), hung);
            long start = System.nanoTime();
            var e = assertThrows(SocketTimeoutException.class, () -> get.get("db.internal", 1, "/work"));
            assertEquals("resolving 'db.internal' used up the connect budget of 300 ms", e.getMessage());
            assertTrue(millisSince(start) < 300 + MARGIN_MILLIS);
        }

        @Test
        void anUnknownHostIsReportedAsSuch() {
            Resolver none = host -> {
                throw new UnknownHostException(host + ": no such name (test resolver)");
            };
            var e = assertThrows(UnknownHostException.class, () -> client(Timeouts.DEFAULTS, none).get("nowhere.invalid", 1, "/"));
            assertEquals("nowhere.invalid: no such name (test resolver)", e.getMessage());
        }
    }

    @Nested
    class Read {
        private final SlowServer server = SlowServer.start();

        @AfterEach
        void stop() {
            server.close();
        }

        @Test
        void aQuickAnswerIsRead() throws Exception {
            var r = client(Timeouts.DEFAULTS, loopback()).get("localhost", server.port(), "/work");
            assertEquals(200, r.status());
            assertEquals("ok", r.body());
        }

        @Test
        void aRawSocketReadTimesOutWithReadTimedOut() throws Exception {
            server.latency(Duration.ofSeconds(20));
            BoundedHttpGet get = client(withRead(SHORT), loopback());
            long start = System.nanoTime();
            var e = assertThrows(SocketTimeoutException.class, () -> get.get("localhost", server.port(), "/work"));
            assertEquals("Read timed out", e.getMessage());
            long took = millisSince(start);
            assertTrue(took >= 299 && took < 300 + MARGIN_MILLIS, took + " ms");
        }

        @Test
        void httpClientsRequestTimeoutIsAnHttpTimeoutException() throws Exception {
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                warmUp(http, server);
                server.latency(Duration.ofSeconds(20));
                // tag::request-timeout[]
                HttpRequest request = HttpRequest.newBuilder(server.uri("/work"))
                        .timeout(Duration.ofMillis(800)) // until the response headers arrive
                        .build();
                var e = assertThrows(HttpTimeoutException.class,
                        () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
                assertEquals("request timed out", e.getMessage());
                // end::request-timeout[]
            }
        }

        @Test
        void aPerReadTimeoutNeverFiresOnATrickleButTheCallBoundDoes() throws Exception {
            try (Trickle trickle = new Trickle(true)) {
                Timeouts t = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(700));
                long start = System.nanoTime();
                var e = assertThrows(SocketTimeoutException.class, () -> client(t, loopback()).get("localhost", trickle.port(), "/"));
                assertEquals("call did not finish within 700 ms", e.getMessage());
                long took = millisSince(start);
                assertTrue(took >= 699 && took < 700 + MARGIN_MILLIS, took + " ms");
                assertTrue(trickle.awaitClosedByClient(), "the client closed the trickle's connection");
            }
        }

        @Test
        void httpClientsRequestTimeoutDoesNotBoundTheBody() throws Exception {
            // Headers at once, then 20 body bytes 50 ms apart: a request timeout of 300 ms is over
            // long before the body ends, and still the body arrives whole.
            try (Trickle trickle = new Trickle(false);
                 HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                long start = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trickle.port() + "/"))
                        .timeout(Duration.ofMillis(300)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(Trickle.BODY_BYTES, r.body().length());
                assertTrue(millisSince(start) >= Trickle.BODY_BYTES * Trickle.GAP_MILLIS - 1);
            }
        }
    }

    @Nested
    class Write {
        @Test
        @SuppressWarnings("try") // closing the socket inside its try is the lesson: the only way out of the write
        void aWriteToAPeerThatStoppedReadingBlocksWithoutAWatchdog() throws Exception {
            Socket socket = new Socket();
            try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket accepted = connectTo(socket, deaf)) {
                AtomicReference<Exception> ended = new AtomicReference<>();
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        writeForever(socket.getOutputStream());
                    } catch (IOException e) {
                        ended.set(e);
                    }
                });
                writer.join(Duration.ofMillis(800));
                assertTrue(writer.isAlive(), "still blocked in write() after 800 ms");
                socket.close(); // the only way out (the try closes it again, harmlessly)
                writer.join(Duration.ofSeconds(5));
                assertTrue(ended.get() instanceof java.net.SocketException, String.valueOf(ended.get()));
                assertTrue(accepted.isConnected());
            } finally {
                socket.close();
            }
        }

        /** Connects {@code socket} to {@code listener} and returns the server's end. */
        private static Socket connectTo(Socket socket, ServerSocket listener) throws IOException {
            socket.connect(listener.getLocalSocketAddress(), 5_000);
            return listener.accept();
        }

        @Test
        void theWatchdogBoundsTheWriteAndClosesTheSocket() throws Exception {
            try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket socket = new Socket("127.0.0.1", deaf.getLocalPort());
                 Socket accepted = deaf.accept()) {
                long start = System.nanoTime();
                // tag::write-timeout[]
                var e = assertThrows(SocketTimeoutException.class, () -> watchdog.within(
                        Duration.ofMillis(300), socket, "write", () -> writeForever(socket.getOutputStream())));
                assertEquals("write did not finish within 300 ms; closed the connection", e.getMessage());
                assertTrue(socket.isClosed());
                // end::write-timeout[]
                long took = millisSince(start);
                assertTrue(took >= 299 && took < 300 + MARGIN_MILLIS, took + " ms");
                assertTrue(accepted.isConnected());
            }
        }

        private static Void writeForever(OutputStream out) throws IOException {
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 100_000; i++) { // 6 GB: far more than any socket buffer
                out.write(chunk);
            }
            throw new AssertionError("the peer never reads; the write should have blocked");
        }
    }

    /** One exchange first, so that a short timeout measures the server, not class loading. */
    static void warmUp(HttpClient http, SlowServer server) throws Exception {
        assertEquals(200, http.send(HttpRequest.newBuilder(server.uri("/work")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
