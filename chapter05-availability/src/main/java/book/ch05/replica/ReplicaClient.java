package book.ch05.replica;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal blocking HTTP/1.1 client for the chapter's replicas: one connection per call, a
 * connect timeout and a read timeout, {@code Connection: close}. One connection per call keeps
 * cancellation simple and visible: closing the socket (or interrupting the virtual thread
 * blocked on it, which closes it) is what the replica sees as an abandoned request.
 *
 * <p>Failures are the JDK's own exceptions, so the book's retry table classifies them: any
 * failure to connect (refused, timed out, no route) is a {@code ConnectException} (nothing was
 * sent); after the request was written, a {@code SocketTimeoutException} (no answer in time), an
 * {@link java.io.EOFException} or a {@code SocketException} (the connection ended).
 */
public final class ReplicaClient {

    /** Longest answer this client reads. */
    static final int MAX_BODY = 1 << 20;

    /**
     * One answer.
     *
     * @param status  the HTTP status
     * @param headers names in lower case
     * @param body    the body as UTF-8 text
     */
    public record Response(int status, Map<String, String> headers, String body) {
        /** The {@code X-Replica} header: who answered. */
        public String replica() {
            return headers.get("x-replica");
        }
    }

    private final Duration connectTimeout;
    private final Duration readTimeout;

    public ReplicaClient(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = positiveMillis("connectTimeout", connectTimeout);
        this.readTimeout = positiveMillis("readTimeout", readTimeout);
    }

    private static Duration positiveMillis(String name, Duration d) {
        if (d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be 1ms.." + Integer.MAX_VALUE + "ms, not " + d);
        }
        return d;
    }

    public Response get(InetSocketAddress to, String path) throws IOException {
        return send(to, "GET", path, Map.of(), null);
    }

    /** Sends one request and reads its answer; {@code body} may be {@code null}. */
    public Response send(InetSocketAddress to, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            connect(socket, to);
            socket.setSoTimeout((int) readTimeout.toMillis());
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(to.getHostString()).append(':').append(to.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    /**
     * Connects, or fails with a {@link ConnectException} whatever went wrong (refused, timed out,
     * no route): a caller can tell "nothing was sent" from a failure after the request left.
     */
    private void connect(Socket socket, InetSocketAddress to) throws ConnectException {
        try {
            socket.connect(to, (int) connectTimeout.toMillis());
        } catch (ConnectException e) {
            throw e;
        } catch (IOException e) {
            ConnectException c = new ConnectException("connect to " + to + " failed: " + e.getMessage());
            c.initCause(e);
            throw c;
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new NumberFormatException();
            }
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP answer: " + printable(statusLine));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header: " + printable(h));
            }
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        byte[] body;
        if (length == null) {
            body = in.readNBytes(MAX_BODY);
        } else {
            int n;
            try {
                n = Integer.parseInt(length);
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + printable(length));
            }
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("answer of " + length + " bytes exceeds the " + MAX_BODY + "-byte limit");
            }
            body = in.readNBytes(n);
            if (body.length < n) {
                throw new java.io.EOFException("answer ended after " + body.length + " of " + n + " bytes");
            }
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException(sb.isEmpty() ? "connection closed before an answer" : "answer cut inside a line");
            }
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() == Request.MAX_LINE) {
                throw new IOException("answer line longer than " + Request.MAX_LINE + " bytes");
            }
            sb.append((char) b);
        }
    }

    private static String printable(String s) {
        return s.codePoints().map(c -> c < 0x20 || c > 0x7e ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
