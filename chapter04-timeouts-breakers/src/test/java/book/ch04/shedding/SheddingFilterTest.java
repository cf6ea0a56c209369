package book.ch04.shedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The filter in front of a real JDK HTTP server on loopback, whose handler the test holds and releases. */
@Timeout(30)
class SheddingFilterTest {

    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger handled = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer server;

    private SheddingFilter start(SheddingFilter filter) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/work", exchange -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            handled.incrementAndGet();
            try {
                gate.await(20, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
                exchange.close();
            }
        }).getFilters().add(filter);
        server.start();
        return filter;
    }

    @AfterEach
    void stop() {
        gate.countDown();
        client.close();
        if (server != null) {
            server.stop(0);
        }
    }

    private List<CompletableFuture<HttpResponse<Void>>> send(int n) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/work");
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        return answers;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(2);
        }
    }

    private static long count(List<CompletableFuture<HttpResponse<Void>>> answers, int status) {
        return answers.stream().filter(f -> f.isDone() && f.join().statusCode() == status).count();
    }

    @Test
    void runsAtMostItsWorkersQueuesAtMostItsCapacityAndAnswersTheRest503AtOnce() throws Exception {
        SheddingFilter filter = start(new SheddingFilter(2, 4, Duration.ofSeconds(20), Duration.ofSeconds(20),
                Duration.ofHours(1), System::nanoTime));
        var answers = send(10);
        await(() -> running.get() == 2 && filter.queued() == 4 && count(answers, 503) == 4);
        HttpResponse<Void> refused = answers.stream().filter(f -> f.isDone()).findFirst().orElseThrow().join();
        assertEquals(Optional.of("1"), refused.headers().firstValue("Retry-After"));
        assertEquals(2, handled.get(), "the refused requests ran no handler");
        gate.countDown();
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertEquals(6, count(answers, 200));
        assertEquals(4, count(answers, 503));
        assertEquals(2, mostAtOnce.get(), "never more than 2 handlers at once");
        assertEquals(6, filter.served());
        assertEquals(4, filter.rejected());
        assertEquals(0, filter.queued());
    }

    @Test
    void aRequestThatWaitedItsQueueTimeLimitIsAnswered503AndNeverServed() throws Exception {
        SheddingFilter filter = start(new SheddingFilter(1, 4, Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofHours(1), System::nanoTime));
        var first = send(1);
        await(() -> running.get() == 1);
        var waiting = send(3);
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertEquals(3, count(waiting, 503), "the handler was busy for longer than they may wait");
        assertEquals(1, handled.get());
        gate.countDown();
        assertEquals(200, first.get(0).get(20, TimeUnit.SECONDS).statusCode());
        var after = send(2);
        CompletableFuture.allOf(after.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        assertEquals(2, count(after, 200), "the waiters that gave up hold no place: expired, they are dropped when met");
        assertEquals(3, filter.served());
    }

    @Test
    void refusesBadWorkersNamingTheValueAndDescribesItself() {
        assertEquals("workers must be in 1..100000, not 0", assertThrows(IllegalArgumentException.class,
                () -> new SheddingFilter(0, 1, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(100), System::nanoTime)).getMessage());
        assertEquals("workers must be in 1..100000, not 100001", assertThrows(IllegalArgumentException.class,
                () -> new SheddingFilter(100_001, 1, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(100), System::nanoTime)).getMessage());
        assertTrue(new SheddingFilter(3, 1, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(100), System::nanoTime)
                .description().startsWith("sheds load: 3 at once"));
    }
}
