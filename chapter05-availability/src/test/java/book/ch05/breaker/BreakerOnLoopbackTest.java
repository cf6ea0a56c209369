package book.ch05.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.breaker.CircuitBreaker.State;
import book.ch05.replica.ReplicaClient;
import book.ch05.replica.ReplicaServer;
import book.ch05.time.ManualTicker;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chapter 4's loopback test of the breaker, adapted to this chapter's replica (chapter 4's used
 * its own slow server; the replica has no 404, so a healthy answer is a 200): timeouts, 503s and
 * refused connections open it, healthy answers don't, and once open it spares the replica every
 * call. The breaker's time is a hand-driven ticker; the only real time is the client's 200 ms
 * read timeout.
 */
@Timeout(30)
class BreakerOnLoopbackTest {

    static final Duration TIMEOUT = Duration.ofMillis(200);

    /** The replica's answers read for health: the book's table, as {@link OutcomeClassifier#ofStatus(int)} reads it. */
    static final OutcomeClassifier<ReplicaClient.Response> BY_STATUS = new OutcomeClassifier<>() {
        @Override
        public Outcome ofResult(ReplicaClient.Response response) {
            return OutcomeClassifier.ofStatus(response.status());
        }

        @Override
        public Outcome ofException(Throwable failure) {
            return OutcomeClassifier.exceptionsFail().ofException(failure);
        }
    };

    final ManualTicker ticker = new ManualTicker();
    final ReplicaServer server = start();
    final CircuitBreaker breaker = CircuitBreaker.create(BreakerConfig.defaults("replica"), ticker::nanoTime);

    static ReplicaServer start() {
        try {
            return ReplicaServer.start("r1");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() {
        server.close();
    }

    /** A POST through the breaker with a 5 s read timeout: long enough for any answer on a loaded machine. */
    int post(InetSocketAddress to) throws Exception {
        return post(to, Duration.ofSeconds(5));
    }

    int post(InetSocketAddress to, Duration timeout) throws Exception {
        var client = new ReplicaClient(Duration.ofSeconds(5), timeout);
        return breaker.execute(() -> client.send(to, "POST", "/work", Map.of(), "x"), BY_STATUS).status();
    }

    @Test
    void fiveTimeoutsOpenItAndThenTheReplicaIsNotCalledAtAll() throws Exception {
        server.update(b -> b.withLatency(Duration.ofSeconds(10)));
        for (int i = 0; i < 5; i++) {
            assertThrows(SocketTimeoutException.class, () -> post(server.address(), TIMEOUT));
        }
        assertEquals(State.OPEN, breaker.state());
        long received = server.counts().requests();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            assertThrows(CallNotPermittedException.class, () -> post(server.address(), TIMEOUT));
        }
        long perRejectionNanos = (System.nanoTime() - start) / 1_000;
        assertEquals(received, server.counts().requests(), "an open breaker sends nothing");
        assertTrue(perRejectionNanos < TIMEOUT.toNanos() / 100, perRejectionNanos + " ns a rejection");
    }

    @Test
    void aHundred200sLeaveItClosedA503OpensItAfterFiveInARow() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertEquals(200, post(server.address()));
        }
        assertEquals(State.CLOSED, breaker.state());
        server.update(b -> b.withFailureRate(1.0));
        int answered = 0;
        while (breaker.state() == State.CLOSED && answered < 100) {
            assertEquals(503, post(server.address()));
            answered++;
        }
        assertEquals(State.OPEN, breaker.state());
        assertEquals(5, answered); // five in a row
    }

    @Test
    void aDeadReplicaOpensItAndARecoveredOneClosesItThroughTheProbes() throws Exception {
        InetSocketAddress dead; // a loopback port nothing listens on: every connect is refused
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = new InetSocketAddress("127.0.0.1", probe.getLocalPort());
        }
        for (int i = 0; i < 5; i++) {
            InetSocketAddress to = dead;
            assertInstanceOf(ConnectException.class, assertThrows(Exception.class, () -> post(to)));
        }
        assertEquals(State.OPEN, breaker.state());
        assertThrows(CallNotPermittedException.class, () -> post(server.address())); // answering, but the wait has not passed
        ticker.advance(BreakerConfig.DEFAULT_OPEN_WAIT);
        for (int probe = 0; probe < BreakerConfig.DEFAULT_HALF_OPEN_PROBES; probe++) {
            assertEquals(200, post(server.address()));
        }
        assertEquals(State.CLOSED, breaker.state());
    }
}
