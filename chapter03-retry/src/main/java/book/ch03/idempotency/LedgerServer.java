package book.ch03.idempotency;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import book.ch03.retry.Ticker;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small payment API on loopback, the server side of the chapter's "never charge twice":
 * <ul>
 *   <li>{@code POST /charges} books a charge, protected by {@link IdempotentHandler};</li>
 *   <li>{@code POST /legacy/charges} books a charge with no protection (the pitfall);</li>
 *   <li>{@code /profiles/...} are versioned resources updated with {@code If-Match}.</li>
 * </ul>
 */
public final class LedgerServer implements AutoCloseable {

    /** Keys live this long, as Stripe keeps them: longer than any client retries one operation. */
    public static final Duration DEFAULT_KEY_TTL = Duration.ofHours(24);
    /** Keys held at most; size it to (operations per second) x TTL in production. */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Ledger ledger = new Ledger();
    private final IdempotencyStore store;

    public LedgerServer(int port, Ticker ticker) throws IOException {
        this.store = new IdempotencyStore(DEFAULT_MAX_KEYS, DEFAULT_KEY_TTL, ticker);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/charges", new IdempotentHandler(store, this::charge));
        server.createContext("/legacy/charges", exchange -> {
            try (exchange) {
                byte[] body = HttpExchanges.readBody(exchange, IdempotentHandler.DEFAULT_MAX_BODY_BYTES);
                StoredResponse response = charge(exchange.getRequestMethod(), "/legacy/charges", body);
                HttpExchanges.send(exchange, response.status(), response.headers(), response.body());
            }
        });
        server.createContext("/profiles/", new ConditionalUpdateHandler(IdempotentHandler.DEFAULT_MAX_BODY_BYTES));
        server.setExecutor(executor);
        server.start();
    }

    private StoredResponse charge(String method, String path, byte[] body) {
        if (!method.equals("POST")) {
            return new StoredResponse(405, Map.of("Allow", "POST"), "only POST\n".getBytes(StandardCharsets.UTF_8));
        }
        Ledger.Charge charge = ledger.book(new String(body, StandardCharsets.UTF_8));
        String json = "{\"id\":\"" + charge.id() + "\",\"status\":\"succeeded\"}";
        return new StoredResponse(201, Map.of("Content-Type", "application/json", "Location", "/charges/" + charge.id()),
                json.getBytes(StandardCharsets.UTF_8));
    }

    public Ledger ledger() {
        return ledger;
    }

    public IdempotencyStore store() {
        return store;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri(String path) {
        return HttpExchanges.uri(server.getAddress(), path);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
