package book.ch02.proxy;

import java.util.List;
import java.util.Objects;

/**
 * The faults a {@link FaultProxy} applies, per direction, in order: each chunk goes through the
 * list's faults first to last. Immutable; the default, {@link #NONE}, forwards every byte as
 * it came. Apply with {@link FaultProxy#setFaults}: it takes effect on the next chunk of every
 * open connection, and a direction whose list changed starts its faults afresh (their byte
 * counts and random sequences begin again).
 *
 * @param upstream   the faults on client-to-server bytes (the requests)
 * @param downstream the faults on server-to-client bytes (the responses)
 */
public record Faults(List<Fault> upstream, List<Fault> downstream) {

    /** No fault at all: a clean, transparent proxy. */
    public static final Faults NONE = new Faults(List.of(), List.of());

    public Faults {
        upstream = List.copyOf(upstream);
        downstream = List.copyOf(downstream);
    }

    /** The given faults on requests only. */
    public static Faults upstream(Fault... faults) {
        return NONE.withUpstream(faults);
    }

    /** The given faults on responses only. */
    public static Faults downstream(Fault... faults) {
        return NONE.withDownstream(faults);
    }

    /** The given faults on both directions (each direction runs its own instance). */
    public static Faults both(Fault... faults) {
        return new Faults(List.of(faults), List.of(faults));
    }

    /** These faults with the upstream list replaced; the downstream list is kept as it is. */
    public Faults withUpstream(Fault... faults) {
        return new Faults(List.of(faults), downstream);
    }

    /** These faults with the downstream list replaced; the upstream list is kept as it is. */
    public Faults withDownstream(Fault... faults) {
        return new Faults(upstream, List.of(faults));
    }

    /** The faults on one direction. */
    public List<Fault> on(Direction direction) {
        return Objects.requireNonNull(direction) == Direction.UPSTREAM ? upstream : downstream;
    }

    /** Whether a black hole is on: then a connection is never closed for being idle. */
    public boolean holdsConnectionsOpen() {
        return upstream.stream().anyMatch(Fault::holdsConnectionOpen)
                || downstream.stream().anyMatch(Fault::holdsConnectionOpen);
    }

    public boolean isNone() {
        return upstream.isEmpty() && downstream.isEmpty();
    }
}
