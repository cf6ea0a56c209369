/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: the server: an acceptor hands connections round-robin to the event loops.
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The framed echo protocol (a 4-byte big-endian length, then that many bytes, echoed back as
 * one frame) on event loops, in the manner of Netty, which is itself built on these JDK classes:
 * one acceptor thread takes connections and hands them round-robin to one event loop per CPU,
 * each a platform thread with its own {@link Selector}. A bad length closes that connection
 * only; a peer that does not read its replies is stopped being read, not buffered without bound.
 *
 * <p>It keeps the raw selector server's promises (a connection limit, an idle timeout on a
 * monotonic clock, bounded memory per connection, graceful shutdown, counters) with two threads
 * on a two-CPU machine, whatever the number of connections.
 *
 * <p>Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest
 */
public final class FramedEchoServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FramedEchoServer.class.getName());
    /** How often the acceptor looks up from an empty accept queue, to see a stop or resume accepting. */
    private static final long ACCEPT_WAIT_MILLIS = 100;

    private final FramedEchoCounters counters = new FramedEchoCounters();
    private final ServerSocketChannel listener;
    private final Selector acceptSelector;
    private final ConnectionAcceptor acceptor;
    private final InetSocketAddress address;
    private final List<FramedEventLoop> loops = new ArrayList<>();
    private final Thread acceptorThread;
    private final InstantSource clock;
    private final Duration shutdownGrace;
    private int next; // the loop that gets the next connection; the acceptor thread alone uses it
    private volatile boolean stopRequested;

    private FramedEchoServer(FramedEchoConfig config, int port) throws IOException {
        clock = config.clock();
        shutdownGrace = config.shutdownGrace();
        acceptSelector = Selector.open();
        ServerSocketChannel opened = null;
        try {
            opened = ServerSocketChannel.open();
            opened.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), config.backlog());
            opened.configureBlocking(false);
            SelectionKey key = opened.register(acceptSelector, SelectionKey.OP_ACCEPT);
            address = (InetSocketAddress) opened.getLocalAddress();
            acceptor = new ConnectionAcceptor(opened, key, config.maxConnections(), counters.connections(),
                    config.clock());
            for (int i = 0; i < config.loops(); i++) {
                loops.add(new FramedEventLoop(config, counters, "framed-echo-loop-" + address.getPort() + "-" + i));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(e, opened, acceptSelector);
            throw e;
        }
        listener = opened;
        acceptorThread = Thread.ofPlatform().daemon(true).name("framed-echo-acceptor-" + address.getPort())
                .unstarted(this::acceptUntilStopped);
    }

    /** Starts a server on loopback, on any free port. */
    public static FramedEchoServer start(FramedEchoConfig config) throws IOException {
        return start(config, 0);
    }

    /** Starts a server on loopback on {@code port} (0: any free port). */
    public static FramedEchoServer start(FramedEchoConfig config, int port) throws IOException {
        FramedEchoServer server = new FramedEchoServer(config, port);
        server.loops.forEach(FramedEventLoop::start);
        server.acceptorThread.start();
        return server;
    }

    // tag::accept[]
    private void acceptUntilStopped() {
        try {
            while (!stopRequested) {
                acceptor.resumeWhenDue();
                acceptSelector.select(key -> acceptor.acceptSome(this::handToNextLoop), ACCEPT_WAIT_MILLIS);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the acceptor of " + address + " stopped: " + e, e);
        }
    }

    /** Round-robin: connections spread evenly, and each stays on its loop for its whole life. */
    private void handToNextLoop(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // a reply leaves at once
        } catch (IOException e) { // reset before it was served
            ConnectionAcceptor.closeQuietly(channel);
            return;
        }
        counters.connections().connectionAccepted(); // counted here, so the limit holds across loops
        loops.get(next).hand(channel);
        next = (next + 1) % loops.size();
    }
    // end::accept[]

    public InetSocketAddress socketAddress() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** Where it listens, as {@code 127.0.0.1:PORT}. */
    public String address() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    public FramedEchoCounters counters() {
        return counters;
    }

    /** Waits until the server has stopped (after {@link #close()}, from any thread). */
    public void awaitClosed() throws InterruptedException {
        acceptorThread.join();
        for (FramedEventLoop loop : loops) {
            loop.awaitTermination();
        }
    }

    /**
     * Stops accepting (the kernel refuses new connections from here), lets every connection
     * write the replies it owes for up to the shutdown grace, closes everything, and returns
     * when every thread of the server has ended.
     */
    @Override
    public void close() {
        // One grace for the whole server, from the moment the close began (before the listener
        // closes, so that whoever sees new connections refused also sees the grace running).
        Instant drainDeadline = clock.instant().plus(shutdownGrace);
        stopRequested = true;
        acceptSelector.wakeup();
        boolean interrupted = false;
        try {
            acceptorThread.join();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        closeQuietly(null, listener, acceptSelector);
        loops.forEach(loop -> loop.requestStop(drainDeadline)); // all loops drain at once, within one grace
        for (FramedEventLoop loop : loops) {
            try {
                loop.awaitTermination();
            } catch (InterruptedException e) {
                interrupted = true; // the loops still stop, on their own threads
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Exception failure, AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "closing " + resource + ": " + e);
                }
            }
        }
    }
}
