package book.ch05.balance;

import java.util.Arrays;

/**
 * Weighted round robin as nginx does it ("smooth weighted round robin"): a host of weight 5
 * among hosts of weight 1 gets 5 of every 7 requests, interleaved (a a b a c a a) rather than in
 * a burst of five. For hosts of different capacity (a bigger machine, a canary given 1 %).
 *
 * <p>Each pick adds every host's weight to its current value, takes the host with the largest,
 * and subtracts the total from it; over one cycle of {@code total} picks each host is chosen
 * exactly {@code weight} times. Weights are 1..1000 (0 would be "never": remove the host instead);
 * state is updated under a lock held for one pass over the hosts.
 *
 * <p>Unit "balancer-weighted" (with {@link Balancer}).
 *
 * <p>Specified by: SmoothWeightedRoundRobinTest, BalancersOnLoopbackTest
 */
public final class SmoothWeightedRoundRobin implements Balancer {

    /** Largest weight accepted: keeps {@code current} far from overflow (hosts x weight < 2^31). */
    public static final int MAX_WEIGHT = 1000;

    private final int[] weight;
    private final int[] current;
    private final int total;

    public SmoothWeightedRoundRobin(int... weights) {
        if (weights.length < 1 || weights.length > 100_000) {
            throw new IllegalArgumentException("weights must name 1..100000 hosts, not " + weights.length);
        }
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 1 || weights[i] > MAX_WEIGHT) {
                throw new IllegalArgumentException("weight of host " + i + " must be 1.." + MAX_WEIGHT + ", not " + weights[i]);
            }
            sum += weights[i];
        }
        this.weight = weights.clone();
        this.current = new int[weights.length];
        this.total = sum;
    }

    // tag::pick[]
    @Override
    public synchronized int pick(long key) {
        int best = 0;
        for (int i = 0; i < weight.length; i++) {
            current[i] += weight[i];
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        return best;
    }
    // end::pick[]

    @Override
    public int size() {
        return weight.length;
    }

    @Override
    public String toString() {
        return "SmoothWeightedRoundRobin" + Arrays.toString(weight);
    }
}
