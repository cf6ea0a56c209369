package book.ch01.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.time.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The transfer's pacing bucket: bursts, debt, refill, and a monotonic ticker. */
class PacingBucketTest {

    private final FakeTime time = new FakeTime();

    @Nested
    class Bucket {

        @Test
        void aFreshBucketLetsOneBurstThroughWithoutWaiting() {
            var bucket = new PacingBucket(1_000, 1_000, time::nanoTime);

            assertEquals(Duration.ZERO, bucket.take(600));
            assertEquals(Duration.ZERO, bucket.take(400));
        }

        @Test
        void aChunkItCannotAffordWaitsForTheRefillToPayTheDebt() {
            var bucket = new PacingBucket(1_000, 1_000, time::nanoTime);
            bucket.take(1_000);

            assertEquals(Duration.ofMillis(500), bucket.take(500));
        }

        @Test
        void idleTimeRefillsTheBucketButNeverBeyondOneBurst() {
            var bucket = new PacingBucket(1_000, 1_000, time::nanoTime);
            bucket.take(1_000);
            time.advance(Duration.ofHours(1)); // an hour of silence saves up one burst, not 3.6 million bytes

            assertEquals(Duration.ZERO, bucket.take(1_000));
            assertEquals(Duration.ofMillis(1), bucket.take(1));
        }

        @Test
        void rejectsARateBelowOneBytePerSecondABurstBelowOneByteAndANegativeTake() {
            var e = assertThrows(IllegalArgumentException.class, () -> new PacingBucket(0, 1_000, time::nanoTime));
            assertEquals("bytesPerSecond must be at least 1, not 0", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new PacingBucket(1, 0, time::nanoTime));
            assertEquals("burstBytes must be at least 1, not 0", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new PacingBucket(1, 1, time::nanoTime).take(-1));
            assertEquals("bytes must not be negative, not -1", e.getMessage());
            assertEquals(Duration.ZERO, new PacingBucket(1, 1, time::nanoTime).take(1));
            assertEquals(Duration.ZERO, new PacingBucket(1, 1, time::nanoTime).take(0), "taking nothing is allowed");
        }

        @Test
        void aWallClockSteppedBackOrForwardChangesNoWait() {
            var bucket = new PacingBucket(1_000, 1_000, time::nanoTime);
            bucket.take(1_000);

            time.stepWallClock(Duration.ofHours(-1)); // an NTP step or date -s: the ticker does not move
            assertEquals(Duration.ofMillis(1), bucket.take(1));
            time.stepWallClock(Duration.ofHours(2));
            assertEquals(Duration.ofMillis(2), bucket.take(1)); // still in debt: no hour of tokens appeared
        }
    }

    @Nested
    class PacedWrites {

        // tag::paced-test[]
        @Test
        void writingTakesSizeMinusBurstOverRate() throws IOException {
            var sink = new ByteArrayOutputStream();
            var paced = new PacedOutputStream(sink, new PacingBucket(1_000, 1_000, time::nanoTime), time);

            for (int i = 0; i < 10; i++) {
                paced.write(new byte[500], 0, 500); // 5,000 bytes at 1,000 B/s, first 1,000 free
            }

            assertEquals(5_000, sink.size());
            assertEquals(Duration.ofSeconds(4), time.slept());
            assertEquals(List.of(Duration.ofMillis(500)), time.sleeps().stream().distinct().toList());
        }
        // end::paced-test[]

        @Test
        void slicesStayInsideTheCallersRangeOfTheArray() throws IOException {
            var sink = new ByteArrayOutputStream();
            var paced = new PacedOutputStream(sink, new PacingBucket(2, 2, time::nanoTime), time);
            byte[] data = {9, 1, 2, 3, 4, 5, 9};

            paced.write(data, 1, 5); // slices of 2, 2 and 1 bytes

            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, sink.toByteArray());
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMillis(500)), time.sleeps());
        }

        @Test
        void aSingleByteIsPacedLikeAnyWrite() throws IOException {
            var sink = new ByteArrayOutputStream();
            var paced = new PacedOutputStream(sink, new PacingBucket(1, 1, time::nanoTime), time);
            paced.write(7);
            paced.write(8);
            assertArrayEquals(new byte[] {7, 8}, sink.toByteArray());
            assertEquals(List.of(Duration.ofSeconds(1)), time.sleeps());
        }

        @Test
        void aWriteLargerThanABurstLeavesInBurstSizedSlicesAtTheRate() throws IOException {
            var sink = new ByteArrayOutputStream();
            var paced = new PacedOutputStream(sink, new PacingBucket(1, 1, time::nanoTime), time);

            paced.write(new byte[100], 0, 100); // 100 bytes at 1 B/s: one byte now, then one a second

            assertEquals(100, sink.size());
            assertEquals(Duration.ofSeconds(99), time.slept());
            assertEquals(99, time.sleeps().size());
            assertEquals(new TransferPlan(100, 65_536, 1).predictedPacing(), time.slept());
        }

        @Test
        void anInterruptedPauseFailsTheWriteAndKeepsTheInterruptFlag() {
            Sleeper interrupted = d -> {
                throw new InterruptedException();
            };
            var paced = new PacedOutputStream(new ByteArrayOutputStream(), new PacingBucket(1, 1, time::nanoTime), interrupted);

            try {
                assertThrows(InterruptedIOException.class, () -> paced.write(new byte[10], 0, 10));
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted(); // leave the test thread clean
            }
        }
    }
}
