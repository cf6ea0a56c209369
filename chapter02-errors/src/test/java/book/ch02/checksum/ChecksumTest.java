package book.ch02.checksum;

import book.ch02.proxy.faults.FlipBit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch02.proxy.FaultProxy;
import book.ch02.proxy.Faults;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Frames with a CRC32C: corruption is detected and named, nothing corrupt is delivered, the server goes on. */
class ChecksumTest {

    static byte[] frame(byte[] payload) throws IOException {
        var out = new ByteArrayOutputStream();
        new ChecksummedFrameWriter(out).write(payload);
        return out.toByteArray();
    }

    static byte[] read(byte[] stream) throws IOException {
        return new ChecksummedFrameReader(new ByteArrayInputStream(stream)).read();
    }

    @Nested
    class Frames {
        @Test
        void aFrameRoundTripsWithTheDocumentedLayout() throws IOException {
            byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
            byte[] frame = frame(payload);
            assertEquals(4 + 5 + 4, frame.length);
            assertArrayEquals(new byte[] {0, 0, 0, 5}, Arrays.copyOfRange(frame, 0, 4));
            var crc = new java.util.zip.CRC32C();
            crc.update(frame, 0, 9); // over length + payload
            assertEquals((int) crc.getValue(), FrameLayout.readInt(Arrays.copyOfRange(frame, 9, 13)));
            assertArrayEquals(payload, read(frame));
        }

        @Test
        void aCleanEndBetweenFramesIsNullButAnEndInsideOneIsAnEofException() throws IOException {
            assertNull(read(new byte[0]));
            byte[] frame = frame(new byte[100]);
            var e = assertThrows(EOFException.class, () -> read(Arrays.copyOf(frame, 50)));
            assertEquals("stream ended inside a frame: 46 of 100 payload bytes", e.getMessage());
        }

        @Test
        void aFlippedBitIsReportedWithExpectedAndActualChecksumsInHex() throws IOException {
            byte[] frame = frame("price=1999".getBytes(StandardCharsets.US_ASCII));
            frame[6] ^= 0x01;
            var e = assertThrows(ChecksumMismatchException.class, () -> read(frame));
            assertTrue(e.getMessage().matches(
                    "frame of 10 bytes failed its CRC32C check: expected 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}"), e.getMessage());
            assertEquals(FrameLayout.readInt(Arrays.copyOfRange(frame, 14, 18)), e.expected());
        }

        @Test
        void everySingleBitFlipIsCaughtAndNeverDeliveredAsAPayload() throws IOException {
            byte[] payload = new byte[64];
            new SplittableRandom(42).nextBytes(payload);
            byte[] frame = frame(payload);
            for (int bit = 0; bit < frame.length * 8; bit++) {
                byte[] damaged = frame.clone();
                damaged[bit / 8] ^= (byte) (1 << (bit % 8));
                int at = bit;
                // a flip in the payload or checksum fails the CRC; one in the length makes the frame
                // too large, or too long for the bytes that follow: all three are refusals
                IOException e = assertThrows(IOException.class, () -> read(damaged), () -> "bit " + at + " slipped through");
                assertTrue(e instanceof ChecksumMismatchException || e instanceof FrameTooLargeException
                        || e instanceof EOFException, e.toString());
            }
        }

        @Test
        void aLengthOverTheLimitIsRejectedBeforeReadingOrAllocatingThePayload() {
            var stream = new ByteArrayInputStream(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
            var e = assertThrows(FrameTooLargeException.class, () -> new ChecksummedFrameReader(stream, 1 << 20).read());
            assertEquals("frame of 2147483647 bytes exceeds the 1048576-byte limit", e.getMessage());
            assertEquals(3, stream.available(), "not one payload byte was read");
        }

        @Test
        void aNegativeLengthIsRejectedToo() {
            var e = assertThrows(FrameTooLargeException.class,
                    () -> read(new byte[] {(byte) 0x80, 0, 0, 0}));
            assertEquals("frame length -2147483648 is negative (limit 1048576 bytes)", e.getMessage());
        }

        @Test
        void anEmptyFrameAndAFrameExactlyAtTheLimitPassAndOneByteMoreDoesNot() throws IOException {
            assertArrayEquals(new byte[0], read(frame(new byte[0])), "an empty payload is a frame, not the end");
            var out = new ByteArrayOutputStream();
            new ChecksummedFrameWriter(out, 16).write(new byte[16]);
            assertArrayEquals(new byte[16], new ChecksummedFrameReader(new ByteArrayInputStream(out.toByteArray()), 16).read());
            byte[] seventeen = frame(new byte[17]);
            var e = assertThrows(FrameTooLargeException.class,
                    () -> new ChecksummedFrameReader(new ByteArrayInputStream(seventeen), 16).read());
            assertEquals("frame of 17 bytes exceeds the 16-byte limit", e.getMessage());
            assertArrayEquals(new byte[0], new ChecksummedFrameReader(new ByteArrayInputStream(frame(new byte[0])), 0).read());
        }

        @Test
        void aStreamCutInsideTheChecksumIsAnEndOfStreamNotAMismatch() throws IOException {
            byte[] frame = frame(new byte[5]);
            var e = assertThrows(EOFException.class, () -> read(Arrays.copyOf(frame, frame.length - 2)));
            assertEquals("stream ended inside a frame: 2 of 4 checksum bytes", e.getMessage());
            var inLength = assertThrows(EOFException.class, () -> read(Arrays.copyOf(frame, 3)));
            assertEquals("stream ended inside a frame: 3 of 4 length bytes", inLength.getMessage());
        }

        @Test
        void aReaderOrWriterRefusesANegativeLimit() {
            assertEquals("maxPayloadBytes must be >= 0, not -1", assertThrows(IllegalArgumentException.class,
                    () -> new ChecksummedFrameReader(new ByteArrayInputStream(new byte[0]), -1)).getMessage());
            assertEquals("maxPayloadBytes must be 0..2147483639, not -1", assertThrows(IllegalArgumentException.class,
                    () -> new ChecksummedFrameWriter(OutputStreamSink.INSTANCE, -1)).getMessage());
            assertEquals("maxPayloadBytes must be 0..2147483639, not 2147483640", assertThrows(IllegalArgumentException.class,
                    () -> new ChecksummedFrameWriter(OutputStreamSink.INSTANCE, Integer.MAX_VALUE - 7)).getMessage());
        }

        @Test
        void theWriterRefusesAPayloadThePeerWouldReject() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new ChecksummedFrameWriter(OutputStreamSink.INSTANCE, 16).write(new byte[17]));
            assertEquals("frame of 17 bytes exceeds the 16-byte limit", e.getMessage());
        }
    }

    /** Discards everything. */
    static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }

    @Nested
    class Server {
        /** One framed request and its framed answer; {@code null} if the server closed instead. */
        static byte[] call(InetSocketAddress address, byte[] request) throws IOException {
            try (Socket socket = new Socket()) {
                socket.connect(address, 5_000);
                socket.setSoTimeout(5_000);
                new ChecksummedFrameWriter(socket.getOutputStream()).write(request);
                InputStream in = socket.getInputStream();
                return new ChecksummedFrameReader(in).read();
            }
        }

        @Test
        void rejectsACorruptedStreamAndKeepsServingOthers() throws Exception {
            List<String> delivered = new CopyOnWriteArrayList<>();
            try (var server = ChecksummedEchoServer.start(p -> {
                        delivered.add(new String(p, StandardCharsets.UTF_8));
                        return p;
                    }, 1 << 20);
                    var proxy = FaultProxy.start(server.address().getPort())) {
                assertArrayEquals(bytes("before"), call(server.address(), bytes("before")));

                proxy.setFaults(Faults.upstream(new FlipBit(6, 2))); // a bit of the request's payload
                IOException seen = assertThrows(IOException.class, () -> {
                    byte[] answer = call(proxy.address(), bytes("charge 10 EUR"));
                    if (answer == null) {
                        throw new EOFException("closed without an answer");
                    }
                });
                assertTrue(seen instanceof EOFException || seen instanceof java.net.SocketException, seen.toString());

                assertArrayEquals(bytes("after"), call(server.address(), bytes("after")));
                assertEquals(List.of("before", "after"), delivered, "the corrupt request never reached the application");
                assertEquals(1, server.rejections().size());
                assertTrue(server.rejections().getFirst().startsWith("frame of 13 bytes failed its CRC32C check"),
                        server.rejections().getFirst());
            }
        }

        @Test
        void rejectsAnOversizedFrameAndKeepsServingOthers() throws Exception {
            try (var server = ChecksummedEchoServer.start(p -> p, 1024)) {
                try (Socket hostile = new Socket()) {
                    hostile.connect(server.address(), 5_000);
                    hostile.setSoTimeout(5_000);
                    hostile.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                    assertEquals(-1, hostile.getInputStream().read(), "the server closed the hostile connection");
                }
                assertArrayEquals(bytes("still here"), call(server.address(), bytes("still here")));
                assertEquals(List.of("frame of 2147483647 bytes exceeds the 1024-byte limit"), server.rejections());
            }
        }

        @Test
        void answersGarbageWithACloseAndANamedReasonAndKeepsServingOthers() throws Exception {
            try (var server = ChecksummedEchoServer.start(p -> p, 1024)) {
                try (Socket confused = connect(server)) { // an HTTP client on the framed port
                    confused.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
                    assertClosedByServer(confused);
                }
                assertArrayEquals(bytes("still here"), call(server.address(), bytes("still here")));
                // "GET " read as a big-endian length is 0x47455420
                assertEquals(List.of("frame of 1195725856 bytes exceeds the 1024-byte limit"), server.rejections());
            }
        }

        @Test
        void disconnectsAClientThatStopsHalfwayThroughAFrameAndServesOthersMeanwhile() throws Exception {
            try (var server = ChecksummedEchoServer.start(p -> p, 1024, Duration.ofMillis(300))) {
                try (Socket halfOpen = connect(server)) {
                    halfOpen.getOutputStream().write(Arrays.copyOf(frame(bytes("never finished")), 6));
                    assertArrayEquals(bytes("meanwhile"), call(server.address(), bytes("meanwhile")));
                    assertEquals(-1, halfOpen.getInputStream().read(), "closed after the server's read timeout");
                }
                assertEquals(List.of(), server.rejections(), "a silent client is not a protocol error");
                awaitNoOpenConnections(server);
            }
        }

        @Test
        void releasesAClientThatLeavesInTheMiddleOfAFrameWithoutWaitingForTheTimeout() throws Exception {
            try (var server = ChecksummedEchoServer.start(p -> p, 1024)) { // 30 s read timeout
                for (int i = 0; i < 5; i++) {
                    try (Socket abandoned = connect(server)) {
                        abandoned.getOutputStream().write(Arrays.copyOf(frame(bytes("abandoned")), 7));
                    }
                }
                awaitNoOpenConnections(server); // well before the read timeout: end of stream frees them
                assertArrayEquals(bytes("next"), call(server.address(), bytes("next")));
            }
        }

        @Test
        void closeEndsEveryConnectionAndLeavesNoneOpen() throws Exception {
            var server = ChecksummedEchoServer.start(p -> p, 1024); // 30 s read timeout
            try (Socket idle = connect(server); Socket halfFrame = connect(server)) {
                halfFrame.getOutputStream().write(new byte[] {0, 0});
                assertArrayEquals(bytes("served"), call(server.address(), bytes("served")));
                long started = System.nanoTime();
                server.close();
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(took.compareTo(ChecksummedEchoServer.DEFAULT_READ_TIMEOUT.dividedBy(2)) < 0,
                        "close() took " + took + ": it waited for a read timeout instead of closing");
                assertEquals(0, server.openConnections());
                assertClosedByServer(idle);
                assertClosedByServer(halfFrame);
            }
        }

        @Test
        @SuppressWarnings("try") // the first connection is closed early on purpose: its slot must come back
        void overTheConnectionLimitOneIsClosedAtOnceAndAFreedSlotServesTheNext() throws Exception {
            try (var server = ChecksummedEchoServer.start(p -> p, 1024, Duration.ofSeconds(30), 2);
                 Socket first = connect(server); Socket second = connect(server)) {
                for (Socket s : new Socket[] {first, second}) { // both are being served
                    new ChecksummedFrameWriter(s.getOutputStream()).write(bytes("hi"));
                    assertArrayEquals(bytes("hi"), new ChecksummedFrameReader(s.getInputStream()).read());
                }
                assertEquals(2, server.openConnections());
                try (Socket third = connect(server)) {
                    assertClosedByServer(third); // over the limit: accepted and closed
                }
                first.close();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (server.openConnections() > 1) { // the slot comes back on the server's thread
                    assertTrue(System.nanoTime() < deadline, "the first connection's slot was never released");
                    Thread.sleep(1);
                }
                try (Socket fourth = connect(server)) {
                    new ChecksummedFrameWriter(fourth.getOutputStream()).write(bytes("again"));
                    assertArrayEquals(bytes("again"), new ChecksummedFrameReader(fourth.getInputStream()).read());
                }
            }
        }

        @Test
        void acceptsEveryLimitAtTheEdgeOfItsRange() throws Exception {
            try (var zero = ChecksummedEchoServer.start(p -> p, 0, Duration.ofMillis(1), 1);
                 var widest = ChecksummedEchoServer.start(p -> p, 1024, Duration.ofMillis(Integer.MAX_VALUE), 1)) {
                assertEquals(0, zero.openConnections());
                assertEquals(0, widest.openConnections());
            }
            var over = assertThrows(IllegalArgumentException.class,
                    () -> ChecksummedEchoServer.start(p -> p, 1024, Duration.ofMillis(Integer.MAX_VALUE + 1L)));
            assertEquals("readTimeout must be 1 ms to 2147483647 ms, not PT596H31M23.648S", over.getMessage());
        }

        @Test
        void refusesABadLimitOrTimeoutNamingTheParameter() {
            var limit = assertThrows(IllegalArgumentException.class, () -> ChecksummedEchoServer.start(p -> p, -1));
            assertEquals("maxPayloadBytes must be >= 0, not -1", limit.getMessage());
            var timeout = assertThrows(IllegalArgumentException.class,
                    () -> ChecksummedEchoServer.start(p -> p, 1024, Duration.ZERO));
            assertEquals("readTimeout must be 1 ms to 2147483647 ms, not PT0S", timeout.getMessage());
            var connections = assertThrows(IllegalArgumentException.class,
                    () -> ChecksummedEchoServer.start(p -> p, 1024, Duration.ofSeconds(1), 0));
            assertEquals("maxConnections must be >= 1, not 0", connections.getMessage());
        }

        private static Socket connect(ChecksummedEchoServer server) throws IOException {
            Socket socket = new Socket();
            socket.connect(server.address(), 5_000);
            socket.setSoTimeout(10_000);
            return socket;
        }

        /** End of stream, or a reset when the server closed with our bytes still unread. */
        private static void assertClosedByServer(Socket socket) {
            try {
                assertEquals(-1, socket.getInputStream().read(), "the server closed the connection");
            } catch (java.net.SocketException reset) {
                // also a close: the kernel resets when unread data is discarded
            } catch (IOException e) {
                throw new AssertionError("expected the server to close the connection, got " + e, e);
            }
        }

        /** Connections are released on the server's own threads: wait for it, with a generous bound. */
        private static void awaitNoOpenConnections(ChecksummedEchoServer server) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.openConnections() > 0) {
                assertTrue(System.nanoTime() < deadline, server.openConnections() + " connections still open after 10 s");
                Thread.yield();
            }
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theExceptionsCarryTheirNumbers() {
        var mismatch = new ChecksumMismatchException(4, 0x1234, 0x5678);
        assertEquals(0x1234, mismatch.expected());
        assertEquals(0x5678, mismatch.actual());
        assertEquals("frame of 0 bytes exceeds the 0-byte limit", new FrameTooLargeException(0, 0).getMessage());
        assertEquals("frame length -1 is negative (limit 0 bytes)", new FrameTooLargeException(-1, 0).getMessage());
    }

    @Test
    void theWriterFlushesEachFrameThroughABufferingStreamAndAcceptsTheLimitsAtItsEdges() throws IOException {
        var sink = new ByteArrayOutputStream();
        new ChecksummedFrameWriter(new java.io.BufferedOutputStream(sink, 8192)).write(new byte[3]);
        assertEquals(4 + 3 + 4, sink.size(), "the frame left the buffer: a frame waiting in a buffer is a hang");
        new ChecksummedFrameWriter(OutputStreamSink.INSTANCE, 0).write(new byte[0]);
        new ChecksummedFrameWriter(OutputStreamSink.INSTANCE, Integer.MAX_VALUE - 8).write(new byte[1]);
    }

    @Test
    void aDetectedCorruptionIsAnIOExceptionAndAnOversizedFrameAProtocolException() {
        assertInstanceOf(IOException.class, new ChecksumMismatchException(1, 2, 3));
        assertInstanceOf(java.net.ProtocolException.class, new FrameTooLargeException(5, 4));
    }
}
