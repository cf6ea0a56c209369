package book.ch02.proxy;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * How a {@link FaultProxy} listens, connects and protects itself. Immutable; start from
 * {@link #forUpstream(int)} and change what you need with the {@code with} methods. The
 * defaults are the ones to ship: every socket has a timeout, memory per connection is two
 * fixed buffers, and the number of connections is capped.
 *
 * @param listenPort     the loopback port to listen on; 0 picks a free one
 * @param upstreamPort   the loopback port of the real server
 * @param connectTimeout how long to wait for the upstream to accept a connection
 * @param idleTimeout    a connection with no byte in either direction for this long is closed
 * @param maxConnections connections beyond this are accepted and closed at once, with a log line
 * @param bufferSize     bytes read at a time, per direction; also the most a connection buffers
 * @param tcpNoDelay     disables Nagle's algorithm on both legs, so small writes are not held back
 * @param virtualThreads pumps on virtual threads, or on platform threads (the default), which the
 *                       kernel wakes directly, without the JDK's poller: half the added round trip
 *                       on the proxy yardstick; virtual threads are for thousands of connections
 * @param ticker         clock and sleeper for the faults
 * @param events         receives one line per connection event
 */
public record ProxyConfig(int listenPort, int upstreamPort, Duration connectTimeout, Duration idleTimeout,
                          int maxConnections, int bufferSize, boolean tcpNoDelay, boolean virtualThreads,
                          Ticker ticker, Consumer<String> events) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /**
     * 128 KiB: on the proxy yardstick (chapter 2's text) 64 KiB buffers moved 0.90 to 0.97 times
     * socat's bytes per second and 128 KiB 0.99 to 1.09 times; two per connection, so 64
     * connections hold 16 MiB.
     */
    public static final int DEFAULT_BUFFER_SIZE = 128 * 1024;

    private static final Logger LOG = Logger.getLogger(FaultProxy.class.getName());

    public ProxyConfig {
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort must be between 0 and 65535, not " + listenPort);
        }
        if (upstreamPort < 1 || upstreamPort > 65535) {
            throw new IllegalArgumentException("upstreamPort must be between 1 and 65535, not " + upstreamPort);
        }
        FaultChecks.positive("connectTimeout (ms)", Objects.requireNonNull(connectTimeout).toMillis());
        FaultChecks.positive("idleTimeout (ms)", Objects.requireNonNull(idleTimeout).toMillis());
        FaultChecks.positive("maxConnections", maxConnections);
        FaultChecks.positive("bufferSize", bufferSize);
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(events, "events");
    }

    /** The defaults, forwarding to {@code 127.0.0.1:upstreamPort}; events go to java.util.logging at FINE. */
    public static ProxyConfig forUpstream(int upstreamPort) {
        return new ProxyConfig(0, upstreamPort, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_BUFFER_SIZE, true, false, Ticker.SYSTEM, LOG::fine);
    }

    public ProxyConfig withListenPort(int port) {
        return new ProxyConfig(port, upstreamPort, connectTimeout, idleTimeout, maxConnections, bufferSize, tcpNoDelay, virtualThreads, ticker, events);
    }

    public ProxyConfig withConnectTimeout(Duration timeout) {
        return new ProxyConfig(listenPort, upstreamPort, timeout, idleTimeout, maxConnections, bufferSize, tcpNoDelay, virtualThreads, ticker, events);
    }

    public ProxyConfig withIdleTimeout(Duration timeout) {
        return new ProxyConfig(listenPort, upstreamPort, connectTimeout, timeout, maxConnections, bufferSize, tcpNoDelay, virtualThreads, ticker, events);
    }

    public ProxyConfig withMaxConnections(int max) {
        return new ProxyConfig(listenPort, upstreamPort, connectTimeout, idleTimeout, max, bufferSize, tcpNoDelay, virtualThreads, ticker, events);
    }

    public ProxyConfig withBufferSize(int bytes) {
        return new ProxyConfig(listenPort, upstreamPort, connectTimeout, idleTimeout, maxConnections, bytes, tcpNoDelay, virtualThreads, ticker, events);
    }

    public ProxyConfig withTcpNoDelay(boolean on) {
        return new ProxyConfig(listenPort, upstreamPort, connectTimeout, idleTimeout, maxConnections, bufferSize, on, virtualThreads, ticker, events);
    }

    public ProxyConfig withVirtualThreads(boolean on) {
        return new ProxyConfig(listenPort, upstreamPort, connectTimeout, idleTimeout, maxConnections, bufferSize, tcpNoDelay, on, ticker, events);
    }

    public ProxyConfig withTicker(Ticker t) {
        return new ProxyConfig(listenPort, upstreamPort, connectTimeout, idleTimeout, maxConnections, bufferSize, tcpNoDelay, virtualThreads, t, events);
    }

    public ProxyConfig withEvents(Consumer<String> sink) {
        return new ProxyConfig(listenPort, upstreamPort, connectTimeout, idleTimeout, maxConnections, bufferSize, tcpNoDelay, virtualThreads, ticker, sink);
    }
}
