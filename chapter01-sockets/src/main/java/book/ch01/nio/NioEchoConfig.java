package book.ch01.nio;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The limits of the selector-based echo server, the same ones the blocking server enforces:
 * how many connections, how long one may sit idle, how many bytes it may make the server hold,
 * and how long a shutdown may take. Defaults are the ones to ship; the {@code with...} methods derive
 * a changed copy.
 *
 * @param maxConnections  connections served at once; one more is accepted and closed at once
 * @param idleTimeout     a connection that moves no byte in either direction for this long is closed
 * @param maxBufferedBytes bytes read from one connection and not yet written back; also the
 *                        largest single read, so the server never holds more per connection
 * @param shutdownGrace   how long {@code close()} lets connections flush what they owe
 * @param clock           the time source for idle timeouts and the grace period; by default
 *                        {@link MonotonicClock}, never the wall clock
 */
public record NioEchoConfig(int maxConnections, Duration idleTimeout, int maxBufferedBytes,
                            Duration shutdownGrace, InstantSource clock) {

    /**
     * Far above the blocking server's 256, because an idle connection costs this server about a
     * kilobyte of heap and no thread; the process's open-file limit ({@code ulimit -n}) is often
     * the lower bound in practice.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** 64 KiB: bytes held for a peer that does not read; the kernel's socket buffers come on top. */
    public static final int DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public NioEchoConfig {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        requirePositive("idleTimeout", idleTimeout);
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be at least 1, not " + maxBufferedBytes);
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative, not " + shutdownGrace);
        }
        Objects.requireNonNull(clock, "clock");
    }

    public static NioEchoConfig defaults() {
        return new NioEchoConfig(DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_BUFFERED_BYTES,
                DEFAULT_SHUTDOWN_GRACE, MonotonicClock.INSTANCE);
    }

    public NioEchoConfig withMaxConnections(int value) {
        return new NioEchoConfig(value, idleTimeout, maxBufferedBytes, shutdownGrace, clock);
    }

    public NioEchoConfig withIdleTimeout(Duration value) {
        return new NioEchoConfig(maxConnections, value, maxBufferedBytes, shutdownGrace, clock);
    }

    public NioEchoConfig withMaxBufferedBytes(int value) {
        return new NioEchoConfig(maxConnections, idleTimeout, value, shutdownGrace, clock);
    }

    public NioEchoConfig withShutdownGrace(Duration value) {
        return new NioEchoConfig(maxConnections, idleTimeout, maxBufferedBytes, value, clock);
    }

    public NioEchoConfig withClock(InstantSource value) {
        return new NioEchoConfig(maxConnections, idleTimeout, maxBufferedBytes, shutdownGrace, value);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
