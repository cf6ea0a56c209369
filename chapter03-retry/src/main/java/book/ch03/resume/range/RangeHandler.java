package book.ch03.resume.range;

import book.ch03.idempotency.HttpExchanges;
import book.ch03.resume.files.Sha256;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves files with HTTP range requests (RFC 9110, section 14), which the JDK's server does not
 * do by itself: {@code Range: bytes=N-} or {@code bytes=N-M} gets 206 with {@code Content-Range};
 * a range starting at or past the end gets 416 with {@code Content-Range: bytes *}{@code /LEN};
 * and {@code If-Range} with an ETag that no longer matches gets 200 and the whole new file,
 * so a client never glues the tail of a new version onto the head of an old one.
 */
public final class RangeHandler implements HttpHandler {

    /** A file as served: its bytes and a strong ETag that changes whenever they do. */
    public record Representation(Path file, long length, String etag) { }

    /** Finds what a path names, if anything. */
    @FunctionalInterface
    public interface Source {
        Optional<Representation> find(String path) throws IOException;
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");

    private final Source source;

    public RangeHandler(Source source) {
        this.source = source;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                HttpExchanges.sendText(exchange, 405, "only GET and HEAD", Map.of("Allow", "GET, HEAD"));
                return;
            }
            Optional<Representation> found = source.find(exchange.getRequestURI().getPath());
            if (found.isEmpty()) {
                HttpExchanges.sendText(exchange, 404, "nothing at " + exchange.getRequestURI().getPath());
                return;
            }
            serve(exchange, found.get());
        }
    }

    // tag::range[]
    private static void serve(HttpExchange exchange, Representation rep) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("ETag", rep.etag());
        headers.set("Accept-Ranges", "bytes");
        String range = exchange.getRequestHeaders().getFirst("Range");
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        // A changed file (If-Range no longer matches) is sent whole: the client's partial copy is of another version.
        Matcher m = range == null || (ifRange != null && !ifRange.equals(rep.etag())) ? null : RANGE.matcher(range);
        if (m == null || !m.matches()) { // no range, a stale one, or a form we do not serve: the whole file
            body(exchange, rep, 200, 0, rep.length());
            return;
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? rep.length() - 1 : Math.min(Long.parseLong(m.group(2)), rep.length() - 1);
        if (first >= rep.length() || last < first) {
            headers.set("Content-Range", "bytes */" + rep.length());
            HttpExchanges.sendText(exchange, 416, "range " + range + " is outside the " + rep.length() + "-byte file");
            return;
        }
        headers.set("Content-Range", "bytes " + first + "-" + last + "/" + rep.length());
        body(exchange, rep, 206, first, last - first + 1);
    }
    // end::range[]

    private static void body(HttpExchange exchange, Representation rep, int status, long from, long count)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, count == 0 ? -1 : count);
        try (FileChannel channel = FileChannel.open(rep.file(), StandardOpenOption.READ);
             InputStream in = Channels.newInputStream(channel.position(from));
             OutputStream out = exchange.getResponseBody()) {
            byte[] buffer = new byte[Sha256.BUFFER_BYTES];
            for (long left = count; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("file " + rep.file() + " shrank while being served");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
