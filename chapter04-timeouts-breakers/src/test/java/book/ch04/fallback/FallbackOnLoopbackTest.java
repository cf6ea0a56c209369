package book.ch04.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.breaker.BreakerConfig;
import book.ch04.breaker.CircuitBreaker;
import book.ch04.breaker.OutcomeClassifier;
import book.ch04.fixture.SlowServer;
import book.ch04.time.ManualTicker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fallback outside a breaker outside a real dependency: while the dependency answers 503 the
 * caller gets the last good value with its age (and the breaker spares the dependency), the
 * outage still raises an alarm, and the first live answer clears it.
 */
@Timeout(30)
class FallbackOnLoopbackTest {

    final ManualTicker ticker = new ManualTicker();
    final SlowServer server = SlowServer.start();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final List<OutageAlarm> alarms = new ArrayList<>();
    final CircuitBreaker breaker = CircuitBreaker.create(BreakerConfig.defaults("slow-server"), ticker::nanoTime);
    final Fallback<String> fallback = Fallback.<String>named("work").ticker(ticker::nanoTime)
            .alarmAfter(Duration.ofSeconds(30)).onAlarm(alarms::add).build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    Answer<String> get() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/work")).timeout(Duration.ofSeconds(5)).build();
        return fallback.call(() -> {
            HttpResponse<String> r = breaker.execute(() -> client.send(request, HttpResponse.BodyHandlers.ofString()), OutcomeClassifier.http());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode()); // a 5xx is no value to remember
            }
            return r.body();
        });
    }

    @Test
    void anOutageIsServedStaleSaysSoRaisesAnAlarmAndClearsIt() throws Exception {
        assertEquals(Answer.Source.LIVE, get().source());
        server.failureRate(1.0); // every answer a 503 from now on
        ticker.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) {
            Answer<String> a = get();
            assertEquals("ok", a.value());
            assertEquals(Answer.Source.LAST_GOOD, a.source());
            assertEquals(Duration.ofSeconds(1), a.age());
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertTrue(get().reason().contains("circuit breaker 'slow-server' is open"), "after five 503s the breaker answers for it");
        assertTrue(alarms.isEmpty());
        ticker.advance(Duration.ofSeconds(30));
        assertEquals(Answer.Source.LAST_GOOD, get().source());
        assertEquals(1, alarms.size());
        assertTrue(alarms.getFirst().raised());

        server.failureRate(0.0);
        ticker.advance(BreakerConfig.DEFAULT_OPEN_WAIT);
        Answer<String> live = get();
        assertEquals(Answer.Source.LIVE, live.source());
        assertFalse(alarms.getLast().raised());
        assertEquals(2, alarms.size());
    }
}
