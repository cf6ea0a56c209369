/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: the raw selector server's connection; the framed one uses its Outcome.
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client of the selector-based echo server, driven by the selector thread: reads, writes
 * the bytes back, and holds what the socket would not take yet.
 *
 * <p>It protects the server's memory against a peer that sends but does not read: a connection
 * holds at most one read's worth of bytes (the scratch buffer's size) and reads nothing more
 * until those are written. That is backpressure: the kernel's receive buffer fills, TCP's window
 * closes, and the peer's own {@code write} blocks. An idle connection holds no buffer at all.
 */
final class EchoConnection {

    /** What a readiness event did: whether bytes moved (activity) and whether the connection is done. */
    enum Outcome { PROGRESS, NO_PROGRESS, FINISHED }

    private final SocketChannel channel;
    private final SelectionKey key;
    private final NioEchoCounters counters;
    private ByteBuffer pending; // bytes owed to the peer, in read mode; null when none
    private boolean stopping;

    EchoConnection(SocketChannel channel, SelectionKey key, NioEchoCounters counters) {
        this.channel = channel;
        this.key = key;
        this.counters = counters;
    }

    // tag::on-readable[]
    /** OP_READ is set only while nothing is pending, so a read never adds to a backlog. */
    Outcome onReadable(ByteBuffer scratch) throws IOException {
        scratch.clear();
        int read = channel.read(scratch);
        if (read < 0) { // the peer shut its output: everything it sent has been echoed
            channel.shutdownOutput();
            return Outcome.FINISHED;
        }
        if (read == 0) {
            return Outcome.NO_PROGRESS;
        }
        scratch.flip();
        channel.write(scratch); // usually takes it all and the echo costs no extra wakeup
        if (scratch.hasRemaining()) { // a partial write: keep the rest, stop reading
            counters.partialWrite();
            pending = ByteBuffer.allocate(scratch.remaining()).put(scratch).flip();
            counters.buffered(pending.remaining(), pending.remaining());
            counters.readPaused();
            key.interestOps(SelectionKey.OP_WRITE);
        }
        return Outcome.PROGRESS;
    }
    // end::on-readable[]

    // tag::on-writable[]
    /** OP_WRITE is set only while bytes are pending, so the selector never spins on a writable socket. */
    Outcome onWritable() throws IOException {
        int before = pending.remaining();
        channel.write(pending);
        int written = before - pending.remaining();
        counters.buffered(-written, pending.remaining());
        if (pending.hasRemaining()) {
            return written > 0 ? Outcome.PROGRESS : Outcome.NO_PROGRESS;
        }
        pending = null; // drained: release the memory, so an idle connection costs none
        if (stopping) {
            channel.shutdownOutput();
            return Outcome.FINISHED;
        }
        key.interestOps(SelectionKey.OP_READ); // resume reading: the backpressure is lifted
        return Outcome.PROGRESS;
    }
    // end::on-writable[]

    /**
     * For a graceful shutdown: reads nothing more, and finishes once what is owed is written.
     * Returns {@link Outcome#FINISHED} when nothing was owed.
     */
    Outcome stopReading() throws IOException {
        stopping = true;
        if (pending == null) {
            channel.shutdownOutput();
            return Outcome.FINISHED;
        }
        key.interestOps(SelectionKey.OP_WRITE);
        return Outcome.NO_PROGRESS;
    }

    /** Closes the socket (which also cancels its key) and forgets what it still owed. */
    void close() {
        if (pending != null) {
            counters.buffered(-pending.remaining(), 0);
            pending = null;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do for this peer; the descriptor is released either way
        }
    }
}
