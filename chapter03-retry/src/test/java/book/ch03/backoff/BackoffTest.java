package book.ch03.backoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each strategy's bounds per attempt, its mean over many seeded draws, its cap, and its
 * behaviour at absurd attempt numbers. The means are checked to within 5 standard errors
 * (sigma / sqrt(n)) of the exact mean of the uniform distribution drawn from: a correct
 * strategy fails that with probability below one in a million, a wrong formula (a factor
 * of 2 off, a missing half) fails it by hundreds of standard errors.
 */
class BackoffTest {

    private static final long BASE = 100;
    private static final long CAP = 30_000;
    private static final int DRAWS = 20_000;

    private final RandomGenerator random = new SplittableRandom(42);

    private static long exp(int attempt) {
        return Math.min(CAP, BASE << (attempt - 1));
    }

    /** The mean of DRAWS delays must be within 5 standard errors of a uniform[low, high)'s mean. */
    private void assertMeanOfUniform(Backoff backoff, int attempt, long previous, double low, double high) {
        double sum = 0;
        for (int i = 0; i < DRAWS; i++) {
            sum += backoff.delayMillis(attempt, previous, random);
        }
        double mean = sum / DRAWS;
        double expected = (low + high) / 2;
        double standardError = (high - low) / Math.sqrt(12) / Math.sqrt(DRAWS);
        assertTrue(Math.abs(mean - expected) <= 5 * standardError + 0.5, // +0.5: delays are whole ms
                "attempt " + attempt + ": mean " + mean + " expected " + expected + " +- " + 5 * standardError);
    }

    private void assertBounds(Backoff backoff, int attempt, long previous, long low, long highInclusive) {
        for (int i = 0; i < 2_000; i++) {
            long d = backoff.delayMillis(attempt, previous, random);
            assertTrue(d >= low && d <= highInclusive,
                    "attempt " + attempt + ": " + d + " not in [" + low + ", " + highInclusive + "]");
        }
    }

    @Nested
    class Ladder {

        @Test
        void doublesFromTheBaseUntilTheCap() {
            Backoff b = new ExponentialBackoff(BASE, CAP);
            long[] expected = {100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000};
            for (int attempt = 1; attempt <= expected.length; attempt++) {
                assertEquals(expected[attempt - 1], b.delayMillis(attempt, 0, random));
            }
        }

        @ParameterizedTest
        @ValueSource(ints = {63, 64, 65, 100, 1_000, Integer.MAX_VALUE})
        void neverOverflowsAtAbsurdAttemptNumbers(int attempt) {
            // a naive base << (attempt - 1) gives 0 or a negative number here, or (Java masks
            // the shift to 6 bits) the base again at attempt 65
            assertEquals(CAP, Exponential.capped(BASE, CAP, attempt));
            for (Backoff b : all()) {
                long d = b.delayMillis(attempt, CAP, random);
                assertTrue(d >= 0 && d <= CAP, b + " gave " + d + " at attempt " + attempt);
                if (!(b instanceof FullJitterBackoff)) {
                    assertTrue(d > 0, b + " gave a zero delay at attempt " + attempt);
                }
            }
        }

        @Test
        void rejectsABadBaseOrCapNamingIt() {
            assertEquals("baseMillis must be positive, not 0", assertThrows(IllegalArgumentException.class,
                    () -> new FullJitterBackoff(0, CAP)).getMessage());
            assertEquals("capMillis must be at least baseMillis (100), not 50", assertThrows(
                    IllegalArgumentException.class, () -> new ExponentialBackoff(100, 50)).getMessage());
        }

        @Test
        void aCapEqualToTheBaseIsAFixedLadderAndTheOneDayCeilingIsAllowed() {
            assertEquals(100, new ExponentialBackoff(100, 100).delayMillis(5, 0, new SplittableRandom(1)));
            long day = Exponential.MAX_CAP_MILLIS;
            assertEquals(day, new ExponentialBackoff(day, day).delayMillis(1, 0, new SplittableRandom(1)));
            assertEquals(day, new FixedBackoff(day).delayMillis());
            assertEquals(0, new FixedBackoff(0).delayMillis());
            assertThrows(IllegalArgumentException.class, () -> new ExponentialBackoff(100, day + 1));
            assertThrows(IllegalArgumentException.class, () -> new FixedBackoff(day + 1));
            assertThrows(IllegalArgumentException.class, () -> new FixedBackoff(-1));
        }

        @Test
        void aStepThatLandsExactlyBelowTheCapIsNotRoundedUpToIt() {
            // base 1, cap 3: the second step is 2 (1 << 1), and 1 == 3 >> 1 must not count as "would pass the cap"
            assertEquals(2, Exponential.capped(1, 3, 2));
            assertEquals(3, Exponential.capped(1, 3, 3));
        }
    }

    @Nested
    class Jitter {

        @Test
        void proportionalStaysWithinTwentyPercentOfTheLadder() {
            Backoff b = new ProportionalJitterBackoff(BASE, CAP, 0.2);
            for (int attempt = 1; attempt <= 8; attempt++) { // 1.2 * exp stays under the cap here
                assertBounds(b, attempt, 0, Math.round(0.8 * exp(attempt)), Math.round(1.2 * exp(attempt)));
                assertMeanOfUniform(b, attempt, 0, 0.8 * exp(attempt), 1.2 * exp(attempt));
            }
        }

        @Test
        void fullIsUniformBelowTheLadder() {
            Backoff b = new FullJitterBackoff(BASE, CAP);
            for (int attempt = 1; attempt <= 12; attempt++) {
                assertBounds(b, attempt, 0, 0, exp(attempt) - 1);
                assertMeanOfUniform(b, attempt, 0, 0, exp(attempt));
            }
        }

        @Test
        void equalKeepsHalfTheLadderAndRandomizesTheOtherHalf() {
            Backoff b = new EqualJitterBackoff(BASE, CAP);
            for (int attempt = 1; attempt <= 12; attempt++) {
                assertBounds(b, attempt, 0, exp(attempt) / 2, exp(attempt) - 1);
                assertMeanOfUniform(b, attempt, 0, exp(attempt) / 2.0, exp(attempt));
            }
        }

        @Test
        void decorrelatedGrowsFromThePreviousDelayAndRespectsTheCap() {
            Backoff b = new DecorrelatedJitterBackoff(BASE, CAP);
            assertBounds(b, 1, 0, BASE, 3 * BASE - 1); // no previous delay: start from the base
            for (long previous : new long[] {100, 500, 2_000, 9_000}) {
                assertBounds(b, 2, previous, BASE, 3 * previous - 1);
                assertMeanOfUniform(b, 2, previous, BASE, 3 * previous);
            }
            assertBounds(b, 2, 20_000, BASE, CAP); // 3 * 20 s passes the cap
            assertBounds(b, 2, Long.MAX_VALUE, BASE, CAP);
        }

        @Test
        void theCapHoldsForEveryStrategyAtEveryAttempt() {
            for (Backoff b : all()) {
                long previous = 0;
                for (int attempt = 1; attempt <= 200; attempt++) {
                    long d = b.delayMillis(attempt, previous, random);
                    assertTrue(d >= 0 && d <= CAP, b + " attempt " + attempt + " gave " + d);
                    previous = d;
                }
            }
        }

        @Test
        void theSameSeedGivesTheSameDelays() {
            Backoff b = new FullJitterBackoff(BASE, CAP);
            RandomGenerator one = new SplittableRandom(7);
            RandomGenerator two = new SplittableRandom(7);
            for (int attempt = 1; attempt <= 20; attempt++) {
                assertEquals(b.delayMillis(attempt, 0, one), b.delayMillis(attempt, 0, two));
            }
        }
    }

    @Nested
    class Defaults {

        @Test
        void theDefaultIsFullJitterFrom200MillisCappedAt30Seconds() {
            assertEquals(new FullJitterBackoff(200, 30_000), BackoffDefaults.backoff());
        }
    }

    private static Backoff[] all() {
        return new Backoff[] {new FixedBackoff(BASE), new ExponentialBackoff(BASE, CAP),
            new ProportionalJitterBackoff(BASE, CAP, 0.2), new FullJitterBackoff(BASE, CAP),
            new EqualJitterBackoff(BASE, CAP), new DecorrelatedJitterBackoff(BASE, CAP)};
    }
}
