package book.ch01.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MessageFramingTest {

    static final int FRAME_LIMIT = 4096;

    static byte[] written(byte[]... messages) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        MessageWriter writer = new MessageWriter(new FrameEncoder(wire, FRAME_LIMIT));
        for (byte[] message : messages) {
            writer.write(message);
        }
        return wire.toByteArray();
    }

    static MessageReader reader(InputStream in, int maxMessageBytes) {
        return new MessageReader(new FrameDecoder(in, FRAME_LIMIT), maxMessageBytes);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    @Nested
    class Fragmentation {

        @Test
        void sendsTheTotalFirstThenChunksOfAtMostTheFrameLimit() throws IOException {
            FrameDecoder frames = new FrameDecoder(new ByteArrayInputStream(written(new byte[10_000])), FRAME_LIMIT);
            List<Integer> sizes = new ArrayList<>();
            for (byte[] frame; (frame = frames.readFrame()) != null; ) {
                sizes.add(frame.length);
            }
            assertEquals(List.of(8, 4096, 4096, 1808), sizes);
        }

        @Test
        void reassemblesMessagesByteForByteUnderRandomSplits() throws IOException {
            byte[] big = random(50_000, 1);
            byte[] empty = new byte[0];
            byte[] exact = random(FRAME_LIMIT, 2);
            byte[] wire = written(big, empty, exact);
            MessageReader reader = reader(ChoppyInputStream.randomSplits(wire, new SplittableRandom(5), 3_000), 100_000);
            assertArrayEquals(big, reader.read());
            assertArrayEquals(empty, reader.read());
            assertArrayEquals(exact, reader.read());
            assertNull(reader.read(), "a clean end between messages");
        }
    }

    /** The limits' exact boundaries, and a message long enough to make the buffer grow. */
    @Nested
    class Boundaries {

        @Test
        void aMessageLargerThanTheFirstBufferGrowsAndArrivesByteForByte() throws IOException {
            byte[] large = random(MessageReader.INITIAL_BUFFER_BYTES * 3 + 17, 5); // past two doublings
            MessageReader reader = reader(ChoppyInputStream.randomSplits(written(large), new SplittableRandom(3), 9_000),
                    large.length);
            assertArrayEquals(large, reader.read());
            assertNull(reader.read());
        }

        @Test
        void aReassemblyLimitOfZeroStillReadsTheEmptyMessageAndANegativeOneIsRefused() throws IOException {
            assertArrayEquals(new byte[0], reader(new ByteArrayInputStream(written(new byte[0])), 0).read());
            assertEquals("maxMessageBytes must not be negative, not -1", assertThrows(IllegalArgumentException.class,
                    () -> reader(InputStream.nullInputStream(), -1)).getMessage());
        }

        @Test
        void anEmptyFrameWhereTheHeaderShouldBeIsMalformedNotTheEnd() {
            byte[] wire = new Wire().frame(new byte[0]).bytes();
            assertEquals("message header frame has 0 bytes, expected 8", assertThrows(MalformedMessageException.class,
                    () -> reader(new ByteArrayInputStream(wire), 100).read()).getMessage());
        }

        @Test
        void aWriterNeedsFramesOfAtLeastTheEightHeaderBytes() throws IOException {
            var wire = new ByteArrayOutputStream();
            new MessageWriter(new FrameEncoder(wire, 8)).write(new byte[3]); // exactly 8: accepted
            assertEquals(4 + 8 + 4 + 3, wire.size());
            assertEquals("maxFrameBytes must be at least 8 to carry a message header, not 7",
                    assertThrows(IllegalArgumentException.class,
                            () -> new MessageWriter(new FrameEncoder(new ByteArrayOutputStream(), 7))).getMessage());
        }
    }

    @Nested
    class BadInput {

        @Test
        void refusesAMessageOverTheReassemblyLimitBeforeReadingAnyOfIt() {
            byte[] wire = new Wire().messageHeader(1L << 40).bytes();
            assertEquals("message of 1099511627776 bytes exceeds the 16777216-byte reassembly limit",
                    assertThrows(MessageTooLargeException.class, () -> reader(new ByteArrayInputStream(wire),
                            MessageReader.DEFAULT_MAX_MESSAGE_BYTES).read()).getMessage());
        }

        @Test
        void aPeerAnnouncingTheLimitButSendingLittleCostsLittleMemory() {
            byte[] wire = new Wire().messageHeader(MessageReader.DEFAULT_MAX_MESSAGE_BYTES).frame(new byte[10]).bytes();
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            assertEquals("stream ended after 10 of 16777216 message bytes", assertThrows(TruncatedInputException.class,
                    () -> reader(new ByteArrayInputStream(wire), MessageReader.DEFAULT_MAX_MESSAGE_BYTES).read())
                    .getMessage());
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes for a 16 MiB claim");
        }

        @Test
        void anEndInTheMiddleOfAMessageIsTruncation() throws IOException {
            byte[] whole = written(new byte[10_000]);
            byte[] cut = java.util.Arrays.copyOf(whole, 12 + 4 + 4096);    // header frame and one chunk
            assertEquals("stream ended after 4096 of 10000 message bytes", assertThrows(
                    TruncatedInputException.class, () -> reader(new ByteArrayInputStream(cut), 10_000).read())
                    .getMessage());
        }

        @Test
        void anEmptyChunkIsMalformedBecauseItMakesNoProgress() {
            byte[] wire = new Wire().messageHeader(10).frame(new byte[0]).bytes();
            assertEquals("chunk of 0 bytes does not fit: 10 of 10 message bytes remain", assertThrows(
                    MalformedMessageException.class, () -> reader(new ByteArrayInputStream(wire), 100).read())
                    .getMessage());
        }

        @Test
        void aChunkOverrunningTheAnnouncedLengthIsMalformed() {
            byte[] wire = new Wire().messageHeader(10).frame(new byte[6]).frame(new byte[6]).bytes();
            assertEquals("chunk of 6 bytes does not fit: 4 of 10 message bytes remain", assertThrows(
                    MalformedMessageException.class, () -> reader(new ByteArrayInputStream(wire), 100).read())
                    .getMessage());
        }

        @Test
        void aHeaderFrameOfTheWrongSizeIsMalformed() {
            byte[] wire = new Wire().frame(new byte[5]).bytes();
            assertEquals("message header frame has 5 bytes, expected 8", assertThrows(
                    MalformedMessageException.class, () -> reader(new ByteArrayInputStream(wire), 100).read())
                    .getMessage());
        }
    }
}
