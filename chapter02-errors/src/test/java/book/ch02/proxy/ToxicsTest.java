package book.ch02.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each fault on its own, in memory: exact pieces, exact sleeps, exact cut points. */
class ToxicsTest {

    /** Passes {@code data} through a fresh toxic of {@code fault} in chunks of {@code chunkSize}; returns what came out. */
    static byte[] runInMemory(Fault fault, byte[] data, int chunkSize) throws Exception {
        return run(fault, data, chunkSize, new FakeTicker()).bytes.toByteArray();
    }

    static RecordingOutlet run(Fault fault, byte[] data, int chunkSize, FakeTicker ticker) throws Exception {
        byte[] copy = data.clone();
        RecordingOutlet out = new RecordingOutlet();
        Toxic toxic = fault.start(ticker, () -> { });
        for (int at = 0; at < copy.length && out.endedCleanly == null && out.reset == null; at += chunkSize) {
            toxic.pass(new Chunk(copy, at, Math.min(chunkSize, copy.length - at), ticker.nanoTime()), out);
        }
        if (out.endedCleanly == null && out.reset == null) {
            toxic.end(out);
        }
        return out;
    }

    @Nested
    class Slicing {

        @Test
        void cutsAChunkIntoPiecesOfTheSizeWithTheDelayBetweenThem() throws Exception {
            FakeTicker ticker = new FakeTicker();
            RecordingOutlet out = run(new Slicer(16, Duration.ofMillis(5)), Wire.randomBytes(100, 1), 100, ticker);
            assertEquals(List.of(16, 16, 16, 16, 16, 16, 4), out.sizes());
            assertEquals(Collections.nCopies(6, Duration.ofMillis(5)), ticker.sleeps());
            assertTrue(out.finished, "end of stream passed on");
        }

        @Test
        void rejectsAZeroSizeNamingTheParameter() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Slicer(0, Duration.ZERO));
            assertEquals("size must be positive, not 0", e.getMessage());
        }
    }

    @Nested
    class ByteLimits {

        @Test
        void truncationCutsTheChunkThatCrossesTheLimitAtExactlyTheLimit() throws Exception {
            RecordingOutlet out = run(new TruncateAfter(25), Wire.randomBytes(100, 2), 10, new FakeTicker());
            assertEquals(List.of(10, 10, 5), out.sizes());
            assertEquals("truncated after 25 bytes", out.endedCleanly);
            assertFalse(out.finished);
        }

        @Test
        void truncationAtZeroSendsNothing() throws Exception {
            RecordingOutlet out = run(new TruncateAfter(0), Wire.randomBytes(10, 2), 10, new FakeTicker());
            assertEquals(List.of(), out.sizes());
            assertEquals("truncated after 0 bytes", out.endedCleanly);
        }

        @Test
        void aStreamShorterThanTheLimitEndsNormally() throws Exception {
            RecordingOutlet out = run(new ResetAfter(1000), Wire.randomBytes(100, 2), 30, new FakeTicker());
            assertEquals(100, out.bytes.size());
            assertNull(out.reset);
            assertTrue(out.finished);
        }

        @Test
        void resetComesRightAfterTheLimit() throws Exception {
            RecordingOutlet out = run(new ResetAfter(30), Wire.randomBytes(100, 3), 30, new FakeTicker());
            assertEquals(List.of(30), out.sizes());
            assertEquals("reset after 30 bytes", out.reset);
        }
    }

    @Nested
    class Corruption {

        @Test
        void flipBitChangesOneBitAtThePositionEvenAcrossChunks() throws Exception {
            byte[] data = new byte[50];
            byte[] out = runInMemory(new FlipBit(37, 7), data, 16);
            byte[] expected = new byte[50];
            expected[37] = (byte) 0x80;
            assertArrayEquals(expected, out);
        }

        @Test
        void seededCorruptionDoesNotDependOnHowTheStreamIsChunked() throws Exception {
            CorruptBytes fault = new CorruptBytes(0.05, 9);
            byte[] data = Wire.randomBytes(10_000, 4);
            byte[] whole = runInMemory(fault, data, data.length);
            assertArrayEquals(whole, runInMemory(fault, data, 7));
            assertArrayEquals(whole, runInMemory(fault, data, 1));
            assertFalse(Arrays.equals(data, whole));
        }

        @Test
        void probabilityOneFlipsEveryByte() throws Exception {
            byte[] data = new byte[64];
            byte[] out = runInMemory(new CorruptBytes(1.0, 1), data, 64);
            for (byte b : out) {
                assertEquals(1, Integer.bitCount(b & 0xff));
            }
        }

        @Test
        void rejectsAProbabilityOutsideZeroToOne() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CorruptBytes(1.5, 0));
            assertEquals("probability must be in (0, 1], not 1.5", e.getMessage());
        }
    }

    @Nested
    class Delays {

        @Test
        void latencyCountsFromArrivalSoAChunkThatWaitedIsNotDelayedTwice() throws Exception {
            FakeTicker ticker = new FakeTicker();
            Toxic toxic = Latency.of(Duration.ofMillis(100)).start(ticker, () -> { });
            RecordingOutlet out = new RecordingOutlet();
            long arrived = ticker.nanoTime();
            ticker.sleep(Duration.ofMillis(30)); // it waited behind something else
            toxic.pass(new Chunk(new byte[1], 0, 1, arrived), out);
            assertEquals(List.of(Duration.ofMillis(30), Duration.ofMillis(70)), ticker.sleeps());
        }

        @Test
        void jitterIsRepeatableForTheSameSeed() throws Exception {
            Latency latency = new Latency(Duration.ofMillis(10), Duration.ofMillis(10), 5);
            FakeTicker a = new FakeTicker();
            FakeTicker b = new FakeTicker();
            run(latency, new byte[20], 1, a);
            run(latency, new byte[20], 1, b);
            assertEquals(a.sleeps(), b.sleeps());
            assertTrue(a.sleeps().stream().distinct().count() > 1, "jitter varies: " + a.sleeps());
        }

        @Test
        void blackholeDropsDataAndTheEndOfStream() throws Exception {
            AtomicInteger applied = new AtomicInteger();
            Toxic toxic = new Blackhole().start(new FakeTicker(), applied::incrementAndGet);
            RecordingOutlet out = new RecordingOutlet();
            toxic.pass(new Chunk(new byte[10], 0, 10, 0), out);
            toxic.end(out);
            assertEquals(0, out.bytes.size());
            assertFalse(out.finished, "a dead peer's FIN never arrives");
            assertEquals(2, applied.get());
        }
    }
}
