package book.ch01.http;

import book.ch01.fixture.DemoRoutes;
import book.ch01.time.Sleeper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import book.ch01.fixture.FullBacklogListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The connect timeout and the request timeout fail differently, and the body needs a deadline too. */
class HttpTimeoutsTest {

    /** Real time is the lesson here; a short timeout keeps the tests quick, and nothing races it. */
    private static final Duration SHORT = Duration.ofMillis(300);
    /**
     * For a test that also needs an exchange to succeed within the timeout: a loopback GET takes
     * a millisecond, but on a loaded two-core machine a pause of a few hundred is not rare.
     */
    private static final Duration ROOMY = Duration.ofSeconds(2);

    @Nested
    class ConnectTimeout {

        // tag::connect-timeout-test[]
        @Test
        void aServerThatNeverAnswersTheHandshakeIsAConnectTimeout() throws Exception {
            try (FullBacklogListener silent = FullBacklogListener.open();
                 StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS
                         .withConnectTimeout(SHORT).withRequestTimeout(Duration.ofSeconds(10)))) {
                assumeTrue(!silent.refusesWhenFull(), "this kernel refuses instead of dropping SYNs to a full queue");
                URI uri = URI.create("http://127.0.0.1:" + silent.address().getPort() + "/hello");

                HttpConnectTimeoutException e =
                        assertThrows(HttpConnectTimeoutException.class, () -> client.get(uri));
                assertTrue(e.getMessage().contains("connect timed out"), e.getMessage());
            }
        }
        // end::connect-timeout-test[]
    }

    @Nested
    class RequestTimeout {

        // tag::request-timeout-test[]
        @Test
        void aHandlerSlowerThanTheRequestTimeoutIsARequestTimeoutNotAConnectTimeout() throws Exception {
            HeldHandler slow = new HeldHandler(false);
            try (LoopbackHttpServer server = LoopbackHttpServer.builder().route("/slow", slow).start();
                 StatusAwareClient client = new StatusAwareClient(
                         HttpClientConfig.DEFAULTS.withRequestTimeout(SHORT))) {
                try (slow) { // released before the server stops, so the stop is quick
                    HttpTimeoutException e =
                            assertThrows(HttpTimeoutException.class, () -> client.get(server.uri("/slow")));
                    assertFalse(e instanceof HttpConnectTimeoutException, "connected fine, the answer was late");
                    assertTrue(slow.awaitEntered(), "the request did reach the handler");
                }
            }
        }
        // end::request-timeout-test[]

        @Test
        void theTimeoutIsPerRequestSoTheNextRequestOnTheSameClientSucceeds() throws Exception {
            HeldHandler slow = new HeldHandler(false);
            try (LoopbackHttpServer server = LoopbackHttpServer.builder()
                         .route("/held", slow).routes(DemoRoutes.create(Sleeper.REAL)).start();
                 StatusAwareClient client = new StatusAwareClient(
                         HttpClientConfig.DEFAULTS.withRequestTimeout(ROOMY))) {
                try (slow) {
                    assertThrows(HttpTimeoutException.class, () -> client.get(server.uri("/held")));

                    assertEquals(new HttpResult.Success(200, "hello\n"), client.get(server.uri("/hello")));
                }
            }
        }

        // tag::body-timeout-test[]
        @Test
        void theJdkRequestTimeoutStopsAtTheHeadersSoTheClientBoundsTheBodyItself() throws Exception {
            HeldHandler stalls = new HeldHandler(true); // sends the headers, then stalls mid-body
            try (LoopbackHttpServer server = LoopbackHttpServer.builder().route("/stall", stalls).start();
                 HttpClient plain = StatusAwareClient.newHttpClient(HttpClientConfig.DEFAULTS);
                 StatusAwareClient bounded = new StatusAwareClient(
                         HttpClientConfig.DEFAULTS.withRequestTimeout(Duration.ofSeconds(3)))) {
                try (stalls) {
                    CompletableFuture<HttpResponse<String>> unbounded = plain.sendAsync(
                            HttpRequest.newBuilder(server.uri("/stall")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertTrue(stalls.awaitEntered());

                    assertThrows(HttpTimeoutException.class, () -> bounded.get(server.uri("/stall")));
                    assertFalse(unbounded.isDone(), "3 s later, the plain request with a 2 s timeout still waits");
                    stalls.close(); // the body completes, and so does the plain request
                    assertEquals("first part;second part\n", unbounded.get(10, TimeUnit.SECONDS).body());
                }
            }
        }
        // end::body-timeout-test[]
    }

    @Test
    void aConnectTimeoutIsAlsoAnHttpTimeoutExceptionSoCatchItFirst() {
        assertInstanceOf(HttpTimeoutException.class, new HttpConnectTimeoutException("connect"));
    }
}
