package book.ch01.udp;

import java.time.Duration;
import java.util.BitSet;

/**
 * Counts loss, duplicates and reordering from the sequence numbers of arriving datagrams,
 * the three things UDP does not protect against. Not thread-safe; the receiver owns it.
 */
public final class DeliveryStats {

    private final BitSet seen = new BitSet();
    private long expected;
    private long unique;
    private long arrivals;
    private long duplicates;
    private long reordered;
    private long malformed;
    private long highest = -1;
    private long transitMicrosSum;

    // tag::record[]
    /** Records one arrival; {@code arrivedAtMicros} is the receiver's clock. */
    public void record(SequencedDatagram d, long arrivedAtMicros) throws MalformedDatagramException {
        if (expected != 0 && d.total() != expected) {
            throw new MalformedDatagramException("datagram " + d.sequence() + " says the total is "
                    + d.total() + ", earlier ones said " + expected);
        }
        expected = d.total();
        arrivals++;
        int index = (int) d.sequence(); // fits: total <= MAX_TOTAL
        if (seen.get(index)) {
            duplicates++;
            return;
        }
        seen.set(index);
        unique++;
        transitMicrosSum += arrivedAtMicros - d.sentAtMicros();
        if (d.sequence() < highest) {
            reordered++; // a later datagram overtook this one
        } else {
            highest = d.sequence();
        }
    }
    // end::record[]

    /** Counts a datagram that was rejected, by {@link SequencedDatagram#decode} or by {@link #record}. */
    public void recordMalformed() {
        malformed++;
    }

    public DeliveryReport report() {
        Duration meanTransit = unique == 0 ? Duration.ZERO : Duration.ofNanos(transitMicrosSum * 1000 / unique);
        return new DeliveryReport(expected, unique, arrivals, duplicates, reordered, malformed, meanTransit);
    }
}
