package book.ch05.replica;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ReplicaServer} misbehaves right now: a latency with a heavy tail, a failure
 * rate, a stall, corrupt replies, a failing health check. Immutable; the server swaps the
 * whole record atomically ({@link ReplicaServer#update}), so a request never sees half of a
 * change.
 *
 * <p>Each request to a work path waits {@code baseLatency}, or with probability
 * {@code tailProbability} waits {@code tailLatency} instead; then answers 503 with probability
 * {@code failureRate}. A stalled replica accepts connections and reads requests but never
 * answers (the failure a health check catches and a connect timeout does not). A corrupt one
 * answers bytes that are not HTTP. An unhealthy one answers {@code /health} with 503 and still
 * serves work (a replica draining before maintenance).
 *
 * @param baseLatency     the usual time to answer, 0 to 10 minutes
 * @param tailProbability the share of requests that take {@code tailLatency} instead, 0..1
 * @param tailLatency     the slow answer's latency, 0 to 10 minutes
 * @param failureRate     the share of work requests answered 503, 0..1
 * @param stalled         accept and read, never answer
 * @param corrupt         answer garbage instead of HTTP
 * @param healthy         what {@code /health} says
 */
public record Behaviour(Duration baseLatency, double tailProbability, Duration tailLatency,
        double failureRate, boolean stalled, boolean corrupt, boolean healthy) {

    /** Longest latency a replica accepts: anything longer is a stall, say so instead. */
    public static final Duration MAX_LATENCY = Duration.ofMinutes(10);

    /** Answers at once, never fails, healthy. */
    public static final Behaviour FAST = new Behaviour(Duration.ZERO, 0, Duration.ZERO, 0, false, false, true);

    public Behaviour {
        checkLatency("baseLatency", baseLatency);
        checkLatency("tailLatency", tailLatency);
        checkShare("tailProbability", tailProbability);
        checkShare("failureRate", failureRate);
    }

    public Behaviour withLatency(Duration latency) {
        return new Behaviour(latency, tailProbability, tailLatency, failureRate, stalled, corrupt, healthy);
    }

    /** With probability {@code probability} a request takes {@code latency} instead of the base. */
    public Behaviour withTail(double probability, Duration latency) {
        return new Behaviour(baseLatency, probability, latency, failureRate, stalled, corrupt, healthy);
    }

    public Behaviour withFailureRate(double rate) {
        return new Behaviour(baseLatency, tailProbability, tailLatency, rate, stalled, corrupt, healthy);
    }

    public Behaviour withStalled(boolean on) {
        return new Behaviour(baseLatency, tailProbability, tailLatency, failureRate, on, corrupt, healthy);
    }

    public Behaviour withCorrupt(boolean on) {
        return new Behaviour(baseLatency, tailProbability, tailLatency, failureRate, stalled, on, healthy);
    }

    public Behaviour withHealthy(boolean on) {
        return new Behaviour(baseLatency, tailProbability, tailLatency, failureRate, stalled, corrupt, on);
    }

    private static void checkLatency(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException(name + " must be 0.." + MAX_LATENCY + ", not " + d);
        }
    }

    private static void checkShare(String name, double p) {
        if (!(p >= 0 && p <= 1)) { // also refuses NaN
            throw new IllegalArgumentException(name + " must be 0..1, not " + p);
        }
    }
}
