package book.ch01.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.udp.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final FakeTime time = new FakeTime();

    @Nested
    class Bucket {

        @Test
        void aFreshBucketLetsOneBurstThroughWithoutWaiting() {
            var bucket = new TokenBucket(1_000, 1_000, time);

            assertEquals(Duration.ZERO, bucket.take(600));
            assertEquals(Duration.ZERO, bucket.take(400));
        }

        @Test
        void aChunkItCannotAffordWaitsForTheRefillToPayTheDebt() {
            var bucket = new TokenBucket(1_000, 1_000, time);
            bucket.take(1_000);

            assertEquals(Duration.ofMillis(500), bucket.take(500));
        }

        @Test
        void idleTimeRefillsTheBucketButNeverBeyondOneBurst() {
            var bucket = new TokenBucket(1_000, 1_000, time);
            bucket.take(1_000);
            time.advance(Duration.ofHours(1)); // an hour of silence saves up one burst, not 3.6 million bytes

            assertEquals(Duration.ZERO, bucket.take(1_000));
            assertEquals(Duration.ofMillis(1), bucket.take(1));
        }

        @Test
        void rejectsARateBelowOneBytePerSecond() {
            var e = assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1_000, time));
            assertEquals("bytesPerSecond must be at least 1, not 0", e.getMessage());
        }
    }

    @Nested
    class PacedWrites {

        // tag::paced-test[]
        @Test
        void writingTakesSizeMinusBurstOverRate() throws IOException {
            var sink = new ByteArrayOutputStream();
            var paced = new PacedOutputStream(sink, new TokenBucket(1_000, 1_000, time), time);

            for (int i = 0; i < 10; i++) {
                paced.write(new byte[500], 0, 500); // 5,000 bytes at 1,000 B/s, first 1,000 free
            }

            assertEquals(5_000, sink.size());
            assertEquals(Duration.ofSeconds(4), time.slept());
            assertEquals(List.of(Duration.ofMillis(500)), time.sleeps().stream().distinct().toList());
        }
        // end::paced-test[]

        @Test
        void anInterruptedPauseFailsTheWriteAndKeepsTheInterruptFlag() {
            Sleeper interrupted = d -> {
                throw new InterruptedException();
            };
            var paced = new PacedOutputStream(new ByteArrayOutputStream(), new TokenBucket(1, 1, time), interrupted);

            try {
                assertThrows(InterruptedIOException.class, () -> paced.write(new byte[10], 0, 10));
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted(); // leave the test thread clean
            }
        }
    }
}
