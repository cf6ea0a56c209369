package book.ch01.tls;

import book.ch01.echo.ConnectionAgeLimit;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.Principal;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A line echo server over TLS 1.3 on loopback, optionally requiring client certificates
 * (mutual TLS). Each connection gets a virtual thread, a handshake deadline, a read timeout and
 * a line limit; past the connection limit new connections are closed at once. Every failed
 * handshake is logged as a {@link TlsFailure}, the line an operator needs.
 */
public final class TlsEchoServer implements AutoCloseable {

    private static final long STOP_WAIT_MILLIS = 2000;
    /** After a failed accept (no file descriptors left, say), how long to wait before the next. */
    private static final Duration ACCEPT_FAILURE_PAUSE = Duration.ofMillis(100);

    private final SSLServerSocket listener;
    private final TlsSettings settings;
    private final Consumer<String> log;
    private final Semaphore permits;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ConnectionAgeLimit ageLimit;

    private TlsEchoServer(SSLServerSocket listener, TlsSettings settings, Consumer<String> log) {
        this.listener = listener;
        this.settings = settings;
        this.log = log;
        this.permits = new Semaphore(settings.maxConnections());
        this.ageLimit = new ConnectionAgeLimit(settings.maxConnectionAge(), "tls-max-age-" + listener.getLocalPort());
    }

    /**
     * @param requireClientCertificate mutual TLS: refuse clients without a certificate from a trusted CA
     * @param log                      told about each connection and each failure, one line each
     */
    public static TlsEchoServer start(int port, SSLContext context, boolean requireClientCertificate,
                                      TlsSettings settings, Consumer<String> log) throws IOException {
        Objects.requireNonNull(log, "log");
        // tag::server-socket[]
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(port, 50, InetAddress.getLoopbackAddress());
        SSLParameters tls = listener.getSSLParameters();
        tls.setProtocols(new String[] {TlsSettings.TLS_1_3});
        tls.setNeedClientAuth(requireClientCertificate); // no certificate, no connection
        listener.setSSLParameters(tls);
        // end::server-socket[]
        TlsEchoServer server = new TlsEchoServer(listener, settings, log);
        server.threads.submit(server::acceptLoop);
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept(); // no handshake yet: that happens on the connection's thread
                if (!permits.tryAcquire()) {
                    log.accept("refused " + socket.getRemoteSocketAddress() + ": "
                            + settings.maxConnections() + " connections already open");
                    socket.close();
                    continue;
                }
                open.add(socket);
                try {
                    threads.submit(() -> serve((SSLSocket) socket));
                } catch (RejectedExecutionException stopping) { // close() ran between accept and here
                    open.remove(socket);
                    permits.release();
                    socket.close();
                }
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
                // out of file descriptors, accept() fails at once, again and again: do not spin
                log.accept("accept failed, pausing " + ACCEPT_FAILURE_PAUSE.toMillis() + " ms: " + e);
                try {
                    Thread.sleep(ACCEPT_FAILURE_PAUSE);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt(); // close() interrupts us: stop accepting
                    return;
                }
            }
        }
    }

    // tag::serve[]
    private void serve(SSLSocket socket) {
        boolean handshaken = false;
        Future<?> expiry = ageLimit.watch(() -> expire(socket));   // busy or not, it ends at its maximum age
        try (socket) {
            socket.setSoTimeout((int) settings.handshakeTimeout().toMillis()); // bounds each handshake read
            HandshakeDeadline.handshake(socket, settings.handshakeTimeout());   // and the whole handshake
            handshaken = true;
            SSLSession session = socket.getSession();
            log.accept("handshake with " + socket.getRemoteSocketAddress() + ": " + session.getProtocol()
                    + " " + session.getCipherSuite() + ", client " + clientName(session));
            socket.setSoTimeout((int) settings.readTimeout().toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            String line;
            while ((line = Lines.read(in, settings.maxLineBytes())) != null) {
                Lines.write(out, line);
            }
        } catch (Lines.LineTooLongException e) {
            log.accept("closed " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
        } catch (SocketTimeoutException e) {
            log.accept("closed " + socket.getRemoteSocketAddress() + ": "
                    + (handshaken ? "idle past the read timeout" : "handshake timed out"));
        } catch (IOException e) {
            if (!(e instanceof SocketException && (listener.isClosed() || expiry.isDone()))) { // not our own close
                log.accept("failed with " + socket.getRemoteSocketAddress() + ": " + TlsFailure.diagnose(e));
            }
        } finally {
            expiry.cancel(false);
            open.remove(socket);
            permits.release();
        }
    }
    // end::serve[]

    private void expire(Socket socket) {
        log.accept("closed " + socket.getRemoteSocketAddress() + ": older than the maximum age of "
                + settings.maxConnectionAge().toMillis() + " ms");
        try {
            socket.close();
        } catch (IOException e) {
            log.accept("closing " + socket.getRemoteSocketAddress() + " failed: " + e);
        }
    }

    private static String clientName(SSLSession session) {
        try {
            Principal peer = session.getPeerPrincipal();
            return peer.getName();
        } catch (SSLPeerUnverifiedException e) {
            return "anonymous";
        }
    }

    /** Stops accepting, closes every connection (sending TLS close_notify) and waits for the threads. */
    @Override
    public void close() throws IOException {
        listener.close();
        ageLimit.close();
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) { // one failed close must not leave the others open
                log.accept("closing " + socket.getRemoteSocketAddress() + " failed: " + e);
            }
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.accept("connection threads still running after stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
