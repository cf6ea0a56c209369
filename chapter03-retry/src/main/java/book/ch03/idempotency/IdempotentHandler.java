package book.ch03.idempotency;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Makes a non-idempotent operation (a charge, an order) safe to retry: the first request with
 * an {@code Idempotency-Key} runs the operation and its response is stored before it is sent;
 * a retry with the same key and the same request gets that response again, marked
 * {@code Idempotent-Replayed: true}, and the operation does not run again.
 *
 * <p>The answers follow the IETF httpapi draft "The Idempotency-Key HTTP Header Field" and
 * Stripe: missing or malformed key 400, key reused for another request 422, key whose first
 * request is still running 409 (the client retries later and then gets the replay).
 *
 * <p>Keys are scoped per client, as payment APIs scope them per account: two clients that pick
 * the same key ("order-1", a counter restarted at 1) name two operations, not one. Without the
 * scope, the second client's charge would be refused with 422 or, with the same body, answered
 * with the first client's receipt and never made. The client is the authenticated principal
 * when the server has an authenticator, else the {@value #CLIENT_HEADER} header (a stand-in for
 * authentication in this chapter), else one shared anonymous scope.
 */
public final class IdempotentHandler implements HttpHandler {

    /**
     * The work behind the endpoint; it runs at most once per key. It must be atomic: if it
     * throws, it did not take effect (the key is released so a retry can run it).
     */
    @FunctionalInterface
    public interface Operation {
        StoredResponse apply(String method, String path, byte[] body) throws IOException;
    }

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Who the client is, where no authenticator says so; a real server takes the authenticated account. */
    public static final String CLIENT_HEADER = "Client-Id";
    /** The largest request body accepted, in bytes: the store keeps a fingerprint, the operation the body. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    private final IdempotencyStore store;
    private final Operation operation;
    private final int maxBodyBytes;

    public IdempotentHandler(IdempotencyStore store, Operation operation) {
        this(store, operation, DEFAULT_MAX_BODY_BYTES);
    }

    public IdempotentHandler(IdempotencyStore store, Operation operation, int maxBodyBytes) {
        this.store = Objects.requireNonNull(store, "store");
        this.operation = Objects.requireNonNull(operation, "operation");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative, not " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawKey = exchange.getRequestHeaders().getFirst(IdempotencyKey.HEADER);
            if (rawKey == null) {
                HttpExchanges.sendText(exchange, 400, "this operation requires an "
                        + IdempotencyKey.HEADER + " header: generate one per operation and reuse it on every retry");
                return;
            }
            IdempotencyKey key;
            try {
                key = new IdempotencyKey(rawKey);
            } catch (IllegalArgumentException e) {
                HttpExchanges.sendText(exchange, 400, e.getMessage());
                return;
            }
            byte[] body;
            try {
                body = HttpExchanges.readBody(exchange, maxBodyBytes);
            } catch (HttpExchanges.BodyTooLargeException e) {
                HttpExchanges.sendText(exchange, 413, e.getMessage());
                return;
            }
            handle(exchange, key, body);
        }
    }

    // tag::handle[]
    private void handle(HttpExchange exchange, IdempotencyKey key, byte[] body) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        switch (store.claim(scoped(exchange, key), RequestFingerprint.of(method, path, body))) {
            case IdempotencyStore.Claim.Execute(IdempotencyStore.Ticket ticket) -> {
                StoredResponse response;
                try {
                    response = operation.apply(method, path, body);
                } catch (IOException | RuntimeException e) {
                    store.abandon(ticket); // it did not take effect: let a retry run it
                    throw e;
                }
                store.complete(ticket, response); // stored before sending: the reply may be lost
                send(exchange, response, false);
            }
            case IdempotencyStore.Claim.Replay(StoredResponse response) -> send(exchange, response, true);
            case IdempotencyStore.Claim.InProgress() -> HttpExchanges.sendText(exchange, 409,
                    "a request with this " + IdempotencyKey.HEADER + " is in progress; retry later",
                    Map.of("Retry-After", "1"));
            case IdempotencyStore.Claim.Mismatch() -> HttpExchanges.sendText(exchange, 422,
                    IdempotencyKey.HEADER + " was already used for a different request"
                            + " (method, path or body differ); use a new key for a new operation");
            case IdempotencyStore.Claim.Full() -> HttpExchanges.sendText(exchange, 503,
                    "too many idempotency keys held; retry later", Map.of("Retry-After", "1"));
        }
    }
    // end::handle[]

    /** The store's key: the client, then its key, length-prefixed so that no two pairs run together. */
    static String scoped(HttpExchange exchange, IdempotencyKey key) {
        String client = exchange.getPrincipal() != null ? exchange.getPrincipal().getName()
                : Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst(CLIENT_HEADER), "");
        return client.length() + ":" + client + ":" + key.value();
    }

    private static void send(HttpExchange exchange, StoredResponse response, boolean replayed) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        if (replayed) {
            headers.put(REPLAYED_HEADER, "true");
        }
        HttpExchanges.send(exchange, response.status(), headers, response.body());
    }
}
