package book.ch03.http.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.classify.FailureClassifier;
import book.ch03.classify.FailureKind;
import book.ch03.fixture.ScriptedHttpServer;
import book.ch03.fixture.Step;
import book.ch03.http.policy.HttpRetryPolicy;
import book.ch03.retry.AttemptEvent;
import book.ch03.retry.FakeClock;
import book.ch03.retry.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retrying client against a scripted server on loopback. The sleeper is fake (it
 * records the waits and moves the fake clock), so a "Retry-After: 3" costs no real time.
 */
class RetryingHttpClientTest {

    private static final Instant NOW = Instant.parse("2026-11-23T17:00:00Z");

    private final FakeClock clock = new FakeClock(NOW.toEpochMilli());
    private final List<AttemptEvent> events = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ScriptedHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    private RetryingHttpClient client(HttpRetryPolicy policy) {
        return new RetryingHttpClient(http, policy, clock, clock, clock.sleeper(), new SplittableRandom(3), events::add);
    }

    private HttpResponse<String> send(HttpRetryPolicy policy, String method, Step... script) throws Exception {
        server = ScriptedHttpServer.answering(List.of(script));
        return client(policy).send(request(method, server.port()), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String method, int port) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/42"))
                .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    @Nested
    class StatusesAndMethods {

        @Test
        void retriesA503UntilTheServerAnswers200() throws Exception {
            HttpResponse<String> response = send(HttpRetryPolicy.defaults(), "GET",
                    Step.status(503), Step.status(503));
            assertEquals(200, response.statusCode());
            assertEquals(3, server.seen().size());
            List<Long> sleeps = clock.sleeps();
            assertTrue(sleeps.get(0) < 200 && sleeps.get(1) < 400, "full jitter under 200, 400 ms: " + sleeps);
        }

        @Test
        void neverRetriesA404OrA500() throws Exception {
            assertEquals(404, send(HttpRetryPolicy.defaults(), "GET", Step.status(404)).statusCode());
            assertEquals(1, server.seen().size());
            server.close();
            assertEquals(500, send(HttpRetryPolicy.defaults(), "GET", Step.status(500)).statusCode());
            assertEquals(1, server.seen().size());
        }

        @Test
        void neverRetriesAPostThatGotA503() throws Exception {
            HttpResponse<String> response = send(HttpRetryPolicy.defaults(), "POST", Step.status(503));
            assertEquals(503, response.statusCode(), "the caller sees the 503, as with a plain send");
            assertEquals(1, server.seen().size(), "the order was not placed twice");
        }

        /** The whole status x method table through the client's own decision, with and without a key. */
        @Test
        void theWholeStatusByMethodTable() {
            RetryingHttpClient client = client(HttpRetryPolicy.defaults());
            for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "POST", "PATCH")) {
                for (boolean keyed : List.of(false, true)) {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/x"))
                            .method(method, HttpRequest.BodyPublishers.noBody());
                    if (keyed) {
                        b.header(RetryingHttpClient.IDEMPOTENCY_KEY, "k-1");
                    }
                    boolean safe = client.safeToRepeat(b.build());
                    assertEquals(keyed || !List.of("POST", "PATCH").contains(method), safe, method + " keyed " + keyed);
                    for (int status = 100; status <= 599; status++) {
                        boolean expected = status == 408 || status == 429
                                || (safe && (status == 502 || status == 503 || status == 504));
                        assertEquals(expected, client.retriesStatus(status, safe), method + " " + status + " keyed " + keyed);
                    }
                }
            }
        }

        @Test
        void retriesAPostWithAnIdempotencyKeyOnA502() throws Exception {
            server = ScriptedHttpServer.answering(List.of(Step.status(502)));
            HttpRequest keyed = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/orders"))
                    .timeout(Duration.ofSeconds(5)).header(RetryingHttpClient.IDEMPOTENCY_KEY, "order-7")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            assertEquals(200, client(HttpRetryPolicy.defaults()).send(keyed, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(2, server.seen().size());
        }

        @Test
        void retriesAPostThatGotA429ItWasRefusedBeforeAnyWork() throws Exception {
            assertEquals(200, send(HttpRetryPolicy.defaults(), "POST", Step.status(429)).statusCode());
            assertEquals(2, server.seen().size());
        }

        @Test
        void givesBackTheLast503WhenRetriesRunOut() throws Exception {
            HttpRetryPolicy twoRetries = HttpRetryPolicy.builder().maxRetries(2).build();
            assertEquals(503, send(twoRetries, "GET", Step.status(503), Step.status(503), Step.status(503)).statusCode());
            assertEquals(3, server.seen().size());
            assertEquals(Outcome.ATTEMPTS_EXHAUSTED, events.getLast().outcome());
        }
    }

    @Nested
    class BrokenConnections {

        @Test
        void theJdkClientItselfSendsAGetAgainOnceWhenTheConnectionDrops() throws Exception {
            server = ScriptedHttpServer.answering(List.of(Step.drop()));
            HttpResponse<String> response = http.send(request("GET", server.port()), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "no retry of ours involved: a plain HttpClient.send");
            assertEquals(2, server.seen().size(), "the JDK client sent it twice");
        }

        @Test
        void retriesADroppedConnectionForAGetButNotForAPost() throws Exception {
            // two drops: the JDK client absorbs the first, the second reaches our retry loop
            assertEquals(200, send(HttpRetryPolicy.defaults(), "GET", Step.drop(), Step.drop()).statusCode());
            assertEquals(3, server.seen().size());
            assertEquals(Outcome.RETRYING, events.getFirst().outcome());
            assertEquals(FailureKind.RESET, FailureClassifier.kind(events.getFirst().failure()));
            server.close();

            assertThrows(IOException.class, () -> send(HttpRetryPolicy.defaults(), "POST", Step.drop()));
            assertEquals(1, server.seen().size(), "the POST may have been done: not sent again");
        }

        @Test
        void retriesAReadTimeoutForAGet() throws Exception {
            server = ScriptedHttpServer.answering(List.of(Step.status(200).after(Duration.ofSeconds(5))));
            HttpRequest impatient = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .timeout(Duration.ofMillis(300)).GET().build();
            HttpResponse<String> response = client(HttpRetryPolicy.defaults())
                    .send(impatient, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(events.get(0).failure() instanceof HttpTimeoutException, events.toString());
        }

        @Test
        void retriesARefusedConnectEvenForAPostAndKeepsEveryFailure() throws Exception {
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            ConnectException thrown = assertThrows(ConnectException.class, () -> client(HttpRetryPolicy.defaults())
                    .send(request("POST", closed), HttpResponse.BodyHandlers.ofString()));
            assertEquals(4, events.size(), "one call and three retries");
            assertEquals(4, thrown.getSuppressed().length, "three earlier failures and why it stopped");
        }
    }

    @Nested
    class RetryAfterHeader {

        @Test
        void waitsAtLeastTheSecondsTheServerAsksForAndAtMostTenPercentMore() throws Exception {
            send(HttpRetryPolicy.defaults(), "GET", Step.status(503).withHeader("Retry-After", "3"));
            long slept = clock.sleeps().getFirst();
            assertTrue(slept >= 3_000 && slept < 3_300, "slept " + slept);
            assertTrue(events.getFirst().note().contains("asks for 3000 ms"), events.getFirst().note());
        }

        @ParameterizedTest
        @ValueSource(strings = {"EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'",
            "EEE MMM ppd HH:mm:ss yyyy"})
        void readsAnHttpDateInEachFormatAgainstTheServersDateHeader(String format) throws Exception {
            // The JDK's server stamps each answer with a Date header from the real clock; the client's
            // own (fake) wall clock says 2026-11-23 17:00. The date is read against the server's Date,
            // so the wait is about 5 s whatever the two clocks disagree by. Both are whole seconds:
            // a second may tick between the two stamps, hence 4 s at least.
            String date = DateTimeFormatter.ofPattern(format, Locale.US).withZone(ZoneOffset.UTC)
                    .format(Instant.now().plusSeconds(5));
            send(HttpRetryPolicy.defaults(), "GET", Step.status(429).withHeader("Retry-After", date));
            long slept = clock.sleeps().getFirst();
            assertTrue(slept >= 4_000 && slept < 5_500, date + ": slept " + slept);
        }

        @Test
        void givesUpWhenTheServerAsksForLongerThanTheLimitAndSaysSo() throws Exception {
            HttpResponse<String> response = send(HttpRetryPolicy.defaults(), "GET",
                    Step.status(503).withHeader("Retry-After", "3600"));
            assertEquals(503, response.statusCode());
            assertEquals(List.of(), clock.sleeps());
            assertEquals(Outcome.DELAY_REFUSED, events.getFirst().outcome());
            assertEquals("Retry-After asks for 3600 s, more than the 10 s this client waits", events.getFirst().note());
        }

        @Test
        void fallsBackToTheBackoffForAMalformedValueAndSaysWhy() throws Exception {
            send(HttpRetryPolicy.defaults(), "GET", Step.status(503).withHeader("Retry-After", "soon"));
            assertTrue(clock.sleeps().getFirst() < 200);
            assertTrue(events.getFirst().note().startsWith("Retry-After unusable, neither delta-seconds"),
                    events.getFirst().note());
        }

        @Test
        void stopsWhenTheWaitWouldPassTheTotalTime() throws Exception {
            HttpRetryPolicy quick = HttpRetryPolicy.builder().totalTime(Duration.ofSeconds(2)).build();
            assertEquals(503, send(quick, "GET", Step.status(503).withHeader("Retry-After", "5")).statusCode());
            assertEquals(Outcome.DEADLINE_REACHED, events.getFirst().outcome());
            assertEquals(1, server.seen().size());
        }
    }

    @Nested
    class PolicyValidation {

        @Test
        void namesTheParameterAndTheBadValue() {
            assertEquals("maxRetries must be between 0 and 10, not -1", assertThrows(IllegalArgumentException.class,
                    () -> HttpRetryPolicy.builder().maxRetries(-1).build()).getMessage());
            assertEquals("statusForcelist holds 999, not an HTTP status (100-599)", assertThrows(
                    IllegalArgumentException.class,
                    () -> HttpRetryPolicy.builder().statusForcelist(java.util.Set.of(999)).build()).getMessage());
        }
    }
}
