package book.ch01.nio;

import static book.ch01.nio.EchoClient.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.framing.FrameFormat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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

/** The framed selector server on loopback: the framed echo's protocol, its limits, and its event loops. */
class NioFramedEchoServerTest {

    private static final FramedEchoConfig DEFAULTS = FramedEchoConfig.defaults().withLoops(2);

    /** Frames as they appear on the wire. */
    private static byte[] frames(byte[]... payloads) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            wire.writeBytes(header(payload.length));
            wire.writeBytes(payload);
        }
        return wire.toByteArray();
    }

    private static byte[] header(int length) {
        return ByteBuffer.allocate(FrameFormat.HEADER_BYTES).putInt(length).array();
    }

    private static boolean refusesConnections(FramedEchoServer server) {
        return EchoClient.refusesConnections(server.socketAddress());
    }

    @Nested
    class Frames {

        @Test
        void echoesEmptySmallAndOneMebibyteFramesUnchanged() throws Exception {
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS);
                 EchoClient client = EchoClient.connect(server.socketAddress())) {
                for (int size : new int[] {0, 1, 64, 65_536, FrameFormat.DEFAULT_MAX_FRAME_BYTES}) {
                    byte[] frame = frames(randomBytes(size, size));
                    assertArrayEquals(frame, client.roundTrip(frame), "a frame of " + size + " bytes");
                }
                assertEquals(5, server.counters().framesEchoed());
            }
        }

        @Test
        void echoesTwoFramesThatArriveInOneWrite() throws Exception {
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS);
                 EchoClient client = EchoClient.connect(server.socketAddress())) {
                byte[] two = frames("first".getBytes(), "second".getBytes());
                assertArrayEquals(two, client.roundTrip(two));
                assertEquals(2, server.counters().framesEchoed());
            }
        }

        @Test
        void decodesAHeaderSplitAcrossReadsAndHoldsOnlyTheBytesThatArrived() throws Exception {
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS);
                 EchoClient client = EchoClient.connect(server.socketAddress())) {
                byte[] frame = frames(randomBytes(100, 7));
                client.out.write(frame, 0, 2); // half a header
                Await.until("the server holds the two bytes", () -> server.counters().connections().bufferedBytes() == 2);
                client.out.write(frame, 2, 50); // the rest of the header and part of the payload
                Await.until("the server holds 52 bytes", () -> server.counters().connections().bufferedBytes() == 52);
                assertEquals(0, server.counters().framesEchoed(), "nothing echoed before the frame is whole");
                client.out.write(frame, 52, frame.length - 52);
                assertArrayEquals(frame, client.readExactly(frame.length));
                Await.until("the buffer is released", () -> server.counters().connections().bufferedBytes() == 0);
            }
        }

        @Test
        void aHeaderClaimingAMebibyteCostsTheBytesThatCameNotTheClaim() throws Exception {
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS);
                 EchoClient client = EchoClient.connect(server.socketAddress())) {
                client.out.write(header(FrameFormat.DEFAULT_MAX_FRAME_BYTES));
                client.out.write(new byte[10]);
                Await.until("the server holds 14 bytes", () -> server.counters().connections().bufferedBytes() == 14);
                assertTrue(server.counters().connections().peakConnectionBufferedBytes() < 1024,
                        server.counters().toString());
            }
        }

        @Test
        void echoesEachOfManyConcurrentClientsItsOwnFramesWrittenInRandomPieces() throws Exception {
            int clients = 64;
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS);
                 ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> results = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    long seed = c;
                    results.add(pool.submit(() -> {
                        try (EchoClient client = EchoClient.connect(server.socketAddress())) {
                            SplittableRandom random = new SplittableRandom(seed);
                            for (int i = 0; i < 20; i++) {
                                byte[] wire = frames(randomBytes(random.nextInt(3000), random.nextLong()),
                                        randomBytes(random.nextInt(10), random.nextLong()));
                                int at = 0;
                                while (at < wire.length) { // in pieces, so headers and payloads split anywhere
                                    int piece = Math.min(wire.length - at, 1 + random.nextInt(700));
                                    client.out.write(wire, at, piece);
                                    at += piece;
                                }
                                assertArrayEquals(wire, client.readExactly(wire.length));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> result : results) {
                    result.get(30, TimeUnit.SECONDS);
                }
                assertEquals(clients * 40L, server.counters().framesEchoed());
            }
        }

        @Test
        void echoesEverythingOwedThenClosesAfterThePeerShutsItsOutput() throws Exception {
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS);
                 EchoClient client = EchoClient.connect(server.socketAddress())) {
                byte[] wire = frames(randomBytes(5000, 1), randomBytes(3, 2));
                client.out.write(wire);
                client.socket.shutdownOutput();
                assertArrayEquals(wire, client.readExactly(wire.length));
                assertTrue(client.seesEndOfStream());
                Await.until("the connection is closed", () -> server.counters().connections().open() == 0);
                assertEquals(0, server.counters().truncatedFrames());
            }
        }
    }

    @Nested
    class BadFrames {

        @Test
        void aNegativeLengthClosesThatConnectionOnlyAfterEchoingTheFramesBeforeIt() throws Exception {
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS);
                 EchoClient bad = EchoClient.connect(server.socketAddress());
                 EchoClient good = EchoClient.connect(server.socketAddress())) {
                byte[] before = frames("ok".getBytes());
                byte[] wire = ByteBuffer.allocate(before.length + 4).put(before).putInt(-1).array();
                bad.out.write(wire);
                assertArrayEquals(before, bad.readExactly(before.length), "the good frame is echoed first");
                assertTrue(bad.seesEndOfStream());

                byte[] frame = frames("still served".getBytes());
                assertArrayEquals(frame, good.roundTrip(frame));
                assertEquals(1, server.counters().negativeLengths());
                assertEquals(0, server.counters().oversizedFrames());
            }
        }

        @Test
        void aLengthOneOverTheLimitClosesThatConnectionOnly() throws Exception {
            int limit = 1000;
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS.withMaxFrameBytes(limit));
                 EchoClient bad = EchoClient.connect(server.socketAddress());
                 EchoClient good = EchoClient.connect(server.socketAddress())) {
                byte[] atLimit = frames(randomBytes(limit, 1));
                assertArrayEquals(atLimit, good.roundTrip(atLimit));
                bad.out.write(header(limit + 1));
                assertTrue(bad.seesEndOfStream());

                assertArrayEquals(atLimit, good.roundTrip(atLimit));
                assertEquals(1, server.counters().oversizedFrames());
                Await.until("one connection left", () -> server.counters().connections().open() == 1);
            }
        }

        @Test
        void aPeerThatStopsInsideAFrameIsCountedAsTruncated() throws Exception {
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS);
                 EchoClient client = EchoClient.connect(server.socketAddress())) {
                client.out.write(header(10));
                client.out.write(new byte[3]);
                client.socket.shutdownOutput();
                assertTrue(client.seesEndOfStream());
                Await.until("the truncated frame is counted", () -> server.counters().truncatedFrames() == 1);
            }
        }
    }

    @Nested
    class Backpressure {

        private static final int QUEUE_LIMIT = 16 * 1024;
        private static final int MAX_FRAME = 1024;

        @Test
        void aPeerThatWritesWithoutEndAndNeverReadsIsStoppedAtTheBoundAndDoesNotStallOthers() throws Exception {
            FramedEchoConfig config = DEFAULTS.withLoops(1).withMaxQueuedBytes(QUEUE_LIMIT).withMaxFrameBytes(MAX_FRAME);
            byte[] frame = frames(randomBytes(MAX_FRAME, 5));
            try (FramedEchoServer server = FramedEchoServer.start(config);
                 ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
                 EchoClient stuck = EchoClient.connect(server.socketAddress(), 16 * 1024);
                 EchoClient other = EchoClient.connect(server.socketAddress())) {
                Future<?> flood = writer.submit(() -> {
                    while (true) { // frames until the socket is closed; blocks once every buffer is full
                        stuck.out.write(frame);
                    }
                });
                Await.until("the server stops reading the peer that does not read",
                        () -> server.counters().connections().readPauses() > 0);

                for (int i = 0; i < 100; i++) { // same loop, same thread: still served at once
                    assertArrayEquals(frame, other.roundTrip(frame));
                }
                NioEchoCounters counters = server.counters().connections();
                assertTrue(counters.bufferedBytes() <= config.maxHeldBytes(), "held now: " + counters);
                assertTrue(counters.peakConnectionBufferedBytes() <= config.maxHeldBytes(),
                        "never more than the queue bound and one frame: " + counters);
                stuck.socket.close(); // the flood ends with an exception
                assertThrows(Exception.class, () -> flood.get(10, TimeUnit.SECONDS));
            }
        }

        @Test
        void aSlowReaderGetsEveryReplyOnceItReads() throws Exception {
            FramedEchoConfig config = DEFAULTS.withMaxQueuedBytes(QUEUE_LIMIT).withMaxFrameBytes(MAX_FRAME);
            byte[] frame = frames(randomBytes(MAX_FRAME, 9));
            int count = 4 * 1024; // 4 MiB: far more than the kernels and the server hold together
            try (FramedEchoServer server = FramedEchoServer.start(config);
                 ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
                 EchoClient client = EchoClient.connect(server.socketAddress(), 16 * 1024)) {
                Future<?> written = writer.submit(() -> {
                    for (int i = 0; i < count; i++) {
                        client.out.write(frame);
                    }
                    return null;
                });
                Await.until("the server pauses reading", () -> server.counters().connections().readPauses() > 0);
                for (int i = 0; i < count; i++) {
                    assertArrayEquals(frame, client.readExactly(frame.length));
                }
                written.get(10, TimeUnit.SECONDS);
                Await.until("nothing held", () -> server.counters().connections().bufferedBytes() == 0);
                assertTrue(server.counters().connections().peakConnectionBufferedBytes() <= config.maxHeldBytes());
            }
        }
    }

    @Nested
    class Limits {

        @Test
        void refusesAConnectionOverTheLimitAtOnceAndKeepsServingTheOthers() throws Exception {
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS.withMaxConnections(2));
                 EchoClient a = EchoClient.connect(server.socketAddress());
                 EchoClient b = EchoClient.connect(server.socketAddress());
                 EchoClient extra = EchoClient.connect(server.socketAddress())) {
                assertTrue(extra.seesEndOfStream(), "the third is closed at once");
                byte[] frame = frames(new byte[] {1, 2, 3});
                assertArrayEquals(frame, a.roundTrip(frame));
                assertArrayEquals(frame, b.roundTrip(frame));
                assertEquals(1, server.counters().connections().refused());
            }
        }

        @Test
        void closesAConnectionIdleForTheTimeoutOnTheInjectedClock() throws Exception {
            ManualClock clock = new ManualClock();
            Duration timeout = Duration.ofSeconds(30);
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS.withIdleTimeout(timeout).withClock(clock));
                 EchoClient idle = EchoClient.connect(server.socketAddress());
                 EchoClient busy = EchoClient.connect(server.socketAddress())) {
                byte[] frame = frames(new byte[] {4});
                assertArrayEquals(frame, idle.roundTrip(frame));
                clock.advance(timeout.minusSeconds(1));
                assertArrayEquals(frame, busy.roundTrip(frame)); // busy moves a byte: its timeout restarts
                clock.advance(Duration.ofSeconds(1));

                assertTrue(idle.seesEndOfStream(), "idle for the whole timeout: closed");
                assertEquals(1, server.counters().connections().idleClosed());
                assertArrayEquals(frame, busy.roundTrip(frame), "active 1 s ago: still served");
            }
        }

        @Test
        void neverReadsTheWallClock() throws Exception {
            ManualClock clock = new ManualClock(); // the wall clock may jump; this one does not move at all
            try (FramedEchoServer server = FramedEchoServer.start(DEFAULTS.withIdleTimeout(Duration.ofMillis(1))
                    .withClock(clock));
                 EchoClient client = EchoClient.connect(server.socketAddress())) {
                byte[] frame = frames(new byte[] {5});
                Thread.sleep(50); // fifty timeouts of real time pass: nothing happens
                assertArrayEquals(frame, client.roundTrip(frame));
                assertEquals(0, server.counters().connections().idleClosed());
            }
        }
    }

    @Nested
    class Shutdown {

        @Test
        void closeStopsAcceptingClosesConnectionsAndEndsEveryThread() throws Exception {
            FramedEchoServer server = FramedEchoServer.start(DEFAULTS.withLoops(3));
            String threads = "framed-echo-";
            try (EchoClient a = EchoClient.connect(server.socketAddress());
                 EchoClient b = EchoClient.connect(server.socketAddress())) {
                byte[] frame = frames(new byte[] {1});
                assertArrayEquals(frame, a.roundTrip(frame));
                assertArrayEquals(frame, b.roundTrip(frame));

                server.close();

                assertTrue(a.seesEndOfStream());
                assertTrue(b.seesEndOfStream());
                assertTrue(refusesConnections(server), "the listening socket is closed");
                assertEquals(0, server.counters().connections().open());
                assertFalse(Thread.getAllStackTraces().keySet().stream()
                                .anyMatch(t -> t.getName().startsWith(threads + "loop-" + server.port())
                                        || t.getName().equals(threads + "acceptor-" + server.port())),
                        "no thread outlives close()");
            }
        }

        @Test
        void dropsAPeerThatDoesNotReadOnceTheGraceIsOver() throws Exception {
            ManualClock clock = new ManualClock();
            Duration grace = Duration.ofSeconds(5);
            FramedEchoServer server = FramedEchoServer.start(DEFAULTS.withMaxQueuedBytes(4096).withMaxFrameBytes(1024)
                    .withShutdownGrace(grace).withClock(clock));
            byte[] frame = frames(randomBytes(1024, 3));
            try (server;
                 ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
                 EchoClient stuck = EchoClient.connect(server.socketAddress(), 4096)) {
                background.submit(() -> {
                    for (int i = 0; i < 4096; i++) { // never reads: ends with an exception
                        stuck.out.write(frame);
                    }
                    return null;
                });
                Await.until("the server holds replies it cannot write",
                        () -> server.counters().connections().readPauses() > 0);

                CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close, background);
                Await.until("the shutdown has begun", () -> refusesConnections(server));
                clock.advance(grace.minusMillis(1));
                assertFalse(closed.isDone(), "still waiting, within the grace, for the peer to read");
                clock.advance(Duration.ofMillis(1));
                closed.get(10, TimeUnit.SECONDS);

                assertEquals(0, server.counters().connections().open());
                assertEquals(0, server.counters().connections().bufferedBytes(), "what was owed is dropped");
            }
        }
    }

    @Nested
    class Config {

        @Test
        void rejectsABadLimitNamingTheParameterAndTheValue() {
            assertEquals("loops must be at least 1, not 0",
                    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withLoops(0)).getMessage());
            assertEquals("maxQueuedBytes must be at least 1, not 0",
                    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMaxQueuedBytes(0)).getMessage());
            assertEquals("maxFrameBytes must not be negative, not -1",
                    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMaxFrameBytes(-1)).getMessage());
            assertEquals("idleTimeout must be positive, not PT0S",
                    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withIdleTimeout(Duration.ZERO)).getMessage());
        }

        @Test
        void holdsAtMostTheQueueBoundAndOneWholeFrame() {
            assertEquals(64 * 1024 + 4 + 1024 * 1024, FramedEchoConfig.defaults().maxHeldBytes());
        }
    }
}
