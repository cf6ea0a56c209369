package book.ch01.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Sender, lossy relay and receiver on loopback: what the receiver measures must equal what the
 * relay did, exactly. Loopback itself loses nothing as long as no socket buffer overflows, so
 * the sender goes in batches and waits until each batch has reached the receiver.
 */
class LossyRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int BATCH = 100;

    private record Run(RelayCounts relay, DeliveryReport receiver) {
    }

    // tag::paced-run[]
    private static Run run(RelayConfig config, long seed, int total) throws IOException, InterruptedException {
        try (var receiver = UdpReceiver.start(0, Duration.ofSeconds(30), InstantSource.system());
                var relay = LossyRelay.start(0, receiver.address().getPort(), config, new SplittableRandom(seed));
                var sender = new UdpSender(relay.address().getPort(), 64, total, InstantSource.system())) {
            for (int sequence = 0; sequence < total; sequence++) {
                sender.send(sequence);
                if ((sequence + 1) % BATCH == 0 || sequence + 1 == total) {
                    // never more than one batch in flight, so no socket buffer can overflow
                    assertTrue(relay.awaitSettled(sequence + 1, WAIT), "relay stalled: " + relay.counts());
                    long forwarded = relay.counts().forwarded();
                    assertTrue(receiver.awaitArrivals(forwarded, WAIT),
                            "loopback lost datagrams: " + receiver.report() + " of " + relay.counts());
                }
            }
            return new Run(relay.counts(), receiver.report());
        }
    }
    // end::paced-run[]

    @Nested
    class MeasuredEqualsInjected {

        // tag::exact-test[]
        @Test
        void theReceiverMeasuresExactlyWhatTheRelayDid() throws Exception {
            int total = 2_000;
            Run run = run(new RelayConfig(0.10, 0.05, 0.05), 42, total);
            RelayCounts relay = run.relay();
            DeliveryReport measured = run.receiver();

            assertEquals(total, relay.received());
            assertEquals(relay.forwarded(), measured.arrivals(), "no real loss on loopback");
            assertEquals(total - relay.dropped(), measured.unique());
            assertEquals(relay.duplicated(), measured.duplicates());
            assertEquals(relay.reordered(), measured.reordered());
            assertEquals((double) relay.dropped() / total, measured.lossRate(), 1e-12);
        }
        // end::exact-test[]

        @Test
        void theInjectedRatesAreTheConfiguredOnesWithinFourStandardDeviations() throws Exception {
            int n = 2_000;
            RelayCounts relay = run(new RelayConfig(0.10, 0.05, 0.05), 7, n).relay();

            assertWithinFourSigma(0.10, relay.dropped(), n);
            // duplicates are drawn for every datagram that is not dropped
            assertWithinFourSigma(0.05, relay.duplicated(), n - relay.dropped());
            // a held datagram is released as "reordered" unless the slot is taken or it waits alone
            assertTrue(relay.reordered() <= n - relay.dropped());
            assertWithinFourSigma(0.05, relay.reordered(), n - relay.dropped(), 0.01);
        }

        @Test
        void theSameSeedMakesTheSameDropAndDuplicateDecisions() throws Exception {
            var config = new RelayConfig(0.2, 0.1, 0.0);
            RelayCounts first = run(config, 1234, 500).relay();
            RelayCounts second = run(config, 1234, 500).relay();

            assertEquals(first, second);
        }

        @Test
        void withAllRatesAtZeroEveryDatagramArrivesOnceAndInOrder() throws Exception {
            DeliveryReport measured = run(new RelayConfig(0, 0, 0), 1, 300).receiver();

            assertEquals(new DeliveryReport(300, 300, 300, 0, 0, 0, measured.meanTransit()), measured);
        }
    }

    @Nested
    class Validation {

        @Test
        void rejectsARateThatIsNotAProbability() {
            var e = assertThrows(IllegalArgumentException.class, () -> new RelayConfig(1.5, 0, 0));
            assertEquals("dropRate must be between 0 and 1, not 1.5", e.getMessage());
        }

        @Test
        void rejectsNotANumberAsARate() {
            var e = assertThrows(IllegalArgumentException.class, () -> new RelayConfig(0, Double.NaN, 0));
            assertEquals("duplicateRate must be between 0 and 1, not NaN", e.getMessage());
        }
    }

    /**
     * A count of Bernoulli(p) successes in n trials has standard deviation sqrt(n p (1 - p));
     * four of them leave a 1-in-15,000 chance of a false alarm, and the seed is fixed anyway.
     */
    private static void assertWithinFourSigma(double p, long count, long n) {
        assertWithinFourSigma(p, count, n, 0.0);
    }

    private static void assertWithinFourSigma(double p, long count, long n, double extraRate) {
        double sigma = Math.sqrt(n * p * (1 - p));
        double expected = n * p;
        double slack = 4 * sigma + extraRate * n;
        assertTrue(Math.abs(count - expected) <= slack,
                count + " of " + n + " is not within " + slack + " of the expected " + expected);
    }
}
