/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: the connection counters (shared with the raw selector server).
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the selector-based echo server has done, readable from any thread while it runs: the
 * figures a test or a dashboard needs to see that the limits hold (buffered bytes never above
 * the limit, backpressure applied, idle peers closed, extra connections refused).
 * The selector thread is the only writer.
 */
public final class NioEchoCounters {

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong idleClosed = new AtomicLong();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong peakConnectionBufferedBytes = new AtomicLong();
    private final AtomicLong partialWrites = new AtomicLong();
    private final AtomicLong readPauses = new AtomicLong();

    /** Connections accepted and served (refused ones not counted). */
    public long accepted() {
        return accepted.get();
    }

    /** Connections being served now. */
    public long open() {
        return open.get();
    }

    /** Connections accepted and closed at once because the limit was reached. */
    public long refused() {
        return refused.get();
    }

    /** Connections closed because they were idle for the timeout. */
    public long idleClosed() {
        return idleClosed.get();
    }

    /** Bytes read and not yet written back, over all connections, now. */
    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** The most bytes any one connection has had buffered at once since the server started. */
    public long peakConnectionBufferedBytes() {
        return peakConnectionBufferedBytes.get();
    }

    /** Writes that the socket took only part of, leaving bytes to write when it has room. */
    public long partialWrites() {
        return partialWrites.get();
    }

    /** Times a connection stopped being read because its peer was not reading the echo. */
    public long readPauses() {
        return readPauses.get();
    }

    void connectionAccepted() {
        accepted.incrementAndGet();
        open.incrementAndGet();
    }

    void connectionClosed() {
        open.decrementAndGet();
    }

    void connectionRefused() {
        refused.incrementAndGet();
    }

    void idleConnectionClosed() {
        idleClosed.incrementAndGet();
    }

    void buffered(long delta, long connectionTotal) {
        bufferedBytes.addAndGet(delta);
        peakConnectionBufferedBytes.accumulateAndGet(connectionTotal, Math::max);
    }

    void partialWrite() {
        partialWrites.incrementAndGet();
    }

    void readPaused() {
        readPauses.incrementAndGet();
    }

    @Override
    public String toString() {
        return "open=" + open() + " accepted=" + accepted() + " refused=" + refused() + " idleClosed=" + idleClosed()
                + " bufferedBytes=" + bufferedBytes() + " peakConnectionBufferedBytes=" + peakConnectionBufferedBytes()
                + " partialWrites=" + partialWrites() + " readPauses=" + readPauses();
    }
}
