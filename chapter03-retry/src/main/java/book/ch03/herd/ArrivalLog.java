package book.ch03.herd;

import java.util.ArrayList;
import java.util.List;

/**
 * When requests reached the server, and which attempt each was: the raw material for the
 * "spikes versus spread" picture. Thread-safe.
 */
public final class ArrivalLog {

    /** One arrival, in milliseconds since the server started. */
    public record Arrival(long atMillis, int attempt) {
    }

    private final List<Arrival> arrivals = new ArrayList<>();

    public synchronized void record(long atMillis, int attempt) {
        arrivals.add(new Arrival(atMillis, attempt));
    }

    public synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Arrivals of retries (attempt 2 or later) per bucket, from time 0. */
    public int[] retriesPerBucket(long bucketMillis) {
        List<Arrival> all = arrivals();
        long last = all.stream().mapToLong(Arrival::atMillis).max().orElse(0);
        int[] buckets = new int[(int) (last / bucketMillis) + 1];
        for (Arrival a : all) {
            if (a.attempt() >= 2) {
                buckets[(int) (a.atMillis() / bucketMillis)]++;
            }
        }
        return buckets;
    }

    // tag::peak[]
    /**
     * The most retries that arrived within any window of this length. A sliding window, not
     * fixed buckets, so that a burst split by a bucket boundary still counts as one burst.
     */
    public int peakRetriesInWindow(long windowMillis) {
        long[] times = arrivals().stream().filter(a -> a.attempt() >= 2)
                .mapToLong(Arrival::atMillis).sorted().toArray();
        int peak = 0;
        for (int first = 0, last = 0; last < times.length; last++) {
            while (times[last] - times[first] >= windowMillis) {
                first++;
            }
            peak = Math.max(peak, last - first + 1);
        }
        return peak;
    }
    // end::peak[]

    /** A text histogram: one line per bucket, one '#' per arrival. */
    public static String histogram(int[] buckets, long bucketMillis) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < buckets.length; i++) {
            sb.append(String.format("  %5d ms %3d %s%n", i * bucketMillis, buckets[i], "#".repeat(buckets[i])));
        }
        return sb.toString();
    }
}
