package book.ch05.balance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Least outstanding requests: the host with the fewest requests in flight from this client. A
 * slow host keeps its requests longer, so it is picked less, without measuring latency at all
 * ("state-based" balancing). Ties are broken by a rotating start so that idle hosts share the
 * load instead of host 0 taking all of it.
 *
 * <p>It scans all hosts: O(n) per pick, fine for tens of hosts; for hundreds prefer
 * {@link PowerOfTwoChoices}, which reads two. The scan and the increment are not one atomic step,
 * so two threads may pick the same host at the same instant: a momentary imbalance of one
 * request, the price of taking no lock.
 *
 * <p>Unit "balancer-least-outstanding" (with {@link Balancer}, {@link Outstanding}).
 *
 * <p>Specified by: LeastOutstandingTest, BalancersOnLoopbackTest
 */
public final class LeastOutstanding implements Balancer {

    private final Outstanding outstanding;
    private final AtomicInteger start = new AtomicInteger();

    public LeastOutstanding(int hosts) {
        this.outstanding = new Outstanding(hosts);
    }

    // tag::pick[]
    @Override
    public int pick(long key) {
        int n = outstanding.size();
        int first = Math.floorMod(start.getAndIncrement(), n);
        int best = first;
        int fewest = outstanding.of(first);
        for (int k = 1; k < n && fewest > 0; k++) { // 0 in flight cannot be beaten: stop looking
            int i = first + k < n ? first + k : first + k - n;
            int load = outstanding.of(i);
            if (load < fewest) {
                best = i;
                fewest = load;
            }
        }
        outstanding.begin(best);
        return best;
    }

    @Override
    public void release(int host) {
        outstanding.end(host);
    }
    // end::pick[]

    /** Requests in flight on {@code host}. */
    public int outstanding(int host) {
        return outstanding.of(host);
    }

    @Override
    public int size() {
        return outstanding.size();
    }
}
