/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: what the server did, readable while it runs.
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the framed selector server has done, readable from any thread while it runs: the
 * connection figures of the raw selector server ({@link NioEchoCounters}: accepted, open,
 * refused, idle, bytes held, partial writes, read pauses) and the frames. Every loop writes
 * here; the per-frame count is a {@link LongAdder}, so two loops never fight over one cache line.
 */
public final class FramedEchoCounters {

    private final NioEchoCounters connections = new NioEchoCounters();
    private final LongAdder framesEchoed = new LongAdder();
    private final AtomicLong negativeLengths = new AtomicLong();
    private final AtomicLong oversizedFrames = new AtomicLong();
    private final AtomicLong truncatedFrames = new AtomicLong();

    /** Accepted, open, refused, idle-closed connections; bytes held; partial writes; read pauses. */
    public NioEchoCounters connections() {
        return connections;
    }

    /** Frames echoed (handed to the socket whole). */
    public long framesEchoed() {
        return framesEchoed.sum();
    }

    /** Connections closed because a header claimed a negative length. */
    public long negativeLengths() {
        return negativeLengths.get();
    }

    /** Connections closed because a header claimed more than the frame limit. */
    public long oversizedFrames() {
        return oversizedFrames.get();
    }

    /** Connections that ended (end of stream) inside a frame. */
    public long truncatedFrames() {
        return truncatedFrames.get();
    }

    void framesEchoed(int frames) {
        framesEchoed.add(frames);
    }

    void negativeLength() {
        negativeLengths.incrementAndGet();
    }

    void oversizedFrame() {
        oversizedFrames.incrementAndGet();
    }

    void truncatedFrame() {
        truncatedFrames.incrementAndGet();
    }

    @Override
    public String toString() {
        return connections + " framesEchoed=" + framesEchoed() + " negativeLengths=" + negativeLengths()
                + " oversizedFrames=" + oversizedFrames() + " truncatedFrames=" + truncatedFrames();
    }
}
