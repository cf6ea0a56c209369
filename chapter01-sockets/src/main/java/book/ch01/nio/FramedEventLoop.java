/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: one event loop: a platform thread, a selector, its connections, their idle timeouts.
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import book.ch01.framing.FrameTooLargeException;
import book.ch01.framing.FramingException;
import book.ch01.framing.NegativeFrameLengthException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One event loop of the framed selector server: a platform thread and a selector that serve
 * the connections the acceptor hands it, for their whole life. A connection never moves to
 * another loop, so its state needs no lock; the loops share nothing but the counters.
 *
 * <p>The loop never blocks on anything but {@code select}: a read or write that the socket
 * cannot satisfy now returns at once, and the connection waits for its next readiness event.
 */
final class FramedEventLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger(FramedEventLoop.class.getName());
    /** The longest the selector sleeps with nothing to do, so a stop or a clock change is seen soon. */
    private static final long MAX_SELECT_WAIT_MILLIS = 250;
    /** The shared read buffer: 64 KiB, direct, so a read and the echo of what it brought copy nothing. */
    static final int SCRATCH_BYTES = 64 * 1024;

    private final FramedEchoConfig config;
    private final FramedEchoCounters counters;
    private final Selector selector;
    private final ByteBuffer scratch;
    private final IdleTracker<FramedConnection> idle;
    private final Queue<SocketChannel> arrivals = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile Instant drainDeadline;
    private Instant roundStart; // read once per select round, when first needed
    private int served;         // connections registered on this loop and not yet closed

    FramedEventLoop(FramedEchoConfig config, FramedEchoCounters counters, String name) throws IOException {
        this.config = config;
        this.counters = counters;
        this.selector = Selector.open();
        this.scratch = ByteBuffer.allocateDirect(Math.min(SCRATCH_BYTES, config.maxHeldBytes()));
        this.idle = new IdleTracker<>(config.idleTimeout());
        this.thread = Thread.ofPlatform().daemon(true).name(name).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Called by the acceptor's thread: the loop registers the channel on its own thread. */
    void hand(SocketChannel channel) {
        arrivals.add(channel);
        selector.wakeup();
    }

    // tag::loop[]
    @Override
    public void run() {
        try {
            while (!stopRequested) {
                registerArrivals();
                closeIdleConnections();
                long waitMillis = Math.clamp(idle.untilNextExpiry(now()).toMillis(), 1, MAX_SELECT_WAIT_MILLIS);
                roundStart = null;
                selector.select(this::dispatch, waitMillis);
            }
            drainThenStop();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, thread.getName() + " stopped: " + e, e);
        } finally {
            closeEverything();
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return; // closed earlier in this round
        }
        FramedConnection connection = (FramedConnection) key.attachment();
        Instant before = roundStart(); // before the I/O: no peer can see the echo before this time
        try {
            EchoConnection.Outcome outcome = key.isReadable() ? connection.onReadable(scratch) : connection.onWritable();
            if (outcome != EchoConnection.Outcome.FINISHED && key.isValid() && key.isReadable() && key.isWritable()) {
                EchoConnection.Outcome write = connection.onWritable(); // both were ready: send what is owed too
                outcome = write == EchoConnection.Outcome.NO_PROGRESS ? outcome : write;
            }
            switch (outcome) {
                case PROGRESS -> idle.touch(connection, before);
                case NO_PROGRESS -> { }
                case FINISHED -> closeConnection(connection);
            }
        } catch (FramingException e) { // this peer broke the protocol: it alone is closed
            countBadFrame(e);
            LOG.log(System.Logger.Level.INFO, "closing a connection that sent a bad frame: " + e.getMessage());
            closeConnection(connection);
        } catch (IOException | RuntimeException e) { // a reset peer, or a bug: this connection only
            LOG.log(e instanceof IOException ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                    "closing a connection after " + e);
            closeConnection(connection);
        }
    }
    // end::loop[]

    private void countBadFrame(FramingException e) {
        if (e instanceof NegativeFrameLengthException) {
            counters.negativeLength();
        } else if (e instanceof FrameTooLargeException) {
            counters.oversizedFrame();
        }
    }

    private void registerArrivals() {
        SocketChannel channel;
        while ((channel = arrivals.poll()) != null) {
            try {
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                FramedConnection connection = new FramedConnection(channel, key, config, counters);
                key.attach(connection);
                served++;
                idle.touch(connection, now());
            } catch (IOException e) { // closed before it was served
                ConnectionAcceptor.closeQuietly(channel);
                counters.connections().connectionClosed();
            }
        }
    }

    private void closeIdleConnections() {
        for (FramedConnection connection : idle.expired(now())) {
            counters.connections().idleConnectionClosed();
            closeConnection(connection);
        }
    }

    private void closeConnection(FramedConnection connection) {
        idle.remove(connection);
        connection.close();
        served--;
        counters.connections().connectionClosed();
    }

    /**
     * Asks the loop to stop: it stops reading, flushes what is owed until {@code deadline} (a
     * reading of the config's clock, taken by the server before it stopped accepting), and ends.
     */
    void requestStop(Instant deadline) {
        drainDeadline = deadline;
        stopRequested = true; // after the deadline: the loop reads the flag, then the deadline
        selector.wakeup();
    }

    void awaitTermination() throws InterruptedException {
        thread.join();
    }

    private void drainThenStop() throws IOException {
        Instant deadline = drainDeadline;
        registerArrivals(); // handed over just before the stop: served by the drain like the others
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.isValid() && key.attachment() instanceof FramedConnection connection) {
                try {
                    if (connection.stopReading() == EchoConnection.Outcome.FINISHED) {
                        closeConnection(connection);
                    }
                } catch (IOException | RuntimeException e) {
                    closeConnection(connection);
                }
            }
        }
        while (served > 0 && now().isBefore(deadline)) { // flush what is owed, within the grace
            long waitMillis = Math.clamp(Duration.between(now(), deadline).toMillis(), 1, MAX_SELECT_WAIT_MILLIS);
            roundStart = null;
            selector.select(this::dispatch, waitMillis);
        }
    }

    private void closeEverything() {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.isValid() && key.attachment() instanceof FramedConnection connection) {
                closeConnection(connection); // past the grace: whatever is still owed is dropped
            }
        }
        SocketChannel channel;
        while ((channel = arrivals.poll()) != null) {
            ConnectionAcceptor.closeQuietly(channel);
            counters.connections().connectionClosed();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the selector of " + thread.getName() + ": " + e);
        }
    }

    private Instant roundStart() {
        if (roundStart == null) {
            roundStart = now();
        }
        return roundStart;
    }

    private Instant now() {
        return config.clock().instant();
    }
}
