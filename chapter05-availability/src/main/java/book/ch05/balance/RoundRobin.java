package book.ch05.balance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round robin: each host in turn. The policy for identical hosts serving requests of similar
 * cost ("request-based" balancing): it spreads requests evenly by count, and knows nothing of
 * how busy a host is, so one slow host still receives its full share and its queue grows.
 *
 * <p>Lock-free: one atomic increment per pick, shared by all threads. The counter wraps after
 * 2^32 picks, where the rotation restarts once out of order (harmless).
 *
 * <p>Unit "balancer-round-robin" (with {@link Balancer}).
 *
 * <p>Specified by: RoundRobinTest, BalancersOnLoopbackTest
 */
public final class RoundRobin implements Balancer {

    private final int n;
    private final AtomicInteger next = new AtomicInteger();

    public RoundRobin(int hosts) {
        if (hosts < 1) {
            throw new IllegalArgumentException("hosts must be >= 1, not " + hosts);
        }
        this.n = hosts;
    }

    // tag::pick[]
    @Override
    public int pick(long key) {
        return Math.floorMod(next.getAndIncrement(), n); // floorMod: never negative after the wrap
    }
    // end::pick[]

    @Override
    public int size() {
        return n;
    }
}
