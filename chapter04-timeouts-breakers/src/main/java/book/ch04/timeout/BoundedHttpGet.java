package book.ch04.timeout;

import book.ch04.time.Deadline;
import book.ch04.time.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP/1.1 GET on a raw socket in which every wait has a bound: resolving the name and
 * connecting share the connect budget, the request is written under a watchdog, each read waits
 * at most the read timeout, and all of it together at most the call timeout. Protects against
 * the four ways a call hangs: a resolver that does not answer, a SYN nobody answers, a peer that
 * stopped reading, and a peer that answers one byte at a time (a per-read timeout alone never
 * fires on a trickle; the call bound does).
 *
 * <p>The socket is closed on every path out, so after a timeout the server sees EOF and the
 * caller holds nothing. Specified by {@code TimeoutsOnLoopbackTest}.
 */
public final class BoundedHttpGet {

    /** Status line and body of an answer. */
    public record Response(int status, String body) {}

    /** No response head or body beyond this is read: a client bounds memory as well as time. */
    public static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private final Timeouts timeouts;
    private final Resolver resolver;
    private final Ticker ticker;
    private final Watchdog watchdog;

    public BoundedHttpGet(Timeouts timeouts, Resolver resolver, Ticker ticker, Watchdog watchdog) {
        this.timeouts = timeouts;
        this.resolver = resolver;
        this.ticker = ticker;
        this.watchdog = watchdog;
    }

    // tag::get[]
    public Response get(String host, int port, String path) throws IOException {
        Deadline call = Deadline.after(timeouts.call(), ticker);
        Deadline connect = call.narrowTo(timeouts.connect()); // resolution + handshake
        InetAddress address = resolveWithin(host, connect);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), connectMillisLeft(connect));
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            Deadline write = call.narrowTo(timeouts.write());
            watchdog.within(write.remaining(), socket, "write", () -> {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                return null;
            });
            return readResponse(socket, call);
        } // closed on every path: the server sees EOF, nothing stays held
    }

    private Response readResponse(Socket socket, Deadline call) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            // each read waits at most the read timeout, and never past the call's deadline
            Deadline read = call.narrowTo(timeouts.read());
            int n;
            try {
                socket.setSoTimeout(read.socketTimeoutMillis("read"));
                n = in.read(buffer);
            } catch (SocketTimeoutException | Deadline.ExceededException e) {
                throw call.expired() ? callTimedOut() : e; // "Read timed out" when only the read bound hit
            }
            if (n < 0) {
                return parse(all.toString(StandardCharsets.ISO_8859_1));
            }
            if (all.size() + n > MAX_RESPONSE_BYTES) {
                throw new IOException("response exceeds " + MAX_RESPONSE_BYTES + " bytes");
            }
            all.write(buffer, 0, n);
        }
    }
    // end::get[]

    // tag::resolve[]
    /**
     * Resolves on a virtual thread and waits at most what the connect budget has left. The JDK
     * cannot stop a lookup in progress; abandoning it costs one parked virtual thread and holds
     * no socket, and the time it took is charged to the connect that follows.
     */
    private InetAddress resolveWithin(String host, Deadline connect) throws IOException {
        CompletableFuture<InetAddress> address = new CompletableFuture<>();
        Thread lookup = Thread.ofVirtual().name("resolve " + host).start(() -> {
            try {
                address.complete(resolver.resolve(host));
            } catch (Throwable t) {
                address.completeExceptionally(t);
            }
        });
        try {
            return address.get(Math.max(0, connect.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.interrupt(); // a lookup in native code ignores it; the thread just parks till done
            throw new SocketTimeoutException("resolving '" + host + "' used up the connect budget of "
                    + timeouts.connect().toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            throw new IOException("resolving '" + host + "' failed", e.getCause());
        } catch (InterruptedException e) {
            lookup.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while resolving '" + host + "'");
        }
    }
    // end::resolve[]

    /** What the connect budget has left after resolution, as a connect timeout (never 0 = forever). */
    private int connectMillisLeft(Deadline connect) throws SocketTimeoutException {
        try {
            return connect.socketTimeoutMillis("connect");
        } catch (Deadline.ExceededException e) {
            throw new SocketTimeoutException("resolution used up the connect budget of " + timeouts.connect().toMillis() + " ms");
        }
    }

    private SocketTimeoutException callTimedOut() {
        return new SocketTimeoutException("call did not finish within " + timeouts.call().toMillis() + " ms");
    }

    private static Response parse(String raw) throws IOException {
        int headEnd = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.") || headEnd < 0 || raw.length() < 12) {
            throw new IOException("not an HTTP response: " + raw.substring(0, Math.min(40, raw.length())));
        }
        try {
            return new Response(Integer.parseInt(raw.substring(9, 12)), raw.substring(headEnd + 4));
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + raw.substring(0, raw.indexOf("\r\n")), e);
        }
    }
}
