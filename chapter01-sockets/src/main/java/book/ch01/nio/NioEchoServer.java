package book.ch01.nio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An echo server on one thread: a {@link Selector} multiplexes every connection, each in
 * non-blocking mode. It keeps the blocking server's promises (raw-byte echo, a connection
 * limit, an idle timeout, bounded memory per connection, half-close, graceful shutdown)
 * without a thread, or a thread's stack, per connection.
 *
 * <p>The one rule that holds it together: the selector thread never blocks and never waits,
 * because while it does, every connection waits with it.
 */
public final class NioEchoServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NioEchoServer.class.getName());
    /** The longest the selector sleeps with nothing to do, so a stop or a clock change is seen soon. */
    private static final long MAX_SELECT_WAIT_MILLIS = 250;
    private static final int ACCEPT_BACKLOG = 1024;

    private final NioEchoConfig config;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final ConnectionAcceptor acceptor;
    private final InetSocketAddress address;
    private final ByteBuffer scratch;
    private final IdleTracker<EchoConnection> idle;
    private final NioEchoCounters counters = new NioEchoCounters();
    private final Thread selectorThread;
    private volatile boolean stopRequested;

    private NioEchoServer(NioEchoConfig config, int port) throws IOException {
        this.config = config;
        this.scratch = ByteBuffer.allocateDirect(config.maxBufferedBytes());
        this.idle = new IdleTracker<>(config.idleTimeout());
        this.selector = Selector.open();
        ServerSocketChannel opened = null;
        try {
            opened = ServerSocketChannel.open();
            opened.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), ACCEPT_BACKLOG);
            opened.configureBlocking(false);
            SelectionKey key = opened.register(selector, SelectionKey.OP_ACCEPT);
            address = (InetSocketAddress) opened.getLocalAddress();
            acceptor = new ConnectionAcceptor(opened, key, config.maxConnections(), counters, config.clock());
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(e, opened, selector); // the listener too: it may be open but not registered
            throw e;
        }
        listener = opened;
        selectorThread = Thread.ofPlatform().daemon(true).name("nio-echo-selector-" + address.getPort())
                .unstarted(this::run);
    }

    private static void closeAfterFailure(Exception failure, AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Starts a server on loopback, on any free port. */
    public static NioEchoServer start(NioEchoConfig config) throws IOException {
        return start(config, 0);
    }

    /** Starts a server on loopback on {@code port} (0: any free port). */
    public static NioEchoServer start(NioEchoConfig config, int port) throws IOException {
        NioEchoServer server = new NioEchoServer(config, port);
        server.selectorThread.start();
        return server;
    }

    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    public NioEchoCounters counters() {
        return counters;
    }

    /** Waits until the server has stopped (after {@link #close()}, from any thread). */
    public void awaitTermination() throws InterruptedException {
        selectorThread.join();
    }

    // tag::selector-loop[]
    private void run() {
        try {
            while (!stopRequested) {
                closeIdleConnections();
                acceptor.resumeWhenDue();
                long waitMillis = Math.clamp(idle.untilNextExpiry(now()).toMillis(), 1, MAX_SELECT_WAIT_MILLIS);
                // select(action, timeout) never adds keys to the selected-key set: no remove() to forget
                selector.select(this::dispatch, waitMillis);
            }
            drainThenStop();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "echo server on " + address + " stopped: " + e, e);
        } finally {
            closeEverything();
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return; // cancelled after it was selected
        }
        if (key.isAcceptable()) {
            acceptor.acceptSome(this::serve);
            return;
        }
        EchoConnection connection = (EchoConnection) key.attachment();
        Instant before = now(); // read before the I/O: no peer can see the echo before this time
        try {
            switch (key.isReadable() ? connection.onReadable(scratch) : connection.onWritable()) {
                case PROGRESS -> idle.touch(connection, before);
                case NO_PROGRESS -> { }
                case FINISHED -> closeConnection(connection);
            }
        } catch (IOException | RuntimeException e) { // a reset peer, or a bug: this connection only
            LOG.log(e instanceof IOException ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                    "closing a connection after " + e);
            closeConnection(connection);
        }
    }
    // end::selector-loop[]

    private void serve(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // an echo is sent at once
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            EchoConnection connection = new EchoConnection(channel, key, counters);
            key.attach(connection);
            idle.touch(connection, now());
            counters.connectionAccepted();
        } catch (IOException e) { // reset before it was served
            LOG.log(System.Logger.Level.DEBUG, "dropping a connection reset on arrival: " + e);
            ConnectionAcceptor.closeQuietly(channel);
        }
    }

    private void closeIdleConnections() {
        for (EchoConnection connection : idle.expired(now())) {
            counters.idleConnectionClosed();
            closeConnection(connection);
        }
    }

    private void closeConnection(EchoConnection connection) {
        idle.remove(connection);
        connection.close();
        counters.connectionClosed();
    }

    // tag::graceful-shutdown[]
    private void drainThenStop() throws IOException {
        Instant deadline = now().plus(config.shutdownGrace());
        listener.close(); // from here the kernel refuses new connections
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.isValid() && key.attachment() instanceof EchoConnection connection) {
                try {
                    if (connection.stopReading() == EchoConnection.Outcome.FINISHED) {
                        closeConnection(connection);
                    }
                } catch (IOException e) {
                    closeConnection(connection);
                }
            }
        }
        while (counters.open() > 0 && now().isBefore(deadline)) { // flush what is owed, within the grace
            long waitMillis = Math.clamp(Duration.between(now(), deadline).toMillis(), 1, MAX_SELECT_WAIT_MILLIS);
            selector.select(this::dispatch, waitMillis);
        }
    }
    // end::graceful-shutdown[]

    private void closeEverything() {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.isValid() && key.attachment() instanceof EchoConnection connection) {
                closeConnection(connection); // past the grace: whatever is still owed is dropped
            }
        }
        try (selector; listener) { // closes both, and reports the first failure
            LOG.log(System.Logger.Level.DEBUG, "echo server on " + address + " stopped: " + counters);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the selector of " + address + ": " + e);
        }
    }

    private Instant now() {
        return config.clock().instant();
    }

    /**
     * Stops accepting, lets each connection write what it already read (for up to the
     * shutdown grace), closes everything, and returns when the selector thread has ended.
     */
    @Override
    public void close() {
        stopRequested = true;
        selector.wakeup(); // the selector may be asleep for up to MAX_SELECT_WAIT_MILLIS
        try {
            selectorThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server still stops, on its own thread
        }
    }
}
