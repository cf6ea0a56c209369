package book.ch01.udp;

import java.util.Locale;

/**
 * What a {@link LossyRelay} did, counted as it did it, so a receiver's measurements can be
 * checked against the truth exactly.
 *
 * @param received   datagrams that came in
 * @param dropped    datagrams not forwarded
 * @param duplicated datagrams forwarded twice
 * @param reordered  held datagrams sent after a later one
 * @param forwarded  datagrams sent out, copies included
 */
public record RelayCounts(long received, long dropped, long duplicated, long reordered, long forwarded) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "received %d, dropped %d, duplicated %d, reordered %d, forwarded %d",
                received, dropped, duplicated, reordered, forwarded);
    }
}
