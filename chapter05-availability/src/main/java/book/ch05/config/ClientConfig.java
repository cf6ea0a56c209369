package book.ch05.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What a client may change while it runs: where the replicas are, how long a call may take,
 * how many times it may be retried. Immutable: a reload builds a new one and swaps it in whole,
 * so no request ever sees half of an old configuration and half of a new one.
 *
 * @param endpoints  the replicas, 1..64, no duplicates, IP literals (no name is resolved)
 * @param timeout    the per-call timeout, 1 ms..1 h
 * @param maxRetries retries after the first attempt, 0..10
 */
public record ClientConfig(List<InetSocketAddress> endpoints, Duration timeout, int maxRetries) {

    public static final int MAX_ENDPOINTS = 64;
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    public static final int MAX_RETRIES = 10;

    public ClientConfig {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty() || endpoints.size() > MAX_ENDPOINTS) {
            throw new IllegalArgumentException("endpoints: " + endpoints.size() + " given, 1.." + MAX_ENDPOINTS + " allowed");
        }
        if (endpoints.stream().distinct().count() != endpoints.size()) {
            throw new IllegalArgumentException("endpoints: " + endpoints + " lists one twice");
        }
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout " + timeout + " is out of range 1ms..1h");
        }
        if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
            throw new IllegalArgumentException("max-retries " + maxRetries + " is out of range 0.." + MAX_RETRIES);
        }
    }
}
