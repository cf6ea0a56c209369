/*
 * Unit "framed-selector-server" of chapter 1 (copy these fourteen files together, in their
 * packages: nio/FramedEchoServer, FramedEventLoop, FramedConnection, FramedEchoConfig,
 * FramedEchoCounters, NioEchoCounters, ConnectionAcceptor, IdleTracker, MonotonicClock,
 * EchoConnection, and framing/FrameFormat, FramingException, FrameTooLargeException,
 * NegativeFrameLengthException; they use the JDK alone).
 * This file: accepting within the connection limit (shared with the raw selector server).
 * Defaults: one event loop per CPU, 10,000 connections, a 30 s idle timeout, 1 MiB frames, 64 KiB
 * of replies owed per connection before it is no longer read, a 5 s shutdown grace, loopback only.
 * Limits: frames of at most 2^31 - 1 bytes less the queue bound; the echo is the only protocol.
 * Specified by: NioFramedEchoServerTest, NioEchoServerTest, IdleTrackerTest.
 */
package book.ch01.nio;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Takes new connections off the listening socket for the selector thread, within the
 * connection limit. A connection over the limit is accepted and closed at once, so its client
 * learns immediately instead of waiting in the kernel's queue for its own timeout. A failing
 * {@code accept} (out of file descriptors) pauses accepting instead of spinning on it.
 */
final class ConnectionAcceptor {

    private static final System.Logger LOG = System.getLogger(ConnectionAcceptor.class.getName());
    /** Accepts per wakeup, so a connection storm cannot starve the connections already served. */
    static final int MAX_ACCEPTS_PER_WAKEUP = 64;
    /** After a failed accept, how long to leave the accept queue alone. */
    static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);

    private final ServerSocketChannel listener;
    private final SelectionKey key;
    private final int maxConnections;
    private final NioEchoCounters counters;
    private final InstantSource clock;
    private Instant pausedUntil; // null while accepting

    ConnectionAcceptor(ServerSocketChannel listener, SelectionKey key, int maxConnections,
                       NioEchoCounters counters, InstantSource clock) {
        this.listener = listener;
        this.key = key;
        this.maxConnections = maxConnections;
        this.counters = counters;
        this.clock = clock;
    }

    // tag::accept[]
    /** Accepts what is queued (up to a bound) and hands each connection within the limit to {@code serve}. */
    void acceptSome(Consumer<SocketChannel> serve) {
        for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) { // e.g. out of file descriptors
                // The connection stays queued and OP_ACCEPT stays ready: retrying at once would spin.
                LOG.log(System.Logger.Level.WARNING, "accept failed, pausing accepts: " + e);
                key.interestOps(0);
                pausedUntil = clock.instant().plus(ACCEPT_PAUSE);
                return;
            }
            if (channel == null) {
                return; // the accept queue is empty
            }
            if (counters.open() >= maxConnections) {
                counters.connectionRefused();
                closeQuietly(channel); // the peer reads end-of-stream at once, before any echo
                continue;
            }
            serve.accept(channel);
        }
    }
    // end::accept[]

    /** Asks for OP_ACCEPT again once a pause after a failed accept is over. */
    void resumeWhenDue() {
        if (pausedUntil != null && !clock.instant().isBefore(pausedUntil)) {
            pausedUntil = null;
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is released either way
        }
    }
}
