package book.ch05.health;

import book.ch05.time.Ticker;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Probes {@code GET /health} over HTTP/1.1 on a fresh connection and passes on a 2xx status
 * line, all within one deadline: the connect, the write and every read get only the time
 * that is left, so a server that accepts and never answers (or answers one byte a second)
 * fails the probe at the timeout, never later.
 *
 * <p>What it protects against: a health check that hangs as long as the sick server does,
 * and a check that trusts a TCP connect (which the kernel accepts for a hung process).
 * A fresh connection per probe tests what a new request would meet: accept queue, TLS-free
 * parsing, the handler. Only the status line is read; the body is not.
 */
public final class HttpHealthProbe implements HealthProbe<InetSocketAddress> {

    /** A status line longer than this is not HTTP. */
    static final int MAX_STATUS_LINE = 256;
    /** A longer timeout is cut to this: a health check that takes longer is not one. */
    static final Duration LONGEST = Duration.ofMinutes(10);

    private final String path;
    private final Ticker ticker;

    /** Probes {@code /health}. */
    public HttpHealthProbe() {
        this("/health", Ticker.system());
    }

    public HttpHealthProbe(String path, Ticker ticker) {
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new IllegalArgumentException("path must start with / and hold no spaces or controls, not " + path);
        }
        this.path = path;
        this.ticker = ticker;
    }

    @Override
    public boolean check(InetSocketAddress endpoint, Duration timeout) throws InterruptedException {
        Duration bounded = timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout; // saturate: never overflow
        long deadline = ticker.nanoTime() + bounded.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(endpoint, millisLeft(deadline));
            InputStream in = new BufferedInputStream(socket.getInputStream(), MAX_STATUS_LINE);
            OutputStream out = socket.getOutputStream();
            String host = endpoint.getHostString() + ":" + endpoint.getPort();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return isSuccess(statusLine(socket, in, deadline));
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // Interrupted (a virtual thread's socket is closed by an interrupt): say so the usual
            // way, with InterruptedException and the flag cleared, so the caller stops.
            if (Thread.interrupted() || e instanceof InterruptedIOException) {
                throw new InterruptedException("health probe interrupted");
            }
            return false;
        }
    }

    /** Reads up to the end of the first line, each read bounded by the time left. */
    private String statusLine(Socket socket, InputStream in, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < MAX_STATUS_LINE) {
            socket.setSoTimeout(millisLeft(deadline));
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            line.append((char) b);
        }
        return line.toString().strip(); // without the \r of the line's end
    }

    /** "HTTP/1.x 2xx ..." */
    static boolean isSuccess(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        return parts.length >= 2 && parts[0].startsWith("HTTP/1.") && parts[1].length() == 3
                && parts[1].charAt(0) == '2' && Character.isDigit(parts[1].charAt(1))
                && Character.isDigit(parts[1].charAt(2));
    }

    /** The time left as a socket timeout: at least 1 ms, since 0 would mean "wait forever". */
    private int millisLeft(long deadline) throws SocketTimeoutException {
        long left = deadline - ticker.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("health probe deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis()));
    }
}
