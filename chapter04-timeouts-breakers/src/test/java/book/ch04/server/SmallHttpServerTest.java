package book.ch04.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Section 9: slow clients against the chapter's small server on loopback. Each attack runs
 * while a normal client is served; deadlines are whole-request, so a trickle is cut at the
 * deadline (plus a margin of {@value #MARGIN_MILLIS} ms for a loaded machine), not never.
 */
@Timeout(30)
class SmallHttpServerTest {

    static final long MARGIN_MILLIS = 1_000;
    static final Duration HEAD_DEADLINE = Duration.ofMillis(800);
    static final Duration BODY_DEADLINE = Duration.ofMillis(800);

    private final List<Socket> attackers = new ArrayList<>();
    private SmallHttpServer server;

    private SmallHttpServer start(int maxConnections) throws IOException {
        server = SmallHttpServer.start(new SmallHttpServer.Limits(HEAD_DEADLINE, BODY_DEADLINE, 1024, 4096,
                maxConnections, Duration.ofSeconds(2), Duration.ofSeconds(1)),
                r -> new SmallHttpServer.Response(200, "hello " + r.target() + " " + r.body().length));
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : attackers) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A normal client: sends its whole request at once and reads the whole answer. */
    private String exchange(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private String get(String path) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    /** Opens a connection that sends {@code start} and then nothing more (until {@link #drip}). */
    private Socket attacker(String start) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        attackers.add(s);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** Sends one byte to each attacker every 100 ms until each is cut off; returns when all are. */
    private void drip(List<Socket> sockets, long forMillis) throws InterruptedException {
        long until = System.nanoTime() + forMillis * 1_000_000L;
        while (System.nanoTime() < until) {
            for (Socket s : sockets) {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write('a');
                    out.flush();
                } catch (IOException e) {
                    // cut off by the server: what the test wants
                }
            }
            Thread.sleep(100);
        }
    }

    private static String answer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "reset: " + e.getMessage();
        }
    }

    @Nested
    class Slowloris {
        @Test
        void aHeadTrickledByteByByteIsCutAtTheHeadDeadlineNotNever() throws Exception {
            start(16);
            Socket slow = attacker("GET / HTTP/1.1\r\nX-Slow: ");
            long start = System.nanoTime();
            Thread dripper = Thread.ofVirtual().start(() -> {
                try {
                    drip(List.of(slow), 3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String answer = answer(slow); // a per-read timeout of 800 ms would never fire: a byte every 100 ms
            long took = (System.nanoTime() - start) / 1_000_000;
            dripper.interrupt();
            assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout") || answer.startsWith("reset"), answer);
            assertTrue(took >= HEAD_DEADLINE.toMillis() - 1 && took < HEAD_DEADLINE.toMillis() + MARGIN_MILLIS, took + " ms");
            assertEquals(1, server.timedOut());
        }

        @Test
        void aNormalClientIsServedWhileSlowClientsHoldConnections() throws Exception {
            start(16);
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                slow.add(attacker("GET / HTTP/1.1\r\nX-Slow: "));
            }
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertTrue(get("/work").startsWith("HTTP/1.1 200 OK"));
                assertTrue((System.nanoTime() - start) / 1_000_000 < MARGIN_MILLIS);
            }
            assertEquals(5, server.served());
        }

        @Test
        void overTheConnectionLimitTheAnswerIsACheap503WithRetryAfterUntilTheDeadlineFreesSlots() throws Exception {
            start(4);
            for (int i = 0; i < 4; i++) {
                attacker("GET / HTTP/1.1\r\nX-Slow: ");
            }
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.openConnections() < 4 && System.nanoTime() < until) {
                Thread.sleep(2);
            }
            // tag::overload-test[]
            String overloaded = get("/work");
            assertTrue(overloaded.startsWith("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\n"), overloaded);
            // end::overload-test[]
            assertEquals(1, server.rejected());
            Thread.sleep(HEAD_DEADLINE.toMillis()); // the slow heads miss their deadline and free their slots
            until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.openConnections() > 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertTrue(get("/work").startsWith("HTTP/1.1 200 OK"));
            assertEquals(4, server.timedOut());
        }
    }

    @Nested
    class SlowBody {
        @Test
        void aBodyTrickledByteByByteIsCutAtTheBodyDeadlineWhileOthersAreServed() throws Exception {
            start(16);
            Socket slow = attacker("POST /upload HTTP/1.1\r\nContent-Length: 1000\r\n\r\n");
            long start = System.nanoTime();
            Thread dripper = Thread.ofVirtual().start(() -> {
                try {
                    drip(List.of(slow), 3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(get("/work").startsWith("HTTP/1.1 200 OK"));
            String answer = answer(slow);
            long took = (System.nanoTime() - start) / 1_000_000;
            dripper.interrupt();
            assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout") || answer.startsWith("reset"), answer);
            assertTrue(took >= BODY_DEADLINE.toMillis() - 1 && took < BODY_DEADLINE.toMillis() + MARGIN_MILLIS, took + " ms");
            assertEquals(1, server.timedOut());
        }

        @Test
        void aWholeBodyIsReadAndHandled() throws Exception {
            start(16);
            String r = exchange("POST /upload HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
            assertTrue(r.endsWith("hello /upload 5"), r);
        }
    }

    @Nested
    class Limits {
        @Test
        void aHeadOverTheLimitIs431() throws Exception {
            start(16);
            String r = exchange("GET / HTTP/1.1\r\nX-Big: " + "x".repeat(2_000) + "\r\n\r\n");
            assertTrue(r.startsWith("HTTP/1.1 431 Request Header Fields Too Large") || r.isEmpty(), r);
            assertEquals(1, server.refused());
        }

        @Test
        void aBodyOverTheLimitIs413WithoutReadingIt() throws Exception {
            start(16);
            String r = exchange("POST / HTTP/1.1\r\nContent-Length: 4097\r\n\r\n");
            assertTrue(r.startsWith("HTTP/1.1 413 Content Too Large"), r);
            assertTrue(r.endsWith("body of 4097 bytes exceeds the 4096-byte limit"), r);
        }

        @Test
        void aBadRequestLineIs400() throws Exception {
            start(16);
            assertTrue(exchange("HELLO\r\n\r\n").startsWith("HTTP/1.1 400 Bad Request"));
            assertTrue(exchange("GET / HTTP/1.1\r\nno colon\r\n\r\n").startsWith("HTTP/1.1 400 Bad Request"));
            assertTrue(exchange("POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n").startsWith("HTTP/1.1 400 Bad Request"));
        }

        @Test
        void limitsAreValidatedWithTheParameterNamed() {
            var e = assertThrows(IllegalArgumentException.class, () -> new SmallHttpServer.Limits(Duration.ZERO,
                    Duration.ofSeconds(1), 1024, 1024, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
            assertEquals("headDeadline must be 1ms..1h: PT0S", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new SmallHttpServer.Limits(Duration.ofSeconds(1),
                    Duration.ofSeconds(1), 1024, 1024, 0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
            assertEquals("need maxHeadBytes >= 64, maxBodyBytes >= 0, maxConnections >= 1: 1024, 1024, 0", e.getMessage());
        }
    }
}
