package book.ch01.udp;

import java.time.Duration;
import java.util.Locale;

/**
 * What a receiver measured about one stream of sequenced datagrams.
 *
 * @param expected    datagrams the sender said it would send (0 before the first arrives)
 * @param unique      distinct sequence numbers received
 * @param arrivals    every datagram received, copies included
 * @param duplicates  arrivals of a sequence number already seen
 * @param reordered   first arrivals of a sequence number lower than the highest seen before it
 * @param malformed   datagrams rejected as not ours
 * @param meanTransit mean of (arrival time - send time); meaningful when both clocks are one
 */
public record DeliveryReport(long expected, long unique, long arrivals, long duplicates, long reordered,
                             long malformed, Duration meanTransit) {

    // tag::loss-rate[]
    /** 1 - received / sent, counting each sequence number once. */
    public double lossRate() {
        return expected == 0 ? 0.0 : 1.0 - (double) unique / expected;
    }
    // end::loss-rate[]

    public boolean complete() {
        return expected > 0 && unique == expected;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "expected %d, received %d (loss %.2f%%), %d duplicates, %d reordered, %d malformed, mean transit %d us",
                expected, unique, 100 * lossRate(), duplicates, reordered, malformed, meanTransit.toNanos() / 1000);
    }
}
