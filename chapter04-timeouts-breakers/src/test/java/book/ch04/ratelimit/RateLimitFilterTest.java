package book.ch04.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.time.ManualTicker;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The filter in front of a real JDK HTTP server on loopback, with the bucket on a hand-driven ticker. */
@Timeout(30)
class RateLimitFilterTest {

    private final ManualTicker ticker = new ManualTicker();
    private final AtomicInteger handled = new AtomicInteger();
    private HttpServer server;
    private RateLimitFilter filter;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        filter = new RateLimitFilter(TokenBucket.bursty(1, 3, ticker::nanoTime));
        server.createContext("/work", exchange -> {
            handled.incrementAndGet();
            byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        }).getFilters().add(filter);
        server.start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private HttpResponse<String> get() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/work");
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheBurstThenAnswers429WithRetryAfterAndNeverRunsTheHandler() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get().statusCode());
        }
        HttpResponse<String> refused = get();
        assertEquals(429, refused.statusCode());
        assertEquals(Optional.of("1"), refused.headers().firstValue("Retry-After"));
        assertEquals("", refused.body());
        assertEquals(3, handled.get(), "a rejected request costs the handler nothing");
        assertEquals(3, filter.admitted());
        assertEquals(1, filter.rejected());
    }

    @Test
    void servesAgainOnceTheBucketHasRefilled() throws Exception {
        for (int i = 0; i < 3; i++) {
            get();
        }
        assertEquals(429, get().statusCode());
        ticker.advance(Duration.ofMillis(999));
        assertEquals(429, get().statusCode());
        ticker.advance(Duration.ofMillis(1));
        assertEquals(200, get().statusCode());
    }

    @Test
    void retryAfterIsTheBucketsWaitRoundedUpToWholeSecondsAndNeverZero() {
        ManualTicker t = new ManualTicker();
        TokenBucket slow = TokenBucket.smooth(0.25, t::nanoTime);      // one every 4 s
        assertEquals(1, RateLimitFilter.retryAfterSeconds(slow), "a permit is there: still at least 1");
        assertTrue(slow.tryAcquire());
        assertEquals(4, RateLimitFilter.retryAfterSeconds(slow));
        t.advance(Duration.ofMillis(1));
        assertEquals(4, RateLimitFilter.retryAfterSeconds(slow), "3.999 s rounds up");
        t.advance(Duration.ofMillis(999));
        assertEquals(3, RateLimitFilter.retryAfterSeconds(slow), "exactly 3 s stays 3");
        t.advance(Duration.ofMillis(2_999));
        assertEquals(1, RateLimitFilter.retryAfterSeconds(slow), "1 ms left");
    }

    @Test
    void refusesANullBucketAndDescribesItself() {
        assertEquals("bucket must not be null", assertThrows(IllegalArgumentException.class, () -> new RateLimitFilter(null)).getMessage());
        assertTrue(filter.description().contains("429"));
    }
}
