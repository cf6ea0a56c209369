package book.ch04.deadline;

import book.ch04.time.Deadline;
import book.ch04.time.Ticker;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One service in a chain (edge → A → B → C): it takes its deadline from the incoming
 * {@value TimeoutHeader#NAME} header, does its own work in steps, checking the deadline before
 * each, and passes the time left to the next hop. A hop never works for a caller who has given
 * up: when the deadline passes it stops and answers 504. A request without the header gets
 * {@link #DEFAULT_BUDGET}, so a server bounds its work even when the client says nothing.
 *
 * <p>{@code obeysDeadline = false} makes a hop that ignores the deadline and works on (the
 * misbehaving hop the caller must survive). Serves on 127.0.0.1, virtual threads. Specified by
 * {@code DeadlineAcrossHopsTest}.
 */
public final class Hop implements AutoCloseable {

    /** The budget of a request that carries no deadline. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

    /** What a hop does for one request: {@code steps} steps of {@code step} each, then call the next hop. */
    public record Work(int steps, Duration step, boolean obeysDeadline) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Ticker ticker;
    private final Work work;
    private final URI next;
    private final DeadlineClient client;
    private final AtomicLong lastBudgetNanos = new AtomicLong(-1);
    private final AtomicInteger stepsDone = new AtomicInteger();
    private final AtomicInteger stepsAfterExpiry = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();

    private Hop(Work work, URI next, HttpClient http, Ticker ticker) throws IOException {
        this.work = work;
        this.next = next;
        this.ticker = ticker;
        this.client = new DeadlineClient(http);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a hop that does {@code work} and then calls {@code next} (null: it is the innermost). */
    public static Hop start(Work work, URI next, HttpClient http, Ticker ticker) throws IOException {
        return new Hop(work, next, http, ticker);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The time left the last request carried when it arrived, or -1 before any. */
    public long lastBudgetNanos() {
        return lastBudgetNanos.get();
    }

    public int stepsDone() {
        return stepsDone.get();
    }

    /** Steps begun after the deadline had passed: zero for a hop that obeys its deadline. */
    public int stepsAfterExpiry() {
        return stepsAfterExpiry.get();
    }

    /** Requests this hop stopped because their deadline passed. */
    public int expired() {
        return expired.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // tag::server[]
            Deadline deadline;
            String header = exchange.getRequestHeaders().getFirst(TimeoutHeader.NAME);
            try {
                deadline = header == null ? Deadline.after(DEFAULT_BUDGET, ticker)
                        : Deadline.afterNanos(TimeoutHeader.decode(header), ticker);
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, e.getMessage());
                return;
            }
            lastBudgetNanos.set(deadline.remainingNanos());
            try {
                for (int i = 0; i < work.steps(); i++) {
                    if (work.obeysDeadline()) {
                        deadline.check("step " + (i + 1) + " of " + work.steps()); // stop: the caller is gone
                    }
                    if (deadline.expired()) {
                        stepsAfterExpiry.incrementAndGet();
                    }
                    stepsDone.incrementAndGet();
                    Thread.sleep(work.step());
                }
                String body = next == null ? "done" : client.get(next, deadline).body();
                respond(exchange, 200, body);
            } catch (Deadline.ExceededException | HttpTimeoutException e) {
                expired.incrementAndGet();
                respond(exchange, 504, "deadline exceeded: " + e.getMessage());
            }
            // end::server[]
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the next hop timed out or the caller went away: nothing left to tell anyone
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
