package book.ch05.balance;

/**
 * Jump consistent hash (Lamping and Veach, 2014): maps a key to one of {@code buckets} buckets
 * with no table at all, in O(log n) steps, spreading keys perfectly evenly, and moving only
 * 1/(n+1) of them when a bucket is added. Its limit: buckets are numbered, and only the last one
 * can be removed without moving other keys, so it suits shards that grow and shrink at the end
 * (storage shards), not a set of hosts where any one may die. A ring ({@link HashRing}) takes
 * any host out.
 *
 * <p>Unit "balancer-consistent-hash" (with {@link Balancer}, {@link HashRing}).
 *
 * <p>Specified by: ConsistentHashTest, KeyMovementTest
 */
public final class JumpHash implements Balancer {

    private final int buckets;

    public JumpHash(int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be >= 1, not " + buckets);
        }
        this.buckets = buckets;
    }

    @Override
    public int pick(long key) {
        return bucket(mix(key), buckets);
    }

    @Override
    public int size() {
        return buckets;
    }

    // tag::jump[]
    /** The paper's algorithm: a pseudo-random walk whose jumps skip ahead to the next bucket the key would move to. */
    public static int bucket(long key, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
    // end::jump[]

    /** MurmurHash3's 64-bit finalizer: every input bit changes about half of the output bits. */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
