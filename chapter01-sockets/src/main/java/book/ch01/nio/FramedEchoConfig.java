/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: the limits, validated, with their defaults.
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import book.ch01.framing.FrameFormat;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The limits of the framed selector server ({@link FramedEchoServer}): the framed echo's
 * protocol limit, the selector server's connection and idle limits, and two that only an
 * event-loop server needs: how many loops, and how many reply bytes one connection may owe
 * before the server stops reading from it.
 *
 * @param maxConnections connections served at once, over all loops; one more is accepted and closed at once
 * @param idleTimeout    a connection that moves no byte in either direction for this long is closed
 * @param maxFrameBytes  the largest payload accepted; a longer (or negative) length closes that connection
 * @param maxQueuedBytes reply bytes one connection may owe (written by the server, not yet taken by
 *                       the socket) before the server stops reading from it: the outbound queue's bound
 * @param loops          event loops, each a platform thread with its own selector
 * @param backlog        connections the kernel queues before the acceptor takes them
 * @param shutdownGrace  how long {@code close()} lets connections flush the replies they owe
 * @param clock          the time source for idle timeouts and the grace; {@link MonotonicClock} by default
 */
public record FramedEchoConfig(int maxConnections, Duration idleTimeout, int maxFrameBytes, int maxQueuedBytes,
                               int loops, int backlog, Duration shutdownGrace, InstantSource clock) {

    /** As the raw selector server: an idle connection costs about a kilobyte and no thread. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** 64 KiB of replies owed per connection, Netty's default high-water mark for a channel. */
    public static final int DEFAULT_MAX_QUEUED_BYTES = 64 * 1024;
    /** One loop per CPU: a loop never waits, so more loops than CPUs only add switches between them. */
    public static final int DEFAULT_LOOPS = Runtime.getRuntime().availableProcessors();
    public static final int DEFAULT_BACKLOG = 1024;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public FramedEchoConfig {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be positive, not " + idleTimeout);
        }
        FrameFormat.checkLimit(maxFrameBytes);
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be at least 1, not " + maxQueuedBytes);
        }
        if ((long) maxQueuedBytes + FrameFormat.HEADER_BYTES + maxFrameBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxQueuedBytes + maxFrameBytes must fit one buffer, not "
                    + maxQueuedBytes + " + " + maxFrameBytes);
        }
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be at least 1, not " + loops);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative, not " + shutdownGrace);
        }
        Objects.requireNonNull(clock, "clock");
    }

    public static FramedEchoConfig defaults() {
        return new FramedEchoConfig(DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT, FrameFormat.DEFAULT_MAX_FRAME_BYTES,
                DEFAULT_MAX_QUEUED_BYTES, DEFAULT_LOOPS, DEFAULT_BACKLOG, DEFAULT_SHUTDOWN_GRACE, MonotonicClock.INSTANCE);
    }

    /**
     * The most bytes one connection's buffer ever holds: the replies it may owe, plus one whole
     * frame still arriving. Memory follows the bytes below this bound; a header alone never reaches it.
     */
    int maxHeldBytes() {
        return maxQueuedBytes + FrameFormat.HEADER_BYTES + maxFrameBytes;
    }

    public FramedEchoConfig withMaxConnections(int value) {
        return new FramedEchoConfig(value, idleTimeout, maxFrameBytes, maxQueuedBytes, loops, backlog, shutdownGrace, clock);
    }

    public FramedEchoConfig withIdleTimeout(Duration value) {
        return new FramedEchoConfig(maxConnections, value, maxFrameBytes, maxQueuedBytes, loops, backlog, shutdownGrace, clock);
    }

    public FramedEchoConfig withMaxFrameBytes(int value) {
        return new FramedEchoConfig(maxConnections, idleTimeout, value, maxQueuedBytes, loops, backlog, shutdownGrace, clock);
    }

    public FramedEchoConfig withMaxQueuedBytes(int value) {
        return new FramedEchoConfig(maxConnections, idleTimeout, maxFrameBytes, value, loops, backlog, shutdownGrace, clock);
    }

    public FramedEchoConfig withLoops(int value) {
        return new FramedEchoConfig(maxConnections, idleTimeout, maxFrameBytes, maxQueuedBytes, value, backlog, shutdownGrace, clock);
    }

    public FramedEchoConfig withBacklog(int value) {
        return new FramedEchoConfig(maxConnections, idleTimeout, maxFrameBytes, maxQueuedBytes, loops, value, shutdownGrace, clock);
    }

    public FramedEchoConfig withShutdownGrace(Duration value) {
        return new FramedEchoConfig(maxConnections, idleTimeout, maxFrameBytes, maxQueuedBytes, loops, backlog, value, clock);
    }

    public FramedEchoConfig withClock(InstantSource value) {
        return new FramedEchoConfig(maxConnections, idleTimeout, maxFrameBytes, maxQueuedBytes, loops, backlog, shutdownGrace, value);
    }
}
