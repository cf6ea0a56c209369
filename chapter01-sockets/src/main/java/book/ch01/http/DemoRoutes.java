package book.ch01.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The endpoints of the {@code http-server} program, each a way a real server answers:
 * {@code /hello} (200), {@code /slow?ms=N} (answers after N ms), {@code /status?code=N} (any
 * status, 3xx with a Location), {@code /echo} (returns the request body, within the limit) and
 * {@code /fail} (a handler that throws, answered with 500 by the guard).
 */
public final class DemoRoutes {

    /** The longest /slow may wait: a demo must not tie up a thread for minutes. */
    public static final long MAX_SLOW_MILLIS = 60_000;

    private DemoRoutes() {
    }

    public static Map<String, HttpHandler> create(Sleeper sleeper) {
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/hello", exchange -> PlainText.send(exchange, 200, "hello\n"));
        routes.put("/slow", exchange -> slow(exchange, sleeper));
        routes.put("/status", DemoRoutes::status);
        routes.put("/echo", DemoRoutes::echo);
        routes.put("/fail", exchange -> {
            throw new IllegalStateException("the /fail handler always fails");
        });
        return routes;
    }

    private static void slow(HttpExchange exchange, Sleeper sleeper) throws IOException {
        long ms = queryNumber(exchange.getRequestURI(), "ms", 0, MAX_SLOW_MILLIS);
        try {
            sleeper.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping: give up on this exchange
            throw new IOException("interrupted while serving /slow", e);
        }
        PlainText.send(exchange, 200, "slept " + ms + " ms\n");
    }

    private static void status(HttpExchange exchange) throws IOException {
        int code = (int) queryNumber(exchange.getRequestURI(), "code", 200, 999);
        if (code >= 300 && code < 400) {
            exchange.getResponseHeaders().set("Location", "/hello");
        }
        PlainText.send(exchange, code, "status " + code + "\n");
    }

    private static void echo(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            throw new HttpStatusException(405, "/echo wants POST, not " + exchange.getRequestMethod());
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes(); // bounded: the guard limits what this stream delivers
        }
        PlainText.send(exchange, 200, new String(body, StandardCharsets.UTF_8));
    }

    /** A whole-number query parameter within bounds, or a 400 naming the parameter and the bad value. */
    static long queryNumber(URI uri, String name, long min, long max) throws HttpStatusException {
        String raw = null;
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    raw = pair.substring(name.length() + 1);
                }
            }
        }
        if (raw == null) {
            throw new HttpStatusException(400, "query parameter " + name + " is required");
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw new HttpStatusException(400,
                "query parameter " + name + " must be a whole number between " + min + " and " + max + ", not '" + raw + "'");
    }
}
