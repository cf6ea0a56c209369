package book.ch05.balance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Consistent hashing on a ring with virtual nodes (Karger et al.; as in Envoy's ring_hash and
 * Cassandra before vnodes were tokens): each host owns {@code virtualNodes} points on a ring of
 * 64-bit hashes, and a key goes to the owner of the first point at or after the key's hash. The
 * same key always reaches the same host ("IP-based" balancing, session affinity, a cache's shard),
 * and when a host joins or leaves only the keys between its points and their predecessors move:
 * about 1/n of them, where {@code key % n} would move nearly all (see {@code KeyMovementTest}).
 *
 * <p>More virtual nodes spread the keys more evenly (the largest host's share over the mean is
 * about 1 + 1/sqrt(virtualNodes)) at the cost of memory and a slightly longer binary search.
 * Defaults: {@value #DEFAULT_VIRTUAL_NODES} points per host. Hosts are named (a name must be
 * stable across restarts: the address, not an index) so a rebuilt ring puts them at the same
 * points. The ring is immutable: build a new one when the hosts change.
 *
 * <p>Unit "balancer-consistent-hash" (with {@link Balancer}, {@link JumpHash}).
 *
 * <p>Specified by: ConsistentHashTest, KeyMovementTest, BalancersOnLoopbackTest
 */
public final class HashRing implements Balancer {

    public static final int DEFAULT_VIRTUAL_NODES = 160;
    public static final int MAX_VIRTUAL_NODES = 10_000;

    private final int hosts;
    private final long[] points; // sorted hashes
    private final int[] owner;   // owner[i] is the host of points[i]

    public HashRing(List<String> hostNames) {
        this(hostNames, DEFAULT_VIRTUAL_NODES);
    }

    public HashRing(List<String> hostNames, int virtualNodes) {
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("a ring needs at least one host");
        }
        if (virtualNodes < 1 || virtualNodes > MAX_VIRTUAL_NODES) {
            throw new IllegalArgumentException("virtualNodes must be 1.." + MAX_VIRTUAL_NODES + ", not " + virtualNodes);
        }
        if ((long) hostNames.size() * virtualNodes > 10_000_000) {
            throw new IllegalArgumentException(hostNames.size() + " hosts x " + virtualNodes + " virtual nodes exceeds 10000000 points");
        }
        this.hosts = hostNames.size();
        int size = hosts * virtualNodes;
        long[] hash = new long[size];
        Integer[] order = new Integer[size];
        for (int h = 0; h < hosts; h++) {
            for (int v = 0; v < virtualNodes; v++) {
                int i = h * virtualNodes + v;
                hash[i] = hash(hostNames.get(h) + "#" + v);
                order[i] = i;
            }
        }
        Arrays.sort(order, (a, b) -> Long.compare(hash[a], hash[b]));
        this.points = new long[size];
        this.owner = new int[size];
        for (int i = 0; i < size; i++) {
            points[i] = hash[order[i]];
            owner[i] = order[i] / virtualNodes;
        }
    }

    // tag::pick[]
    @Override
    public int pick(long key) {
        long h = JumpHash.mix(key); // spread keys that differ in a few bits (1, 2, 3 ...)
        int i = Arrays.binarySearch(points, h);
        if (i < 0) {
            i = -i - 1; // the first point after h
        }
        return owner[i == points.length ? 0 : i]; // past the last point: wrap to the first
    }
    // end::pick[]

    @Override
    public int size() {
        return hosts;
    }

    /** 64-bit FNV-1a of the name's UTF-8 bytes, then mixed: a stable position on the ring. */
    static long hash(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return JumpHash.mix(h);
    }
}
