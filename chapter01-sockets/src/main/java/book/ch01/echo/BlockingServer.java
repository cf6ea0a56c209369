package book.ch01.echo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A TCP server on blocking sockets, one thread per connection, with the limits every server
 * needs: a connection limit that refuses extra clients at once instead of queueing them
 * without bound, a read timeout so a silent client cannot hold a slot forever, a maximum
 * connection age so a trickling or never-reading one cannot either, and a graceful shutdown
 * that stops accepting, lets open connections finish within a bound, then closes the rest.
 * What to say on a connection is the {@link ConnectionHandler}'s business.
 *
 * <p>It listens on loopback only, as every server in this book does.
 */
public final class BlockingServer implements ForegroundServer.Server {

    private static final Logger LOG = Logger.getLogger(BlockingServer.class.getName());
    /** After a forced close, how long handlers get to notice that their socket is gone. */
    private static final Duration FORCED_CLOSE_GRACE = Duration.ofSeconds(5);
    /** After a failed accept (no file descriptors left, say), how long to wait before the next. */
    private static final Duration ACCEPT_FAILURE_PAUSE = Duration.ofMillis(100);

    private final ServerConfig config;
    private final ConnectionHandler handler;
    private final ServerSocket listener;
    private final ExecutorService workers;
    private final ServerCounters counters = new ServerCounters();
    private final OpenConnections connections;
    private final Thread acceptor;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private BlockingServer(ServerConfig config, ConnectionHandler handler, ServerSocket listener) {
        this.config = config;
        this.handler = handler;
        this.listener = listener;
        this.workers = config.threadModel().newExecutor("conn-" + listener.getLocalPort());
        this.connections = new OpenConnections(config, counters, String.valueOf(listener.getLocalPort()));
        this.acceptor = Thread.ofPlatform().name("accept-" + listener.getLocalPort()).start(this::acceptLoop);
    }

    /** Binds 127.0.0.1 on the configured port and starts accepting; the caller must close it. */
    public static BlockingServer start(ServerConfig config, ConnectionHandler handler) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), config.backlog());
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new BlockingServer(config, handler, listener);
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public String address() {
        return listener.getInetAddress().getHostAddress() + ":" + port();
    }

    @Override
    public ServerStats stats() {
        return counters.snapshot();
    }

    // tag::accept-loop[]
    private void acceptLoop() {
        while (true) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;                                 // stopAccepting(): the normal way out
                }
                LOG.warning(() -> "accept failed, still listening: " + e);
                if (!pauseAfterAcceptFailure()) {
                    return;
                }
                continue;
            }
            if (!connections.tryReserve()) {                // full: refuse now, never queue
                counters.refused.increment();
                Quietly.close(socket);
                continue;
            }
            dispatch(socket);
        }
    }
    // end::accept-loop[]

    /**
     * Out of file descriptors, accept() fails at once, again and again: without a pause the
     * loop would spin and flood the log. Returns false if interrupted, which stops the loop.
     */
    private boolean pauseAfterAcceptFailure() {
        try {
            Thread.sleep(ACCEPT_FAILURE_PAUSE);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void dispatch(Socket socket) {
        try {
            socket.setSoTimeout(Math.toIntExact(config.readTimeout().toMillis()));
            socket.setTcpNoDelay(config.tcpNoDelay());
            connections.add(socket);
            counters.accepted.increment();
            workers.execute(() -> serve(socket));
        } catch (IOException | RejectedExecutionException e) { // reset before service, or closing
            connections.release(socket);
        }
    }

    // tag::serve[]
    private void serve(Socket socket) {
        Object peer = socket.getRemoteSocketAddress();
        try {
            handler.handle(socket);
        } catch (SocketTimeoutException e) {
            counters.timedOut.increment();
            LOG.info(() -> "closing " + peer + ": silent for longer than the read timeout of "
                    + config.readTimeout().toMillis() + " ms");
        } catch (IOException e) {
            if (!connections.closedByServer(socket)) {      // expired or forced: counted already
                counters.failed.increment();
                LOG.warning(() -> "closing " + peer + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            counters.failed.increment();
            LOG.log(Level.SEVERE, "closing " + peer + ": the handler failed", e);
        } finally {
            connections.release(socket);                    // the slot is free before the peer sees EOF
        }
    }
    // end::serve[]

    // tag::stop-accepting[]
    /** Closes the listening socket; when this returns, the kernel refuses new clients. */
    public void stopAccepting() {
        Quietly.close(listener);
        try {
            // close() returns while the acceptor may still sit in accept(), and until that call
            // wakes up the kernel keeps completing handshakes on the old socket. Waiting for the
            // acceptor to exit is waiting for the listening socket to be really gone.
            acceptor.join(FORCED_CLOSE_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
    // end::stop-accepting[]

    // tag::close[]
    /**
     * Shuts down gracefully: stops accepting, lets open connections finish for up to the drain
     * timeout, then closes whatever is still open and counts it in {@code forciblyClosed}.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosedQuietly();                           // a second caller waits for the first
            return;
        }
        try {
            stopAccepting();                                // no connection is dispatched after this
            workers.shutdown();                             // running connections go on
            if (!awaitWorkers(config.drainTimeout())) {
                connections.closeAll();
                awaitWorkers(FORCED_CLOSE_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();             // asked to hurry: skip the drain
            connections.closeAll();
        } finally {
            workers.shutdownNow();
            connections.close();
            closed.countDown();
        }
    }
    // end::close[]

    private boolean awaitWorkers(Duration timeout) throws InterruptedException {
        return workers.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Blocks until {@link #close()} has finished, from whichever thread called it. */
    @Override
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    private void awaitClosedQuietly() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
