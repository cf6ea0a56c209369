package book.ch01.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Sends a short UTF-8 text response with an exact Content-Length, so the connection stays reusable. */
public final class PlainText {

    private PlainText() {
    }

    public static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (status == 204 || status == 304) { // these statuses must not carry a body
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        // 0 would mean "chunked"; -1 means "no body". An empty text is sent as -1.
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
