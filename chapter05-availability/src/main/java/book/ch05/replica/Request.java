package book.ch05.replica;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request as the replica reads it, with limits: a request line or header line of at
 * most {@value #MAX_LINE} bytes, at most {@value #MAX_HEADERS} headers, a body of at most
 * {@value #MAX_BODY} bytes announced by {@code Content-Length} (no chunked bodies). Memory follows
 * the bytes that arrived, never a length the peer claims beyond the limit.
 *
 * @param method  GET, POST, ...
 * @param path    the path without the query
 * @param query   the query string without '?', or ""
 * @param headers names in lower case
 * @param body    the body, possibly empty
 */
public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {

    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 64;
    static final int MAX_BODY = 65536;

    /** A request the replica refuses to read, answered with {@code status} and closed. */
    static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the client asked to close the connection after this exchange. */
    boolean wantsClose() {
        return "close".equalsIgnoreCase(header("connection"));
    }

    /** Reads one request, or returns {@code null} if the peer closed before sending a byte. */
    static Request read(InputStream in) throws IOException {
        String line = readLine(in, true);
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || parts[0].isEmpty() || !parts[1].startsWith("/")) {
            throw new BadRequest(400, "malformed request line: " + line);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = readLine(in, false); !h.isEmpty(); h = readLine(in, false)) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "malformed header: " + h);
            }
            if (headers.size() == MAX_HEADERS) {
                throw new BadRequest(431, "more than " + MAX_HEADERS + " headers");
            }
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new BadRequest(411, "chunked bodies are not supported: send Content-Length");
        }
        byte[] body = readBody(in, headers.get("content-length"));
        String target = parts[1];
        int q = target.indexOf('?');
        return new Request(parts[0], q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1), headers, body);
    }

    private static byte[] readBody(InputStream in, String contentLength) throws IOException {
        if (contentLength == null) {
            return new byte[0];
        }
        long length;
        try {
            length = Long.parseLong(contentLength);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "bad Content-Length: " + contentLength);
        }
        if (length < 0 || length > MAX_BODY) {
            throw new BadRequest(413, "body of " + contentLength + " bytes exceeds the " + MAX_BODY + "-byte limit");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new BadRequest(400, "body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    /** A line ending in CRLF (or LF); {@code null} at a clean end of stream if {@code eofOk}. */
    private static String readLine(InputStream in, boolean eofOk) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofOk && line.size() == 0) {
                    return null;
                }
                throw new BadRequest(400, "connection ended inside a line");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_LINE) {
                throw new BadRequest(431, "line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }
}
