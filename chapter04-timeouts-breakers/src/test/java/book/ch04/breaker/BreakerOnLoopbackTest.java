package book.ch04.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.breaker.CircuitBreaker.State;
import book.ch04.fixture.SlowServer;
import book.ch04.time.ManualTicker;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The breaker in front of a real dependency on loopback: timeouts, 503s and refused connections
 * open it, 404s don't, and once open it spares the dependency every call. The breaker's time is
 * a hand-driven ticker; the only real time is the client's 200 ms timeout.
 */
@Timeout(30)
class BreakerOnLoopbackTest {

    static final Duration TIMEOUT = Duration.ofMillis(200);

    final ManualTicker ticker = new ManualTicker();
    final SlowServer server = SlowServer.start();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final CircuitBreaker breaker = CircuitBreaker.create(BreakerConfig.defaults("slow-server"), ticker::nanoTime);

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    /** A GET through the breaker with a 5 s timeout: long enough for any answer on a loaded machine. */
    int get(String path) throws Exception {
        return get(path, Duration.ofSeconds(5));
    }

    int get(String path, Duration timeout) throws Exception {
        return get(server.uri(path), timeout);
    }

    int get(java.net.URI uri, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).build();
        return breaker.execute(() -> client.send(request, HttpResponse.BodyHandlers.ofString()), OutcomeClassifier.http()).statusCode();
    }

    @Test
    void fiveTimeoutsOpenItAndThenTheDependencyIsNotCalledAtAll() throws Exception {
        server.latency(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            assertThrows(HttpTimeoutException.class, () -> get("/work", TIMEOUT));
        }
        assertEquals(State.OPEN, breaker.state());
        // Each request the server received was abandoned by its timed-out client, none served. (On a loaded
        // machine a request may time out before it was even sent, so count what the server received.)
        assertTrue(server.awaitAbandoned(server.received(), Duration.ofSeconds(10)), "abandoned " + server.abandoned());
        assertEquals(0, server.served());
        long received = server.received();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            assertThrows(CallNotPermittedException.class, () -> get("/work", TIMEOUT));
        }
        long perRejectionNanos = (System.nanoTime() - start) / 1_000;
        assertEquals(received, server.received(), "an open breaker sends nothing");
        assertTrue(perRejectionNanos < TIMEOUT.toNanos() / 100, perRejectionNanos + " ns a rejection");
    }

    @Test
    void aHundred404sLeaveItClosedAHundred503sOpenIt() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertEquals(404, get("/no-such-thing"));
        }
        assertEquals(State.CLOSED, breaker.state());
        server.failureRate(1.0);
        int answered = 0;
        while (breaker.state() == State.CLOSED && answered < 100) {
            assertEquals(503, get("/work"));
            answered++;
        }
        assertEquals(State.OPEN, breaker.state());
        assertEquals(5, answered); // five in a row
    }

    @Test
    void aDeadDependencyOpensItAndARecoveredOneClosesItThroughTheProbes() throws Exception {
        java.net.URI dead; // a loopback port nothing listens on: every connect is refused
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = java.net.URI.create("http://127.0.0.1:" + probe.getLocalPort() + "/work");
        }
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(ConnectException.class, assertThrows(Exception.class, () -> get(dead, Duration.ofSeconds(5))));
        }
        assertEquals(State.OPEN, breaker.state());
        assertThrows(CallNotPermittedException.class, () -> get("/work")); // answering again, but the wait has not passed
        ticker.advance(BreakerConfig.DEFAULT_OPEN_WAIT);
        for (int probe = 0; probe < BreakerConfig.DEFAULT_HALF_OPEN_PROBES; probe++) {
            assertEquals(200, get("/work"));
        }
        assertEquals(State.CLOSED, breaker.state());
    }
}
