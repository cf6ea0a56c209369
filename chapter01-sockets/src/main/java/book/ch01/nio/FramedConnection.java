/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: one connection: decodes partial frames, echoes from the read buffer, backpressure.
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import book.ch01.framing.FrameFormat;
import book.ch01.framing.FramingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client of the framed selector server, driven by its event loop: decodes whatever part of
 * a frame each read brings, echoes every complete frame, and holds what it cannot send yet.
 *
 * <p>An echoed frame is byte for byte the frame that arrived, so the bytes read are the reply:
 * the connection writes complete frames straight from the buffer it read them into, with no
 * copy and one {@code write} per read. Most reads need no buffer of its own: they land in the
 * loop's shared scratch buffer and leave at once. Only what could not leave (the part of a frame
 * still arriving, or replies the socket would not take) is kept, in a buffer that grows with the
 * bytes that actually arrived, never with the length a header claims, and is released when empty.
 *
 * <p>It protects the server against a peer that sends but does not read: once it owes
 * {@code maxQueuedBytes} of replies it stops reading (OP_READ off, OP_WRITE on) until the socket
 * takes them; TCP's window then closes on the peer. It holds at most
 * {@link FramedEchoConfig#maxHeldBytes()} whatever the peer does.
 */
final class FramedConnection {

    /** The smallest buffer kept for leftovers: a few small frames, without a regrowth per byte. */
    static final int MIN_HELD_BYTES = 4 * 1024;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final FramedEchoCounters counters;
    private final int maxFrameBytes;
    private final int maxQueuedBytes;
    private final int maxHeldBytes;
    // What this connection holds, in write mode: [0, sent) already written back, [sent, framed)
    // complete frames owed to the peer, [framed, position) the start of a frame still arriving.
    private ByteBuffer held; // null while it holds nothing: reads go to the loop's scratch buffer
    private int sent;
    private int framed;
    private int interest = SelectionKey.OP_READ;
    private boolean inputEnded;    // end of stream read, or a shutdown: read nothing more
    private FramingException badHeader; // found by the last scan, after the frames before it
    private long accounted;        // bytes reported to the counters as held

    FramedConnection(SocketChannel channel, SelectionKey key, FramedEchoConfig config, FramedEchoCounters counters) {
        this.channel = channel;
        this.key = key;
        this.counters = counters;
        this.maxFrameBytes = config.maxFrameBytes();
        this.maxQueuedBytes = config.maxQueuedBytes();
        this.maxHeldBytes = config.maxHeldBytes();
    }

    /** OP_READ is on only while this connection owes less than its queue bound. */
    EchoConnection.Outcome onReadable(ByteBuffer scratch) throws IOException {
        return held == null ? readIntoScratch(scratch) : readIntoHeld();
    }

    // tag::read-scratch[]
    /** The common case: nothing held. Read, echo the complete frames from the same bytes, keep the rest. */
    private EchoConnection.Outcome readIntoScratch(ByteBuffer scratch) throws IOException {
        scratch.clear();
        int read = channel.read(scratch);
        if (read <= 0) {
            return read < 0 ? endOfInput() : EchoConnection.Outcome.NO_PROGRESS;
        }
        int complete = completeFrames(scratch, 0, read);
        int written = 0;
        if (complete > 0) {
            scratch.limit(complete).position(0);
            written = channel.write(scratch);     // one write for every frame of this read
        }
        if (written < read) {                     // a partial frame, or replies the socket did not take
            held = ByteBuffer.allocate(Math.min(maxHeldBytes, Math.max(MIN_HELD_BYTES, 2 * (read - written))));
            held.put(scratch.limit(read).position(written));
            framed = complete - written;
            sent = 0;
            afterWrite();
        }
        failOnBadHeader();
        return EchoConnection.Outcome.PROGRESS;
    }
    // end::read-scratch[]

    // tag::read-held[]
    /** Part of a frame (or owed replies) is held: read straight after it, into the same buffer. */
    private EchoConnection.Outcome readIntoHeld() throws IOException {
        makeRoom();
        int read = channel.read(held);
        if (read <= 0) {
            return read < 0 ? endOfInput() : EchoConnection.Outcome.NO_PROGRESS;
        }
        framed = completeFrames(held, framed, held.position());
        if ((interest & SelectionKey.OP_WRITE) == 0) { // else the socket is full: OP_WRITE will send them
            writeOwed();
        }
        afterWrite();
        failOnBadHeader();
        return EchoConnection.Outcome.PROGRESS;
    }

    /** Room for the next read: drop what was written, and grow (doubling) only when the bytes that came fill it. */
    private void makeRoom() {
        if (held.hasRemaining()) {
            return;
        }
        if (sent > 0) {
            held.limit(held.position()).position(sent);
            held.compact();
            framed -= sent;
            sent = 0;
        }
        if (!held.hasRemaining()) { // full of bytes that arrived: owed replies below the bound and one partial frame
            if (held.capacity() >= maxHeldBytes) {
                throw new IllegalStateException("a full buffer of " + held.capacity() + " bytes while reading");
            }
            ByteBuffer larger = ByteBuffer.allocate((int) Math.min(maxHeldBytes, 2L * held.capacity()));
            held = larger.put(held.flip());
        }
    }
    // end::read-held[]

    // tag::complete-frames[]
    /**
     * Returns where the last complete frame in {@code buffer[from, to)} ends. Each header is
     * checked with the chapter's {@link FrameFormat#checkLength} as soon as its four bytes are
     * there; a bad one stops the scan, and is thrown once the frames before it are echoed.
     */
    private int completeFrames(ByteBuffer buffer, int from, int to) {
        int at = from;
        int frames = 0;
        while (to - at >= FrameFormat.HEADER_BYTES) {
            int length = buffer.getInt(at);       // absolute: big-endian, the buffer's position untouched
            try {
                FrameFormat.checkLength(length, maxFrameBytes);
            } catch (FramingException e) {
                badHeader = e;
                break;
            }
            if (length > to - at - FrameFormat.HEADER_BYTES) {
                break;                            // this frame is still arriving
            }
            at += FrameFormat.HEADER_BYTES + length;
            frames++;
        }
        if (frames > 0) {
            counters.framesEchoed(frames);
        }
        return at;
    }
    // end::complete-frames[]

    private void failOnBadHeader() throws FramingException {
        if (badHeader != null) {
            throw badHeader;
        }
    }

    /** Writes the owed replies, as much as the socket takes, leaving the buffer ready for reads. */
    private int writeOwed() throws IOException {
        if (framed == sent) {
            return 0;
        }
        int fill = held.position();
        held.limit(framed).position(sent);
        int written = channel.write(held);
        sent += written;
        held.limit(held.capacity()).position(fill);
        return written;
    }

    // tag::interest[]
    /** Releases an empty buffer, and asks the selector for what this connection can use now. */
    private void afterWrite() {
        if (held != null && sent == held.position()) {
            held = null;                          // an idle connection holds no buffer at all
            sent = 0;
            framed = 0;
        }
        int owed = held == null ? 0 : framed - sent;
        int ops = owed > 0 ? SelectionKey.OP_WRITE : 0;
        if (!inputEnded && owed < maxQueuedBytes) {
            ops |= SelectionKey.OP_READ;          // below the bound: keep reading while replies wait
        }
        if (ops != interest) {
            if ((ops & SelectionKey.OP_WRITE) != 0 && (interest & SelectionKey.OP_WRITE) == 0) {
                counters.connections().partialWrite();
            }
            if ((ops & SelectionKey.OP_READ) == 0 && !inputEnded) {
                counters.connections().readPaused(); // backpressure: the peer's window will close
            }
            key.interestOps(ops);
            interest = ops;
        }
        account();
    }
    // end::interest[]

    private void account() {
        long now = held == null ? 0 : held.position() - sent;
        if (now != accounted) {
            counters.connections().buffered(now - accounted, now);
            accounted = now;
        }
    }

    /** OP_WRITE is on only while replies are owed, so the loop never spins on a writable socket. */
    EchoConnection.Outcome onWritable() throws IOException {
        int written = writeOwed();
        afterWrite();
        if (inputEnded && (held == null || framed == sent)) {
            return finish();
        }
        return written > 0 ? EchoConnection.Outcome.PROGRESS : EchoConnection.Outcome.NO_PROGRESS;
    }

    /** The peer shut its output: echo what is owed, drop a frame it never finished, then close. */
    private EchoConnection.Outcome endOfInput() throws IOException {
        inputEnded = true;
        if (held != null && held.position() > framed) {
            counters.truncatedFrame();
            held.position(framed);                 // the unfinished frame is dropped
        }
        afterWrite();
        return held == null ? finish() : EchoConnection.Outcome.PROGRESS;
    }

    /**
     * For a graceful shutdown: reads nothing more (a frame still arriving is dropped), and
     * finishes once the replies owed are written. Returns FINISHED when nothing was owed.
     */
    EchoConnection.Outcome stopReading() throws IOException {
        inputEnded = true;
        if (held != null) {
            held.position(framed);
        }
        afterWrite();
        return held == null ? finish() : EchoConnection.Outcome.NO_PROGRESS;
    }

    private EchoConnection.Outcome finish() throws IOException {
        channel.shutdownOutput();                  // the peer reads end-of-stream after the last reply
        return EchoConnection.Outcome.FINISHED;
    }

    /** Closes the socket (which also cancels its key) and forgets what it still owed. */
    void close() {
        held = null;
        account();
        ConnectionAcceptor.closeQuietly(channel);
    }
}
