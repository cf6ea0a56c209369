package book.ch03.idempotency;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The few things every handler of this part of the chapter does with a {@link HttpExchange}:
 * read a request body under a size limit, and send a complete response. Reading under a limit
 * protects the server from a client that announces, or simply sends, more than it may.
 */
public final class HttpExchanges {

    private HttpExchanges() {
    }

    /** Thrown when a request body is larger than the handler accepts; answered with 413. */
    public static final class BodyTooLargeException extends IOException {
        public BodyTooLargeException(long limit) {
            super("request body exceeds the " + limit + "-byte limit");
        }
    }

    /** Reads the whole request body, refusing bodies over {@code limit} bytes before reading them all. */
    public static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > limit) {
            throw new BodyTooLargeException(limit);
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new BodyTooLargeException(limit);
            }
            return body;
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // an unreadable length is treated as too large
        }
    }

    /** Sends status, headers and body, and ends the exchange. */
    public static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD")
                || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** Sends a one-line plain-text message, the form of every error this part of the chapter returns. */
    public static void sendText(HttpExchange exchange, int status, String message, Map<String, String> headers)
            throws IOException {
        var all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "text/plain; charset=utf-8");
        send(exchange, status, all, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static void sendText(HttpExchange exchange, int status, String message) throws IOException {
        sendText(exchange, status, message, Map.of());
    }

    /**
     * An HTTP/1.1 client with a connect timeout: the examples speak plain HTTP/1.1 on loopback
     * (no h2c upgrade attempt), and no connect may wait forever. Close it when done.
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /** The URI of {@code path} on the loopback interface at {@code port}: clients here connect nowhere else. */
    public static URI loopback(int port, String path) {
        return uri(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), path);
    }

    /** The URI of {@code path} on a server bound to {@code address} (IPv4 or IPv6 loopback). */
    public static URI uri(InetSocketAddress address, String path) {
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + path);
    }
}
