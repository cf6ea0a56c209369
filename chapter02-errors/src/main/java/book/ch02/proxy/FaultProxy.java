package book.ch02.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP proxy on loopback that forwards to a real upstream and injects faults on the way:
 * latency, bandwidth, slicing, black hole, reset, truncation, corruption, and refusing
 * connections altogether. Faults change while it runs ({@link #setFaults}) and act on the next
 * chunk of every open connection, so a test can break a connection that is in use.
 *
 * <p>Two threads per connection, one per direction, platform threads unless configured otherwise; a connection limit, an idle
 * timeout and a connect timeout; {@link #close()} closes every socket and waits for every
 * thread.
 *
 * <p>Copyable unit "fault-proxy": this package (the plumbing: listener, connections, pumps,
 * the fault and toxic interfaces) and {@code book.ch02.proxy.faults} (one class per fault);
 * the JDK alone. The program and the demo live in {@code book.ch02.proxy.program}, the test
 * fixtures in {@code book.ch02.fixture}. Defaults ({@link ProxyConfig#forUpstream}): listen on
 * a free loopback port, 2 s connect timeout, 60 s idle timeout, 64 connections, 128 KiB buffers,
 * TCP_NODELAY, platform threads. Limits: loopback only, by design; "deliver before reset" is
 * confirmed on Linux only (elsewhere it waits the idle timeout and says so); a latency line
 * holds at most 4 MiB per direction.
 *
 * <p>Specified by: FaultProxyTest, ToxicsTest, ProxyFaultsOnLoopbackTest, TokenBucketTest, FaultProxyProgramTest
 */
public final class FaultProxy implements AutoCloseable {

    /** How many completed connections the kernel may queue before the proxy accepts them. */
    public static final int BACKLOG = 50;
    /** How long {@link #close()} waits for the proxy's threads to finish. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Duration ACCEPT_RETRY_PAUSE = Duration.ofMillis(50);

    private final ProxyConfig config;
    private final int port;
    private final ProxyCounters counters = new ProxyCounters();
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final ThreadRegistry threads;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile Faults faults = Faults.NONE;
    private ServerSocket listener; // guarded by this
    private Thread acceptor;       // guarded by this
    private boolean down;          // guarded by this
    private boolean closed;        // guarded by this

    private FaultProxy(ProxyConfig config) throws IOException {
        this.config = config;
        this.threads = new ThreadRegistry(config.virtualThreads());
        this.listener = bind(config.listenPort());
        this.port = listener.getLocalPort();
        startAcceptor(listener);
    }

    /** Starts a proxy with these settings; it is listening when this returns. */
    public static FaultProxy start(ProxyConfig config) throws IOException {
        return new FaultProxy(Objects.requireNonNull(config, "config"));
    }

    /** Starts a proxy to {@code 127.0.0.1:upstreamPort} with the default settings. */
    public static FaultProxy start(int upstreamPort) throws IOException {
        return start(ProxyConfig.forUpstream(upstreamPort));
    }

    /** The loopback port clients connect to; it stays the same across {@link #down()} and {@link #up()}. */
    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public ProxyConfig config() {
        return config;
    }

    public Faults faults() {
        return faults;
    }

    /** Replaces the faults; open connections apply them from their next chunk on. */
    public void setFaults(Faults newFaults) {
        faults = Objects.requireNonNull(newFaults, "faults");
        event("faults now: upstream " + newFaults.upstream() + ", downstream " + newFaults.downstream());
    }

    /** Back to a clean, transparent proxy. */
    public void clearFaults() {
        setFaults(Faults.NONE);
    }

    public ProxyStats stats() {
        return counters.snapshot(connections.size());
    }

    /** Threads of this proxy still running: the acceptor and the pumps. Zero after {@link #close()}. */
    public int activeThreads() {
        return threads.alive();
    }

    // tag::down-up[]
    /**
     * Stops listening, so that connecting gets "Connection refused", and resets the open
     * connections (SO_LINGER 0), as a load balancer that dropped them would. A crashed server
     * process is gentler: its kernel closes with FIN (end of stream), and sends RST only for a
     * request left unread ({@code FinOrResetTest}). The port is not held while down.
     */
    public void down() throws InterruptedException {
        Thread stopped;
        synchronized (this) {
            if (down || closed) {
                return;
            }
            down = true;
            closeQuietly(listener); // no socket on the port: the kernel answers SYN with RST
            stopped = acceptor;
        }
        // The port is free only once the accepting thread has let go of the socket.
        stopped.join(CLOSE_WAIT);
        connections.forEach(c -> c.reset("proxy went down"));
        event("down: connections to port " + port + " are refused");
    }

    /** Listens again on the same port. Fails if something else took the port while it was free. */
    public synchronized void up() throws IOException {
        if (!down || closed) {
            return;
        }
        try {
            listener = bind(port);
        } catch (IOException e) {
            throw new IOException("cannot listen on port " + port + " again (taken while the proxy was down?): "
                    + e.getMessage(), e);
        }
        down = false;
        startAcceptor(listener);
        event("up: listening on port " + port + " again");
    }
    // end::down-up[]

    public synchronized boolean isDown() {
        return down;
    }

    /** Closes the listener and every connection, and waits up to {@link #CLOSE_WAIT} for all threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            threads.stopStarting();
            closeQuietly(listener);
        }
        connections.forEach(c -> c.close("proxy closed"));
        threads.interruptAndJoin(CLOSE_WAIT);
        if (activeThreads() > 0) {
            event("closed with " + activeThreads() + " threads still running after " + CLOSE_WAIT.toMillis() + " ms");
        }
        event("closed: port " + port + " no longer listens");
        closedLatch.countDown();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closedLatch.await();
    }

    private ServerSocket bind(int listenPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true); // rebinding the same port after down() despite TIME_WAIT
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), BACKLOG);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private synchronized void startAcceptor(ServerSocket server) {
        acceptor = startThread("fault-proxy-accept-" + port, () -> acceptLoop(server));
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        event("listening on " + host + ":" + port + ", forwarding to " + host + ":" + config.upstreamPort());
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                admit(server.accept());
            } catch (IOException e) {
                if (server.isClosed()) {
                    return; // down() or close()
                }
                event("accept failed (" + e.getMessage() + "), retrying"); // e.g. out of file descriptors
                try {
                    Thread.sleep(ACCEPT_RETRY_PAUSE);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void admit(Socket client) {
        long id = counters.accepted();
        if (connections.size() >= config.maxConnections()) {
            counters.rejected();
            event("connection " + id + " from " + client.getRemoteSocketAddress() + " rejected: "
                    + config.maxConnections() + " connections open, the limit");
            closeQuietly(client);
            return;
        }
        ProxiedConnection connection = new ProxiedConnection(id, client, this);
        connections.add(connection);
        if (startThread("fault-proxy-" + id + "-up", connection::run) == null) {
            connection.close("proxy closing");
        }
    }

    /** Starts a thread that {@link #close()} will wait for; returns null once closing. */
    Thread startThread(String name, Runnable task) {
        return threads.start(name, task);
    }

    ProxyCounters counters() {
        return counters;
    }

    void connectionClosed(ProxiedConnection connection, String reason) {
        connections.remove(connection);
        event(reason);
    }

    void event(String line) {
        try {
            config.events().accept(line);
        } catch (RuntimeException e) {
            // a broken log sink must not break the proxy
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing useful to do: it is being thrown away
        }
    }
}
