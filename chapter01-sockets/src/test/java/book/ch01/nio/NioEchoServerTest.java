package book.ch01.nio;

import static book.ch01.nio.EchoClient.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NioEchoServerTest {

    private static final NioEchoConfig DEFAULTS = NioEchoConfig.defaults();

    /** True when a connect is refused: nothing listens on the server's port any more. */
    private static boolean refusesConnections(NioEchoServer server) {
        return EchoClient.refusesConnections(server.address());
    }

    @Nested
    class Echo {

        @Test
        void echoesEveryByteValueUnchanged() throws Exception {
            byte[] all = new byte[256];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            try (NioEchoServer server = NioEchoServer.start(DEFAULTS);
                 EchoClient client = EchoClient.connect(server.address())) {
                assertArrayEquals(all, client.roundTrip(all));
                assertArrayEquals("hello\n".getBytes(StandardCharsets.US_ASCII),
                        client.roundTrip("hello\n".getBytes(StandardCharsets.US_ASCII)));
            }
        }

        @Test
        void echoesEachOfManyConcurrentClientsItsOwnBytes() throws Exception {
            int clients = 200;
            int roundTrips = 20;
            try (NioEchoServer server = NioEchoServer.start(DEFAULTS);
                 ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> results = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    long seed = c;
                    results.add(pool.submit(() -> {
                        try (EchoClient client = EchoClient.connect(server.address())) {
                            SplittableRandom random = new SplittableRandom(seed);
                            for (int i = 0; i < roundTrips; i++) {
                                byte[] message = randomBytes(1 + random.nextInt(2000), random.nextLong());
                                assertArrayEquals(message, client.roundTrip(message));
                            }
                        }
                        return roundTrips;
                    }));
                }
                int done = 0;
                for (Future<Integer> result : results) {
                    done += result.get(30, TimeUnit.SECONDS);
                }
                assertEquals(clients * roundTrips, done);
                assertEquals(clients, server.counters().accepted());
            }
        }
    }

    @Nested
    class Backpressure {

        private static final int LIMIT = 16 * 1024;
        private static final int PAYLOAD = 8 * 1024 * 1024;

        @Test
        void holdsAtMostTheLimitWhenPeerWritesMegabytesBeforeReading() throws Exception {
            byte[] payload = randomBytes(PAYLOAD, 42);
            try (NioEchoServer server = NioEchoServer.start(DEFAULTS.withMaxBufferedBytes(LIMIT));
                 ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
                 EchoClient client = EchoClient.connect(server.address(), 16 * 1024)) {
                Future<?> written = writer.submit(() -> {
                    client.out.write(payload); // blocks once every buffer on the way is full
                    return null;
                });
                // Read nothing until the server has had to stop reading this peer (or the
                // kernels absorbed everything, which the assertions below would reveal).
                Await.until("the server pauses reading or the writer finishes",
                        () -> server.counters().readPauses() > 0 || written.isDone());

                assertArrayEquals(payload, client.readExactly(PAYLOAD));
                written.get(10, TimeUnit.SECONDS);

                NioEchoCounters counters = server.counters();
                assertTrue(counters.partialWrites() > 0, "the socket took less than asked: " + counters);
                assertTrue(counters.readPauses() > 0, "reading was paused: " + counters);
                assertTrue(counters.peakConnectionBufferedBytes() <= LIMIT, "never above the limit: " + counters);
                assertEquals(0, counters.bufferedBytes(), "all delivered, nothing held: " + counters);
            }
        }
    }

    @Nested
    class ConnectionLimit {

        @Test
        void refusesConnectionOverTheLimitAtOnceAndKeepsServingOthers() throws Exception {
            byte[] ping = {1, 2, 3};
            try (NioEchoServer server = NioEchoServer.start(DEFAULTS.withMaxConnections(2));
                 EchoClient first = EchoClient.connect(server.address())) {
                try (EchoClient second = EchoClient.connect(server.address())) {
                    assertArrayEquals(ping, first.roundTrip(ping)); // both accepted and served
                    assertArrayEquals(ping, second.roundTrip(ping));

                    try (EchoClient third = EchoClient.connect(server.address())) {
                        assertTrue(third.seesEndOfStream(), "the third connection is closed, not left waiting");
                    }
                    assertEquals(1, server.counters().refused());
                    assertArrayEquals(ping, first.roundTrip(ping));
                }
                Await.until("the server notices the closed connection", () -> server.counters().open() == 1);
                try (EchoClient fourth = EchoClient.connect(server.address())) {
                    assertArrayEquals(ping, fourth.roundTrip(ping), "a freed slot is used again");
                }
            }
        }
    }

    @Nested
    class IdleTimeout {

        private static final Duration TIMEOUT = Duration.ofSeconds(30);
        private final ManualClock clock = new ManualClock();

        @Test
        void closesConnectionThatMovedNoByteForTheTimeout() throws Exception {
            try (NioEchoServer server = NioEchoServer.start(DEFAULTS.withIdleTimeout(TIMEOUT).withClock(clock));
                 EchoClient idle = EchoClient.connect(server.address())) {
                assertArrayEquals(new byte[] {7}, idle.roundTrip(new byte[] {7}));

                clock.advance(TIMEOUT);
                try (EchoClient other = EchoClient.connect(server.address())) { // wakes the selector
                    assertArrayEquals(new byte[] {8}, other.roundTrip(new byte[] {8}));
                    assertTrue(idle.seesEndOfStream());
                    assertEquals(1, server.counters().idleClosed());
                    assertArrayEquals(new byte[] {9}, other.roundTrip(new byte[] {9}), "others are unaffected");
                }
            }
        }

        @Test
        void keepsConnectionActiveWithinTheTimeout() throws Exception {
            try (NioEchoServer server = NioEchoServer.start(DEFAULTS.withIdleTimeout(TIMEOUT).withClock(clock));
                 EchoClient quiet = EchoClient.connect(server.address())) {
                assertArrayEquals(new byte[] {1}, quiet.roundTrip(new byte[] {1}));

                clock.advance(TIMEOUT.minusMillis(1));
                try (EchoClient other = EchoClient.connect(server.address())) {
                    // this echo needs a selector round after the advance, and each round checks for idle peers first
                    assertArrayEquals(new byte[] {2}, other.roundTrip(new byte[] {2}));
                }
                assertArrayEquals(new byte[] {3}, quiet.roundTrip(new byte[] {3}));
                assertEquals(0, server.counters().idleClosed());
            }
        }

        @Test
        void closesPeerThatStopsReadingAsIdleToo() throws Exception {
            try (NioEchoServer server = NioEchoServer.start(DEFAULTS.withIdleTimeout(TIMEOUT).withClock(clock)
                         .withMaxBufferedBytes(4096));
                 ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
                 EchoClient deaf = EchoClient.connect(server.address(), 4096)) {
                writer.submit(() -> {
                    deaf.out.write(randomBytes(4 * 1024 * 1024, 5)); // never reads the echo
                    return null;
                });
                Await.until("the server is stuck with bytes for this peer", () -> server.counters().bufferedBytes() > 0);

                // The kernel may still take a few bytes after the first stall (its send buffer grows),
                // and each counts as activity; once nothing moves for a whole timeout, the peer is closed.
                for (int round = 0; round < 50 && server.counters().idleClosed() == 0; round++) {
                    clock.advance(TIMEOUT);
                    try (EchoClient other = EchoClient.connect(server.address())) {
                        // its echo needs a selector round after the advance, which checks for idle peers first
                        assertArrayEquals(new byte[] {1}, other.roundTrip(new byte[] {1}));
                    }
                }
                assertEquals(1, server.counters().idleClosed(), "the peer that stopped reading is closed");
                assertEquals(0, server.counters().bufferedBytes(), "its buffer is released with it");
            }
        }
    }

    @Nested
    class HalfClose {

        @Test
        void echoesEverythingThenClosesAfterPeerShutsItsOutput() throws Exception {
            byte[] payload = randomBytes(300_000, 7); // several times the limit: partial writes on the way
            try (NioEchoServer server = NioEchoServer.start(DEFAULTS.withMaxBufferedBytes(8 * 1024));
                 ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
                 EchoClient client = EchoClient.connect(server.address(), 8 * 1024)) {
                Future<?> written = writer.submit(() -> {
                    client.out.write(payload);
                    client.socket.shutdownOutput(); // "I am done sending; go on answering"
                    return null;
                });
                assertArrayEquals(payload, client.readExactly(payload.length));
                assertTrue(client.seesEndOfStream(), "the server closes its side once all is echoed");
                written.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Nested
    class Shutdown {

        @Test
        void closeStopsAcceptingClosesConnectionsAndEndsItsThread() throws Exception {
            NioEchoServer server = NioEchoServer.start(DEFAULTS);
            String threadName = "nio-echo-selector-" + server.port();
            try (EchoClient a = EchoClient.connect(server.address());
                 EchoClient b = EchoClient.connect(server.address())) {
                assertArrayEquals(new byte[] {1}, a.roundTrip(new byte[] {1}));
                assertArrayEquals(new byte[] {2}, b.roundTrip(new byte[] {2}));

                server.close();

                assertTrue(a.seesEndOfStream());
                assertTrue(b.seesEndOfStream());
                assertTrue(refusesConnections(server), "the listening socket is closed");
                assertEquals(0, server.counters().open());
                assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(threadName)),
                        "no selector thread outlives close()");
            }
        }

        @Test
        void dropsPeerThatDoesNotReadOnceTheGraceIsOver() throws Exception {
            ManualClock clock = new ManualClock();
            Duration grace = Duration.ofSeconds(5);
            NioEchoServer server = NioEchoServer.start(DEFAULTS.withMaxBufferedBytes(4096)
                    .withShutdownGrace(grace).withClock(clock));
            try (server;
                 ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
                 EchoClient stuck = EchoClient.connect(server.address(), 4096)) {
                background.submit(() -> {
                    stuck.out.write(randomBytes(4 * 1024 * 1024, 3)); // never reads: ends with an exception
                    return null;
                });
                Await.until("the server holds bytes it cannot write", () -> server.counters().bufferedBytes() > 0);

                CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close, background);
                Await.until("the shutdown has begun", () -> refusesConnections(server));
                clock.advance(grace.minusMillis(1));
                assertFalse(closed.isDone(), "still waiting, within the grace, for the peer to read");
                clock.advance(Duration.ofMillis(1));
                closed.get(10, TimeUnit.SECONDS);

                assertEquals(0, server.counters().open());
                assertEquals(0, server.counters().bufferedBytes(), "what was owed is dropped with the connection");
            }
        }
    }

    @Nested
    class Config {

        @Test
        void rejectsABadLimitNamingTheParameterAndTheValue() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DEFAULTS.withMaxBufferedBytes(0));
            assertEquals("maxBufferedBytes must be at least 1, not 0", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withIdleTimeout(Duration.ofSeconds(-1)));
            assertEquals("idleTimeout must be positive, not PT-1S", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMaxConnections(0));
            assertEquals("maxConnections must be at least 1, not 0", e.getMessage());
        }
    }
}
