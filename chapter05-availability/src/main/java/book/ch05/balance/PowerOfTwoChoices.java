package book.ch05.balance;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * Power of two random choices (Mitzenmacher): pick two different hosts at random and send to
 * the one with fewer requests in flight. Nearly as good as scanning every host (the worst queue
 * grows as log log n instead of log n for one random choice), at the cost of two reads, whatever
 * the number of hosts; and it avoids the herd that "least loaded" causes when many clients all
 * see the same idle host. Envoy's and gRPC's default for least-request balancing.
 *
 * <p>Randomness is injected as {@code bound -> int in [0, bound)}; the default draws from the
 * calling thread's {@link ThreadLocalRandom}, so it is thread-safe and allocation-free.
 *
 * <p>Unit "balancer-power-of-two" (with {@link Balancer}, {@link Outstanding}).
 *
 * <p>Specified by: PowerOfTwoChoicesTest, BalancersOnLoopbackTest
 */
public final class PowerOfTwoChoices implements Balancer {

    private final Outstanding outstanding;
    private final IntUnaryOperator random;

    public PowerOfTwoChoices(int hosts) {
        this(hosts, bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    /** @param random returns a uniform int in [0, bound) for the bound it is given */
    public PowerOfTwoChoices(int hosts, IntUnaryOperator random) {
        this.outstanding = new Outstanding(hosts);
        this.random = random;
    }

    // tag::pick[]
    @Override
    public int pick(long key) {
        int n = outstanding.size();
        if (n == 1) {
            outstanding.begin(0);
            return 0;
        }
        int a = random.applyAsInt(n);
        int b = random.applyAsInt(n - 1);
        if (b >= a) {
            b++; // two different hosts, each pair equally likely
        }
        int chosen = outstanding.of(b) < outstanding.of(a) ? b : a;
        outstanding.begin(chosen);
        return chosen;
    }
    // end::pick[]

    @Override
    public void release(int host) {
        outstanding.end(host);
    }

    public int outstanding(int host) {
        return outstanding.of(host);
    }

    @Override
    public int size() {
        return outstanding.size();
    }
}
