package book.ch01.echo;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of a {@link BlockingServer}. Every field has a default a careful engineer would
 * ship: no field means "unbounded", because an unbounded server is one slow client away from
 * running out of threads, memory or file descriptors.
 *
 * @param port           the port to listen on; 0 lets the system choose a free one
 * @param backlog        how many connections the kernel may queue before {@code accept()}
 * @param maxConnections how many connections are served at once; extra ones are refused
 * @param readTimeout    how long a read may wait for a single byte (SO_TIMEOUT) before the
 *                       connection is closed as idle
 * @param maxConnectionAge how long any connection may last, however busy, before it is closed;
 *                       the bound that SO_TIMEOUT cannot give against a client that trickles
 *                       bytes or never reads its replies
 * @param drainTimeout   how long {@link BlockingServer#close()} lets open connections finish
 *                       before it closes them forcibly
 * @param tcpNoDelay     whether accepted sockets turn Nagle's algorithm off, so that small
 *                       replies leave at once
 * @param threadModel    which threads serve the connections
 */
public record ServerConfig(int port, int backlog, int maxConnections, Duration readTimeout,
                           Duration maxConnectionAge, Duration drainTimeout, boolean tcpNoDelay,
                           ThreadModel threadModel) {

    // tag::defaults[]
    /** Any free port. */
    public static final int DEFAULT_PORT = 0;
    /** Connections queued by the kernel, the JDK's own default. */
    public static final int DEFAULT_BACKLOG = 50;
    /** Connections served at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** A client silent for this long is closed; it frees its slot for others. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** No connection lives longer, busy or not: unnoticed by honest clients, fatal to a slow drip. */
    public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ofHours(1);
    /** How long shutdown waits for open connections to finish. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    // end::defaults[]

    public ServerConfig {
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(maxConnectionAge, "maxConnectionAge");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(threadModel, "threadModel");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        // SO_TIMEOUT of 0 means "wait forever", exactly what this record exists to prevent.
        if (readTimeout.toMillis() < 1 || readTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("readTimeout must be between 1 ms and 24 days, not " + readTimeout);
        }
        if (maxConnectionAge.toMillis() < 1) {
            throw new IllegalArgumentException("maxConnectionAge must be at least 1 ms, not " + maxConnectionAge);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, not " + drainTimeout);
        }
    }

    /** The defaults: any port, 256 connections on virtual threads, 30 s read timeout, 1 h age, 5 s drain. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_PORT, DEFAULT_BACKLOG, DEFAULT_MAX_CONNECTIONS, DEFAULT_READ_TIMEOUT,
                DEFAULT_MAX_CONNECTION_AGE, DEFAULT_DRAIN_TIMEOUT, true, ThreadModel.virtualThreads());
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(port, backlog, maxConnections, readTimeout, maxConnectionAge, drainTimeout, tcpNoDelay, threadModel);
    }

    public ServerConfig withBacklog(int backlog) {
        return new ServerConfig(port, backlog, maxConnections, readTimeout, maxConnectionAge, drainTimeout, tcpNoDelay, threadModel);
    }

    public ServerConfig withMaxConnections(int maxConnections) {
        return new ServerConfig(port, backlog, maxConnections, readTimeout, maxConnectionAge, drainTimeout, tcpNoDelay, threadModel);
    }

    public ServerConfig withReadTimeout(Duration readTimeout) {
        return new ServerConfig(port, backlog, maxConnections, readTimeout, maxConnectionAge, drainTimeout, tcpNoDelay, threadModel);
    }

    public ServerConfig withMaxConnectionAge(Duration maxConnectionAge) {
        return new ServerConfig(port, backlog, maxConnections, readTimeout, maxConnectionAge, drainTimeout, tcpNoDelay, threadModel);
    }

    public ServerConfig withDrainTimeout(Duration drainTimeout) {
        return new ServerConfig(port, backlog, maxConnections, readTimeout, maxConnectionAge, drainTimeout, tcpNoDelay, threadModel);
    }

    public ServerConfig withTcpNoDelay(boolean tcpNoDelay) {
        return new ServerConfig(port, backlog, maxConnections, readTimeout, maxConnectionAge, drainTimeout, tcpNoDelay, threadModel);
    }

    public ServerConfig withThreadModel(ThreadModel threadModel) {
        return new ServerConfig(port, backlog, maxConnections, readTimeout, maxConnectionAge, drainTimeout, tcpNoDelay, threadModel);
    }
}
