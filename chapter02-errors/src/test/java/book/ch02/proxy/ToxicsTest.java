package book.ch02.proxy;

import book.ch02.proxy.faults.TruncateAfter;
import book.ch02.proxy.faults.Slicer;
import book.ch02.proxy.faults.ResetAfter;
import book.ch02.proxy.faults.Latency;
import book.ch02.proxy.faults.FlipBit;
import book.ch02.proxy.faults.CorruptBytes;
import book.ch02.proxy.faults.Blackhole;
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
        void latencyIsADelayLineEachChunkDueItsLatencyAfterItWasReadAndThePumpNeverWaits() throws Exception {
            DeadlineTicker ticker = new DeadlineTicker();
            Toxic line = Latency.of(Duration.ofMillis(100)).start(ticker, () -> { });
            ConcurrentOutlet out = new ConcurrentOutlet();
            long t0 = ticker.nanoTime();
            List<Long> expected = new java.util.ArrayList<>();
            for (int k = 0; k < 20; k++) { // 8 bytes every 10 ms, as a streaming upstream sends them
                long readAt = t0 + k * 10_000_000L;
                line.pass(new Chunk(new byte[] {(byte) k, 1, 2, 3, 4, 5, 6, 7}, 0, 8, readAt), out);
                expected.add(readAt + 100_000_000L);
            }
            line.end(out);
            assertTrue(out.awaitFinished(), "the end of stream arrives after the data");
            List<Long> deadlines = ticker.deadlines();
            assertEquals(expected, deadlines.subList(0, 20), "every chunk 100 ms after its own read, not after the one before");
            assertFalse(ticker.sleepers().contains(Thread.currentThread().getName()), "the pump never slept");
            assertEquals(20, out.pieces().size());
            for (int k = 0; k < 20; k++) {
                assertEquals(k, out.pieces().get(k)[0], "in order");
            }
        }

        @Test
        void retiringALineDeliversWhatItHoldsBeforeReturningAndClosingDropsIt() throws Exception {
            DeadlineTicker ticker = new DeadlineTicker();
            Toxic line = Latency.of(Duration.ofMillis(50)).start(ticker, () -> { });
            ConcurrentOutlet out = new ConcurrentOutlet();
            line.pass(new Chunk(new byte[3], 0, 3, ticker.nanoTime()), out);
            line.retire();
            assertEquals(1, out.pieces().size());
            line.close(); // after retiring: nothing left, nothing thrown
            line.retire(); // a retired line's thread is gone; retiring again is harmless
        }

        @Test
        void aLineThatNeverSawAChunkRetiresAndClosesWithoutAThread() throws Exception {
            Toxic line = Latency.of(Duration.ofMillis(50)).start(new DeadlineTicker(), () -> { });
            line.retire();
            line.close();
        }

        @Test
        void jitterIsRepeatableForTheSameSeed() throws Exception {
            Latency latency = new Latency(Duration.ofMillis(10), Duration.ofMillis(10), 5);
            List<Long> a = delays(latency);
            assertEquals(a, delays(latency));
            assertTrue(a.stream().distinct().count() > 1, "jitter varies: " + a);
            assertTrue(a.stream().allMatch(d -> d >= 10_000_000L && d <= 20_000_000L), "within latency..latency+jitter: " + a);
        }

        private static List<Long> delays(Latency latency) throws Exception {
            DeadlineTicker ticker = new DeadlineTicker();
            Toxic line = latency.start(ticker, () -> { });
            ConcurrentOutlet out = new ConcurrentOutlet();
            long readAt = ticker.nanoTime();
            for (int i = 0; i < 20; i++) {
                line.pass(new Chunk(new byte[1], 0, 1, readAt), out);
            }
            line.retire();
            return ticker.deadlines().stream().map(d -> d - readAt).toList();
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
