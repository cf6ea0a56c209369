package book.ch04.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.fixture.SlowServer;
import book.ch04.time.ManualTicker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The throttle in front of a real dependency on loopback that refuses everything, then recovers. */
@Timeout(60)
class SreThrottleLoopbackTest {

    private final ManualTicker ticker = new ManualTicker();
    private final SplittableRandom coin = new SplittableRandom(7);

    /** Attempts {@code n} requests through the throttle; returns how many it let through. */
    private int attempt(SreThrottle throttle, SlowServer server, HttpClient client, int n) throws Exception {
        int sent = 0;
        for (int i = 0; i < n; i++) {
            if (!throttle.allow()) {
                continue;                                    // rejected locally: costs the server nothing
            }
            sent++;
            var request = HttpRequest.newBuilder(server.uri("/work")).timeout(Duration.ofSeconds(10)).build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 503 && status != 429) {
                throttle.onAccepted();
            }
        }
        return sent;
    }

    @Test
    void aRefusingBackendReceivesAHandfulOfRequestsAndARecoveredOneAllOfThemOnceTheWindowHasPassed() throws Exception {
        SreThrottle throttle = new SreThrottle(2, Duration.ofSeconds(10), 10, ticker::nanoTime, coin::nextDouble);
        try (SlowServer server = SlowServer.start();
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            assertEquals(100, attempt(throttle, server, client, 100), "healthy: nothing rejected");
            server.failureRate(1.0);                         // every answer 503 from now on
            ticker.advance(Duration.ofSeconds(11));           // the healthy history leaves the window
            int sent = attempt(throttle, server, client, 200);
            assertTrue(sent <= 20, "200 attempts against a refusing backend sent only " + sent);
            assertTrue(throttle.rejectProbability() > 0.9, "p = " + throttle.rejectProbability());
            server.failureRate(0.0);
            ticker.advance(Duration.ofSeconds(11));           // the refusals leave the window
            assertEquals(100, attempt(throttle, server, client, 100), "recovered: nothing rejected");
            assertEquals(100 + sent + 100, server.received());
        }
    }
}
