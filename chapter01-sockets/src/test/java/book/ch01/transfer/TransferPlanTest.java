package book.ch01.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a transfer plan accepts, its pacing burst, and the time it predicts: (size - burst) / rate. */
class TransferPlanTest {

    @Nested
    class Validation {

        @Test
        void acceptsTheSmallestValuesAndNamesEachBadOne() {
            var smallest = new TransferPlan(0, 1, 0);
            assertFalse(smallest.paced(), "a rate of 0 means unlimited");
            assertTrue(new TransferPlan(0, 1, 1).paced());
            assertEquals("bytes must not be negative, not -1",
                    assertThrows(IllegalArgumentException.class, () -> new TransferPlan(-1, 1, 0)).getMessage());
            assertEquals("chunkBytes must be at least 1, not 0",
                    assertThrows(IllegalArgumentException.class, () -> new TransferPlan(0, 0, 0)).getMessage());
            assertEquals("bytesPerSecond must be 0 (unlimited) or more, not -1",
                    assertThrows(IllegalArgumentException.class, () -> new TransferPlan(0, 1, -1)).getMessage());
        }
    }

    @Nested
    class Prediction {

        @Test
        void theBurstIsATenthOfASecondOfTheRateAtLeastOneByteAtMostOneChunk() {
            assertEquals(65_536, new TransferPlan(1, 65_536, 1_000_000).burstBytes());
            assertEquals(5_000, new TransferPlan(1, 65_536, 50_000).burstBytes());
            assertEquals(1, new TransferPlan(1, 65_536, 5).burstBytes());
        }

        @Test
        void oneHundredBytesAtOneBytePerSecondTakeNinetyNineSecondsNotZero() {
            assertEquals(Duration.ofSeconds(99), new TransferPlan(100, 65_536, 1).predictedPacing());
        }

        @Test
        void theFirstBurstIsFreeAndTheNextByteCostsOneOverTheRate() {
            assertEquals(Duration.ZERO, new TransferPlan(1_000, 1_000, 10_000).predictedPacing()); // bytes == burst
            assertEquals(Duration.ofNanos(100_000), new TransferPlan(1_001, 1_000, 10_000).predictedPacing()); // 1 / 10,000 s
            assertEquals(Duration.ofMillis(2_400), new TransferPlan(25, 1, 10).predictedPacing()); // 24 / 10 s
            assertEquals(Duration.ofSeconds(1_000), new TransferPlan(1_000_000_001L, 1, 1_000_000).predictedPacing());
        }

        @Test
        void anUnpacedTransferPredictsNoPacingAtAll() {
            assertEquals(Duration.ZERO, new TransferPlan(10_000_000, 1, TransferPlan.UNLIMITED).predictedPacing());
        }

        @Test
        void theLargestPlanPredictsWithoutOverflow() {
            assertEquals(Duration.ofSeconds(9_999_999_999L), new TransferPlan(10_000_000_000L, 1, 1).predictedPacing());
        }
    }
}
