package book.ch05.balance;

/**
 * Chooses which of {@code n} hosts gets the next request. Hosts are numbered 0..n-1; the caller
 * keeps them in an array and sends to {@code hosts[pick(key)]}, then calls {@link #release} when
 * the request has finished, whatever its outcome (policies that count requests in flight need it).
 *
 * <p>A pick returns a plain {@code int}: no allocation, so a balancer costs nanoseconds beside a
 * network call of hundreds of microseconds (see {@code BalancerPickBenchmark}).
 *
 * <p>Unit "balancer" of chapter 5: every policy of the chapter implements it.
 *
 * <p>Specified by: RoundRobinTest, SmoothWeightedRoundRobinTest, LeastOutstandingTest, PowerOfTwoChoicesTest, ConsistentHashTest, BalancersOnLoopbackTest
 */
public interface Balancer {

    /**
     * The host for one request.
     *
     * @param key the request's routing key (a client address or session id hashed to a long);
     *            hashing policies route on it, the others ignore it
     */
    int pick(long key);

    /** The request sent to {@code host} has finished. */
    default void release(int host) {
    }

    /** How many hosts it chooses among. */
    int size();
}
