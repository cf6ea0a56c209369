package book.ch03.idempotency;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Versioned resources updated with {@code PUT} and {@code If-Match} (RFC 9110, section 13.1.1):
 * a client may only replace the version it has seen. Two clients that read version 3 and both
 * write get one 200 and one 412 Precondition Failed, instead of the second silently erasing the
 * first (the lost update). A PUT without {@code If-Match} gets 428 Precondition Required
 * (RFC 6585); {@code If-None-Match: *} creates a resource only if it does not exist yet.
 * A PUT with a precondition is also safe to retry: a repeat of an applied update fails with 412
 * and the client reads the current version to see whether its write is the one that took.
 */
public final class ConditionalUpdateHandler implements HttpHandler {

    private record Versioned(long version, byte[] body) {
        String etag() {
            return "\"v" + version + "\"";
        }
    }

    /** Resources held at most: each PUT with a new id would otherwise grow the map for ever. */
    public static final int DEFAULT_MAX_RESOURCES = 1_000;

    private final Map<String, Versioned> resources = new ConcurrentHashMap<>();
    private final int maxBodyBytes;
    private final int maxResources;

    public ConditionalUpdateHandler(int maxBodyBytes) {
        this(maxBodyBytes, DEFAULT_MAX_RESOURCES);
    }

    public ConditionalUpdateHandler(int maxBodyBytes, int maxResources) {
        if (maxResources < 1) {
            throw new IllegalArgumentException("maxResources must be at least 1, not " + maxResources);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.maxResources = maxResources;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath();
            switch (exchange.getRequestMethod()) {
                case "GET", "HEAD" -> get(exchange, id);
                case "PUT" -> {
                    boolean creates = "*".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))
                            && !resources.containsKey(id);
                    if (creates && resources.size() >= maxResources) {
                        HttpExchanges.sendText(exchange, 507, "cannot create " + id + ": the server holds its limit of "
                                + maxResources + " resources");
                        return;
                    }
                    try {
                        put(exchange, id);
                    } catch (HttpExchanges.BodyTooLargeException e) {
                        HttpExchanges.sendText(exchange, 413, e.getMessage());
                    }
                }
                default -> HttpExchanges.sendText(exchange, 405, "only GET, HEAD and PUT", Map.of("Allow", "GET, HEAD, PUT"));
            }
        }
    }

    private void get(HttpExchange exchange, String id) throws IOException {
        Versioned current = resources.get(id);
        if (current == null) {
            HttpExchanges.sendText(exchange, 404, "no resource " + id);
            return;
        }
        HttpExchanges.send(exchange, 200, Map.of("ETag", current.etag()), current.body());
    }

    // tag::put[]
    private void put(HttpExchange exchange, String id) throws IOException {
        String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
        boolean create = "*".equals(exchange.getRequestHeaders().getFirst("If-None-Match"));
        if (ifMatch == null && !create) {
            HttpExchanges.sendText(exchange, 428, "PUT " + id + " requires If-Match with the ETag you read"
                    + " (or If-None-Match: * to create it)");
            return;
        }
        byte[] body = HttpExchanges.readBody(exchange, maxBodyBytes);
        Versioned[] seen = new Versioned[1];
        // compute() makes compare-and-set one step: no update can slip between the check and the write.
        Versioned after = resources.compute(id, (k, current) -> {
            seen[0] = current;
            boolean allowed = create ? current == null : current != null && current.etag().equals(ifMatch);
            return allowed ? new Versioned(current == null ? 1 : current.version() + 1, body) : current;
        });
        if (after == seen[0]) {
            String etag = seen[0] == null ? "none" : seen[0].etag();
            HttpExchanges.sendText(exchange, 412, "precondition failed: " + id + " is at " + etag
                    + ", not " + (create ? "absent" : ifMatch) + "; read it again before writing",
                    seen[0] == null ? Map.of() : Map.of("ETag", seen[0].etag()));
            return;
        }
        HttpExchanges.send(exchange, seen[0] == null ? 201 : 200, Map.of("ETag", after.etag()), new byte[0]);
    }
    // end::put[]
}
