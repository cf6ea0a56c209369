package book.ch04.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.fixture.SlowServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The AIMD limiter in front of a real dependency on loopback whose latency rises past the threshold. */
@Timeout(60)
class ConcurrencyLimiterLoopbackTest {

    /** 8 callers, {@code calls} calls each; a caller refused by the limiter moves on to its next call. */
    private static int run(ConcurrencyLimiter limiter, SlowServer server, HttpClient client, int calls) throws Exception {
        AtomicInteger refused = new AtomicInteger();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 8; c++) {
                callers.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        ConcurrencyLimiter.Call call = limiter.tryAcquire();
                        if (call == null) {
                            refused.incrementAndGet();
                            Thread.sleep(5);
                            continue;
                        }
                        var request = HttpRequest.newBuilder(server.uri("/work")).timeout(Duration.ofSeconds(10)).build();
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (ConcurrencyLimiter.isDropped(status)) {
                            call.dropped();
                        } else {
                            call.success();
                        }
                    }
                    return null;
                });
            }
        }
        return refused.get();
    }

    @Test
    void theLimitFallsToItsMinimumWhenEveryAnswerIsSlowerThanTheThresholdAndRefusesTheRest() throws Exception {
        // Threshold 1 s: fast enough on a loaded machine; then 1.2 s answers are all slow.
        AimdLimit aimd = new AimdLimit(8, 1, 50, 0.5, Duration.ofSeconds(1));
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(aimd, System::nanoTime);
        try (SlowServer server = SlowServer.start();
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            server.latency(Duration.ofMillis(1_200));
            int refused = run(limiter, server, client, 3);
            assertEquals(1, limiter.limit(), "every answer was slow: cut to the minimum");
            assertTrue(refused > 0, "callers above the falling limit were refused locally");
            assertEquals(0, limiter.inFlight());
            assertTrue(server.received() < 24, "the dependency got fewer than the 24 calls asked: " + server.received());
        }
    }

    @Test
    void theLimitGrowsWhileAFastDependencyKeepsItInUse() throws Exception {
        AimdLimit aimd = new AimdLimit(2, 1, 50, 0.5, Duration.ofSeconds(5));
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(aimd, System::nanoTime);
        try (SlowServer server = SlowServer.start();
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            run(limiter, server, client, 50);
            assertTrue(limiter.limit() > 2, "grew from 2 to " + limiter.limit());
            assertEquals(0, limiter.inFlight());
        }
    }
}
