package book.ch01.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.echo.BlockingServer;
import book.ch01.echo.LogCapture;
import book.ch01.echo.Loopback;
import book.ch01.echo.ServerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FramedEchoServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int LIMIT = FrameFormat.DEFAULT_MAX_FRAME_BYTES;

    static BlockingServer framedEchoServer() throws IOException {
        return BlockingServer.start(ServerConfig.defaults(), new FramedEchoHandler(LIMIT));
    }

    static FramedEchoClient client(BlockingServer server) throws IOException {
        return FramedEchoClient.connect(server.port(), LIMIT, TIMEOUT);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * Sends raw bytes and half-closes, as a broken or hostile client would, and returns what
     * the server did next: -1 is EOF, the server closed the connection.
     */
    static int sendRawAndRead(BlockingServer server, byte[] wire) throws IOException {
        try (Socket bad = Loopback.connect(server.port(), TIMEOUT)) {
            bad.getOutputStream().write(wire);
            bad.shutdownOutput();
            return bad.getInputStream().read();
        }
    }

    @Nested
    class Echo {

        @Test
        void echoesEachFrameAsOneFrameUpToTheLimit() throws IOException {
            try (BlockingServer server = framedEchoServer(); FramedEchoClient client = client(server)) {
                for (int size : new int[] {0, 1, 64, 100_000, LIMIT}) {
                    byte[] payload = random(size, size);
                    assertArrayEquals(payload, client.roundTrip(payload), "frame of " + size + " bytes");
                }
            }
        }

        @Test
        void echoesASixMebibyteMessageInChunksByteForByte() throws Exception {
            byte[] message = random(6 * 1024 * 1024 + 123, 11);
            try (BlockingServer server = framedEchoServer(); FramedEchoClient client = client(server)) {
                byte[] echo = client.echoMessage(message, MessageReader.DEFAULT_MAX_MESSAGE_BYTES);
                assertEquals(sha256(message), sha256(echo));
            }
        }

        private static String sha256(byte[] bytes) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
    }

    /** The chapter's own pitfall: memory follows the bytes that arrive, never the length a peer claims. */
    @Nested
    class MemoryFollowsTheBytes {

        static final int HOSTILE_CONNECTIONS = 200;
        /** 200 claims of 1 MiB would retain 200 MiB; 8 KiB buffers and stacks take a few MiB. */
        static final long RETAINED_HEAP_BOUND = 40L << 20;

        @Test
        @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        void twoHundredHeadersClaimingOneMebibyteEachRetainLittleHeapWhileANormalClientIsServed() throws Exception {
            List<Socket> hostile = new ArrayList<>();
            try (BlockingServer server = framedEchoServer(); FramedEchoClient normal = client(server)) {
                assertArrayEquals(random(100, 1), normal.roundTrip(random(100, 1))); // warm: classes loaded
                long before = heapAfterGc();
                byte[] claim = ByteBuffer.allocate(FrameFormat.HEADER_BYTES).putInt(LIMIT).array();
                for (int i = 0; i < HOSTILE_CONNECTIONS; i++) {
                    Socket socket = Loopback.connect(server.port(), TIMEOUT);
                    hostile.add(socket);
                    socket.getOutputStream().write(claim); // then nothing: the claim is all they send
                }
                awaitActive(server, HOSTILE_CONNECTIONS + 1);
                long worst = 0;
                for (int i = 0; i < 5; i++) { // the handlers read their headers meanwhile; take the worst
                    byte[] payload = random(64, i);
                    assertArrayEquals(payload, normal.roundTrip(payload), "the normal client is still served");
                    worst = Math.max(worst, heapAfterGc() - before);
                }
                assertTrue(worst < RETAINED_HEAP_BOUND, "retained " + (worst >> 20) + " MiB for "
                        + HOSTILE_CONNECTIONS + " empty claims of " + LIMIT + " bytes");
            } finally {
                for (Socket s : hostile) {
                    s.close();
                }
            }
        }

        private static long heapAfterGc() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            memory.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }

        private static void awaitActive(BlockingServer server, int active) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (server.stats().active() < active) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the server holds " + server.stats().active() + " of " + active);
                }
                Thread.sleep(10);
            }
        }
    }

    @Nested
    class BadFrames {

        @Test
        void rejectsFrameOverLimitAndKeepsServingOthers() throws IOException {
            try (LogCapture log = LogCapture.of(BlockingServer.class);
                 BlockingServer server = framedEchoServer();
                 FramedEchoClient good = client(server)) {
                assertArrayEquals(new byte[] {1}, good.roundTrip(new byte[] {1}));

                assertEquals(-1, sendRawAndRead(server, new Wire().header(Integer.MAX_VALUE).bytes()),
                        "the bad client's connection is closed");

                assertArrayEquals(new byte[] {2}, good.roundTrip(new byte[] {2}), "the good one is still served");
                try (FramedEchoClient newcomer = client(server)) {
                    assertArrayEquals(new byte[] {3}, newcomer.roundTrip(new byte[] {3}));
                }
                assertEquals(1, server.stats().failed());
                assertTrue(log.messages().stream().anyMatch(m -> m.endsWith(
                        "FrameTooLargeException: frame of 2147483647 bytes exceeds the 1048576-byte limit")),
                        () -> "logged: " + log.messages());
            }
        }

        @Test
        void logsTheSpecificErrorOfEachBadFrame() throws IOException {
            try (LogCapture log = LogCapture.of(BlockingServer.class);
                 BlockingServer server = framedEchoServer()) {
                assertEquals(-1, sendRawAndRead(server, new Wire().header(-1).bytes()));
                assertEquals(-1, sendRawAndRead(server, new Wire().header(10).raw(new byte[3]).bytes()));
                assertEquals(2, server.stats().failed());
                assertTrue(log.messages().stream().anyMatch(m -> m.endsWith("frame length -1 is negative (header 0xffffffff)")),
                        () -> "logged: " + log.messages());
                assertTrue(log.messages().stream().anyMatch(m -> m.endsWith("stream ended after 3 of 10 payload bytes")),
                        () -> "logged: " + log.messages());
            }
        }
    }
}
