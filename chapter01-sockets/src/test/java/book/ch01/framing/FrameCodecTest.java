package book.ch01.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.echo.Loopback;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    static final int LIMIT = FrameFormat.DEFAULT_MAX_FRAME_BYTES;

    static List<byte[]> payloads(RandomGenerator random, int count, int maxSize) {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] p = new byte[random.nextInt(maxSize + 1)];
            random.nextBytes(p);
            payloads.add(p);
        }
        return payloads;
    }

    static byte[] encode(List<byte[]> payloads) {
        Wire wire = new Wire();
        payloads.forEach(wire::frame);
        return wire.bytes();
    }

    static void assertDecodesExactly(List<byte[]> expected, InputStream in) throws IOException {
        FrameDecoder decoder = new FrameDecoder(in, LIMIT);
        for (byte[] payload : expected) {
            assertArrayEquals(payload, decoder.readFrame());
        }
        assertNull(decoder.readFrame(), "a clean end after the last frame");
    }

    @Nested
    class PartialAndCoalescedReads {

        @Test
        void decodesFramesDeliveredOneByteAtATime() throws IOException {
            List<byte[]> sent = List.of(new byte[0], new byte[] {1}, "hello".getBytes(), new byte[70_000]);
            byte[] wire = encode(sent);
            ChoppyInputStream in = ChoppyInputStream.oneByteAtATime(wire);
            assertDecodesExactly(sent, in);
            assertEquals(wire.length, in.reads(), "every byte came in a read of its own");
        }

        @Test
        void decodesFramesUnderRandomSplitsFromASeededGenerator() throws IOException {
            RandomGenerator random = new SplittableRandom(42);
            List<byte[]> sent = payloads(random, 300, 2_000);
            ChoppyInputStream in = ChoppyInputStream.randomSplits(encode(sent), random, 700);
            assertDecodesExactly(sent, in);
            assertTrue(in.reads() > sent.size(), "frames were split across reads: " + in.reads());
        }

        @Test
        void decodesSeveralFramesCoalescedInOneRead() throws IOException {
            List<byte[]> sent = payloads(new SplittableRandom(3), 20, 100);
            assertDecodesExactly(sent, new BufferedInputStream(new ByteArrayInputStream(encode(sent))));
        }

        @Test
        void decodesFramesWrittenInOneBurstAndInPiecesOnALoopbackSocket() throws IOException {
            List<byte[]> sent = payloads(new SplittableRandom(9), 50, 5_000);
            byte[] wire = encode(sent);
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket writer = Loopback.connect(listener.getLocalPort(), Duration.ofSeconds(10));
                 Socket reader = listener.accept()) {
                reader.setSoTimeout(10_000);
                writer.getOutputStream().write(wire, 0, wire.length / 2 + 3);   // splits a frame somewhere
                writer.getOutputStream().write(wire, wire.length / 2 + 3, wire.length - wire.length / 2 - 3);
                writer.shutdownOutput();
                assertDecodesExactly(sent, new BufferedInputStream(reader.getInputStream()));
            }
        }
    }

    /** The decoder's buffer grows with the bytes that arrive, at the boundaries where it doubles. */
    @Nested
    class Growth {

        @Test
        void decodesFramesAroundEveryDoublingBoundaryByteForByte() throws IOException {
            int first = FrameDecoder.FIRST_ALLOCATION_BYTES;
            List<byte[]> sent = new ArrayList<>();
            for (int size : new int[] {first - 1, first, first + 1, 2 * first, 2 * first + 1, 4 * first + 3}) {
                byte[] p = new byte[size];
                new SplittableRandom(size).nextBytes(p);
                sent.add(p);
            }
            assertDecodesExactly(sent, ChoppyInputStream.randomSplits(encode(sent), new SplittableRandom(7), 5_000));
        }
    }

    @Nested
    class Limits {

        @Test
        void rejectsAFrameOverTheLimitBeforeAllocatingIt() {
            byte[] wire = new Wire().header(Integer.MAX_VALUE).bytes();
            // Allocating 2 GiB first would end in an OutOfMemoryError, not this exception.
            FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                    () -> new FrameDecoder(new ByteArrayInputStream(wire), LIMIT).readFrame());
            assertEquals("frame of 2147483647 bytes exceeds the 1048576-byte limit", e.getMessage());
            assertInstanceOf(FramingException.class, e);
        }

        @Test
        void acceptsAFrameExactlyAtTheLimitAndRefusesOneByteMore() throws IOException {
            byte[] wire = new Wire().frame(new byte[100]).frame(new byte[101]).bytes();
            FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(wire), 100);
            assertEquals(100, decoder.readFrame().length);
            assertEquals("frame of 101 bytes exceeds the 100-byte limit",
                    assertThrows(FrameTooLargeException.class, decoder::readFrame).getMessage());
        }

        @Test
        void rejectsANegativeLength() {
            byte[] wire = new Wire().header(-1).raw(new byte[8]).bytes();
            assertEquals("frame length -1 is negative (header 0xffffffff)",
                    assertThrows(NegativeFrameLengthException.class,
                            () -> new FrameDecoder(new ByteArrayInputStream(wire), LIMIT).readFrame()).getMessage());
        }

        @Test
        void anEmptyFrameIsAFrameEvenWithALimitOfZero() throws IOException {
            byte[] wire = new Wire().frame(new byte[0]).frame(new byte[1]).bytes();
            FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(wire), 0);
            assertArrayEquals(new byte[0], decoder.readFrame());
            assertEquals("frame of 1 bytes exceeds the 0-byte limit",
                    assertThrows(FrameTooLargeException.class, decoder::readFrame).getMessage());
        }

        @Test
        void aLimitMustNotBeNegative() {
            assertEquals(0, FrameFormat.checkLimit(0));
            assertEquals(Integer.MAX_VALUE, FrameFormat.checkLimit(Integer.MAX_VALUE));
            assertEquals("maxFrameBytes must not be negative, not -1",
                    assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(InputStream.nullInputStream(), -1))
                            .getMessage());
            assertEquals("maxFrameBytes must not be negative, not -1",
                    assertThrows(IllegalArgumentException.class, () -> new FrameEncoder(OutputStream.nullOutputStream(), -1))
                            .getMessage());
        }

        @Test
        void theLengthCheckPassesZeroAndTheLimitAndNamesWhatItRefuses() throws FramingException {
            FrameFormat.checkLength(0, 0);
            FrameFormat.checkLength(7, 7);
            assertEquals("frame of 8 bytes exceeds the 7-byte limit",
                    assertThrows(FrameTooLargeException.class, () -> FrameFormat.checkLength(8, 7)).getMessage());
            FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> FrameFormat.checkLength(8, 7));
            assertEquals(8, e.length());
            assertEquals(7, e.limit());
            assertEquals("frame length -2147483648 is negative (header 0x80000000)",
                    assertThrows(NegativeFrameLengthException.class,
                            () -> FrameFormat.checkLength(Integer.MIN_VALUE, 7)).getMessage());
        }

        @Test
        void encoderRefusesAFrameOverItsLimitAndWritesNothing() {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            FrameEncoder encoder = new FrameEncoder(sink, 10);
            assertEquals("frame of 11 bytes exceeds the 10-byte limit",
                    assertThrows(FrameTooLargeException.class, () -> encoder.writeFrame(new byte[11])).getMessage());
            assertEquals(0, sink.size());
        }
    }

    @Nested
    class EndOfStream {

        @Test
        void aCleanEndBetweenFramesIsNoErrorButNull() throws IOException {
            FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(new Wire().frame(new byte[3]).bytes()), LIMIT);
            assertEquals(3, decoder.readFrame().length);
            assertNull(decoder.readFrame());
            assertNull(decoder.readFrame(), "and stays null");
        }

        @Test
        void anEndInsideTheHeaderIsTruncation() {
            byte[] wire = {0, 0};
            assertEquals("stream ended after 2 of 4 header bytes", assertThrows(TruncatedInputException.class,
                    () -> new FrameDecoder(new ByteArrayInputStream(wire), LIMIT).readFrame()).getMessage());
        }

        @Test
        void anEndInsideTheFirstHeaderByteCountsOneByte() {
            TruncatedInputException e = assertThrows(TruncatedInputException.class,
                    () -> new FrameDecoder(new ByteArrayInputStream(new byte[] {0}), LIMIT).readFrame());
            assertEquals("stream ended after 1 of 4 header bytes", e.getMessage());
            assertEquals(1, e.received());
            assertEquals(4, e.expected());
        }

        @Test
        void anEndAfterTheBufferHasGrownCountsEveryByteReceived() {
            int arrived = FrameDecoder.FIRST_ALLOCATION_BYTES * 2 + 1; // past two doublings
            byte[] wire = new Wire().header(LIMIT).raw(new byte[arrived]).bytes();
            assertEquals("stream ended after " + arrived + " of " + LIMIT + " payload bytes",
                    assertThrows(TruncatedInputException.class,
                            () -> new FrameDecoder(ChoppyInputStream.oneByteAtATime(wire), LIMIT).readFrame())
                            .getMessage());
        }

        @Test
        void anEndInsideThePayloadIsTruncation() {
            byte[] wire = new Wire().header(10).raw(new byte[] {1, 2, 3}).bytes();
            assertEquals("stream ended after 3 of 10 payload bytes", assertThrows(TruncatedInputException.class,
                    () -> new FrameDecoder(ChoppyInputStream.oneByteAtATime(wire), LIMIT).readFrame()).getMessage());
        }
    }
}
