package book.ch03.http.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.retry.FakeClock;
import book.ch03.retry.RetryDelay;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Retry-After wait alone, on canned responses: never earlier than asked, spread by jitter
 * even when the server says "0" or gives a past date, and a date read against the response's
 * own Date header (issue #8 section 2, issue #9's survivors).
 */
class RetryAfterDelayTest {

    private static final Instant CLIENT_NOW = Instant.parse("2026-11-23T17:00:00Z");
    private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final FakeClock clock = new FakeClock(CLIENT_NOW.toEpochMilli());
    private final RetryAfterDelay delay = new RetryAfterDelay(clock, true, Duration.ofSeconds(10));

    /** A response with just these headers: all the delay reads. */
    static HttpResponse<String> answer(Map<String, List<String>> headers) {
        HttpHeaders h = HttpHeaders.of(headers, (k, v) -> true);
        return new HttpResponse<>() {
            public int statusCode() { return 503; }
            public HttpRequest request() { return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build(); }
            public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
            public HttpHeaders headers() { return h; }
            public String body() { return ""; }
            public Optional<SSLSession> sslSession() { return Optional.empty(); }
            public URI uri() { return request().uri(); }
            public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
        };
    }

    private long waitFor(Map<String, List<String>> headers, long seed) {
        RetryDelay.Choice c = delay.choose(1, answer(headers), null, 77, new SplittableRandom(seed));
        assertTrue(!c.giveUp(), c.note());
        return c.millis();
    }

    @Nested
    class Jitter {

        @ParameterizedTest
        @ValueSource(strings = {"0", "Mon, 23 Nov 2026 16:00:00 GMT"})
        void zeroOrAPastDateStillSpreadsTheFleetOverTheMinimumSpread(String value) {
            Set<Long> waits = new HashSet<>();
            for (long seed = 0; seed < 1_000; seed++) {
                long w = waitFor(Map.of("Retry-After", List.of(value)), seed);
                assertTrue(w >= 0 && w < RetryAfterDelay.MIN_SPREAD_MILLIS, "wait " + w);
                waits.add(w);
            }
            assertTrue(waits.size() > 50, "not all at once: " + waits.size() + " distinct waits");
        }

        @Test
        void neverEarlierThanAskedAndAtMostTenPercentMoreForLongWaits() {
            long min = Long.MAX_VALUE;
            long max = 0;
            for (long seed = 0; seed < 2_000; seed++) {
                long w = waitFor(Map.of("Retry-After", List.of("5")), seed);
                min = Math.min(min, w);
                max = Math.max(max, w);
            }
            assertTrue(min >= 5_000 && min < 5_050, "lowest " + min);
            assertTrue(max < 5_500 && max >= 5_450, "highest " + max);
        }

        @Test
        void aShortWaitIsSpreadByTheMinimumNotByTenPercent() {
            long max = 0;
            for (long seed = 0; seed < 2_000; seed++) {
                long w = waitFor(Map.of("Retry-After", List.of("1")), seed);
                assertTrue(w >= 1_000, "wait " + w);
                max = Math.max(max, w);
            }
            assertTrue(max < 1_100 && max >= 1_090, "highest " + max);
        }
    }

    @Nested
    class Limits {

        @Test
        void aWaitOfExactlyTheMaximumIsWaitedAndOneSecondMoreGivesUp() {
            assertTrue(waitFor(Map.of("Retry-After", List.of("10")), 1) >= 10_000);
            RetryDelay.Choice longer = delay.choose(1, answer(Map.of("Retry-After", List.of("11"))), null, 77,
                    new SplittableRandom(1));
            assertTrue(longer.giveUp());
            assertEquals("Retry-After asks for 11 s, more than the 10 s this client waits", longer.note());
        }

        @Test
        void aFailureWithoutAResponseWaitsTheBackoff() {
            RetryDelay.Choice c = delay.choose(1, null, new IOException("reset"), 77, new SplittableRandom(1));
            assertEquals(RetryDelay.Choice.wait(77, null), c);
        }
    }

    @Nested
    class ClockSkew {

        /** The client's clock is 10 minutes slow; the server's Date and Retry-After agree on "in 5 s". */
        @Test
        void aDateIsReadAgainstTheResponsesDateHeader() {
            Instant serverNow = CLIENT_NOW.plus(Duration.ofMinutes(10));
            long w = waitFor(Map.of("Date", List.of(IMF.format(serverNow)),
                    "Retry-After", List.of(IMF.format(serverNow.plusSeconds(5)))), 1);
            assertTrue(w >= 5_000 && w < 5_500, "wait " + w + ", not ten minutes");
        }

        @Test
        void withoutADateHeaderTheClientsWallClockIsUsed() {
            long w = waitFor(Map.of("Retry-After", List.of(IMF.format(CLIENT_NOW.plusSeconds(5)))), 1);
            assertTrue(w >= 5_000 && w < 5_500, "wait " + w);
        }

        @Test
        void anUnreadableDateHeaderFallsBackToTheClientsClock() {
            long w = waitFor(Map.of("Date", List.of("yesterday"),
                    "Retry-After", List.of(IMF.format(CLIENT_NOW.plusSeconds(5)))), 1);
            assertTrue(w >= 5_000 && w < 5_500, "wait " + w);
        }

        @Test
        void httpDateReadsEachFormAndRefusesOthers() {
            Instant t = Instant.parse("1994-11-06T08:49:37Z");
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            assertEquals(t, RetryAfterParser.httpDate("Sun, 06 Nov 1994 08:49:37 GMT", now));
            assertEquals(t, RetryAfterParser.httpDate("Sun Nov  6 08:49:37 1994", now));
            assertEquals(t, RetryAfterParser.httpDate("Sunday, 06-Nov-94 08:49:37 GMT", now));
            assertEquals(null, RetryAfterParser.httpDate("Sun, 31 Feb 1994 08:49:37 GMT", now));
            assertEquals(null, RetryAfterParser.httpDate("120", now));
        }
    }
}
