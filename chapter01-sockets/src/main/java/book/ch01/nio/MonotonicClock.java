/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: the default clock, which only moves forward (shared with the raw selector server).
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import java.time.Instant;
import java.time.InstantSource;

/**
 * An {@link InstantSource} that only moves forward, for measuring how long something took or
 * has been idle. The wall clock is the wrong tool for that: an NTP step or an operator's
 * {@code date -s} would make every connection look idle at once, or none for an hour. The
 * instants it returns count from an arbitrary origin; compare them with each other only.
 */
public final class MonotonicClock implements InstantSource {

    public static final MonotonicClock INSTANCE = new MonotonicClock();

    private MonotonicClock() {
    }

    @Override
    public Instant instant() {
        return Instant.EPOCH.plusNanos(System.nanoTime());
    }
}
