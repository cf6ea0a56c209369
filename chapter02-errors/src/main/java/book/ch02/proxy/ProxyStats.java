package book.ch02.proxy;

import java.util.Map;

/**
 * A snapshot of a {@link FaultProxy}'s counters, so that a test can check what the proxy did
 * and not only what the client saw: how many bytes went each way, how often each fault acted.
 *
 * @param connectionsAccepted every connection accepted, including those refused for the limit
 * @param openConnections     connections being proxied now
 * @param rejectedOverLimit   connections closed at once because {@code maxConnections} were open
 * @param upstreamFailures    connections closed because the upstream could not be reached
 * @param bytesUpstream       bytes written to the upstream (after faults)
 * @param bytesDownstream     bytes written to clients (after faults)
 * @param faultsApplied       per fault name, how many times it changed the stream
 */
public record ProxyStats(long connectionsAccepted, int openConnections, long rejectedOverLimit,
                         long upstreamFailures, long bytesUpstream, long bytesDownstream,
                         Map<String, Long> faultsApplied) {

    public ProxyStats {
        faultsApplied = Map.copyOf(faultsApplied);
    }

    /** How many times the fault named {@code name} acted (0 if never). */
    public long applied(String name) {
        return faultsApplied.getOrDefault(name, 0L);
    }

    /** Bytes written in one direction. */
    public long bytes(Direction direction) {
        return direction == Direction.UPSTREAM ? bytesUpstream : bytesDownstream;
    }
}
