package book.ch01.http;

import book.ch01.fixture.DemoRoutes;
import book.ch01.echo.Loopback;
import book.ch01.time.Sleeper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The server side: body limits, failures answered with a status, virtual threads, a graceful stop. */
class LoopbackHttpServerTest {

    private static final int LIMIT = 1024;
    private static final HttpServerConfig SMALL_BODIES = HttpServerConfig.DEFAULTS.withMaxRequestBodyBytes(LIMIT);

    private static HttpRequest.Builder post(LoopbackHttpServer server, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(server.uri("/echo")).POST(body);
    }

    @Nested
    class RequestBodyLimit {

        // tag::limit-test[]
        @Test
        void rejectsADeclaredOversizeBodyWith413NamingBothSizesAndKeepsServing() throws Exception {
            try (LoopbackHttpServer server = LoopbackHttpServer.builder()
                         .config(SMALL_BODIES).routes(DemoRoutes.create(Sleeper.REAL)).start();
                 StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {

                HttpResult tooLarge = client.send(post(server, HttpRequest.BodyPublishers.ofByteArray(new byte[4096])));

                assertEquals(new HttpResult.ClientError(413,
                        "request body of 4096 bytes exceeds the 1024-byte limit\n"), tooLarge);
                assertEquals(new HttpResult.Success(200, "hello\n"), client.get(server.uri("/hello")));
            }
        }
        // end::limit-test[]

        @Test
        void rejectsAChunkedBodyOfUnknownLengthOnceItCrossesTheLimit() throws Exception {
            try (LoopbackHttpServer server = LoopbackHttpServer.builder()
                         .config(SMALL_BODIES).routes(DemoRoutes.create(Sleeper.REAL)).start();
                 StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {
                var chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[4096]));

                HttpResult tooLarge = client.send(post(server, chunked));

                assertEquals(new HttpResult.ClientError(413,
                        "request body of at least 1025 bytes exceeds the 1024-byte limit\n"), tooLarge);
            }
        }

        @Test
        void acceptsABodyOfExactlyTheLimit() throws Exception {
            try (LoopbackHttpServer server = LoopbackHttpServer.builder()
                         .config(SMALL_BODIES).routes(DemoRoutes.create(Sleeper.REAL)).start();
                 StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {
                String body = "x".repeat(LIMIT);
                var chunked = HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));

                assertEquals(new HttpResult.Success(200, body), client.send(post(server, chunked)));
                assertEquals(new HttpResult.Success(200, body),
                        client.send(post(server, HttpRequest.BodyPublishers.ofString(body))));
            }
        }
    }

    @Nested
    class HandlerFailures {

        // tag::failure-test[]
        @Test
        void aHandlerThatThrowsIsAnswered500AndTheConnectionStaysUsable() throws Exception {
            try (LoopbackHttpServer server = LoopbackHttpServer.builder().routes(DemoRoutes.create(Sleeper.REAL)).start();
                 StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {

                assertEquals(new HttpResult.ServerError(500, "internal server error\n"), client.get(server.uri("/fail")));
                assertEquals(new HttpResult.Success(200, "hello\n"), client.get(server.uri("/hello")));
                assertEquals(1, server.distinctConnections());
            }
        }
        // end::failure-test[]

        @Test
        void aBadQueryParameterIs400NamingTheParameterAndTheValue() throws Exception {
            try (LoopbackHttpServer server = LoopbackHttpServer.builder().routes(DemoRoutes.create(Sleeper.REAL)).start();
                 StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {
                assertEquals(new HttpResult.ClientError(400,
                                "query parameter ms must be a whole number between 0 and 60000, not 'soon'\n"),
                        client.get(server.uri("/slow?ms=soon")));
            }
        }

        @Test
        void aFailureAfterTheHeadersDropsTheConnectionInsteadOfFakingACompleteBody() throws Exception {
            try (LoopbackHttpServer server = LoopbackHttpServer.builder()
                    .route("/half", exchange -> {
                        exchange.sendResponseHeaders(200, 0); // chunked
                        OutputStream body = exchange.getResponseBody();
                        body.write("the first half".getBytes(StandardCharsets.UTF_8));
                        body.flush();
                        throw new IllegalStateException("the second half failed");
                    }).start();
                 StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {

                assertThrows(IOException.class, () -> client.get(server.uri("/half")));
            }
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void servesEachExchangeOnItsOwnVirtualThread() throws Exception {
            var virtual = new CompletableFuture<Boolean>();
            try (LoopbackHttpServer server = LoopbackHttpServer.builder().route("/probe", exchange -> {
                         virtual.complete(Thread.currentThread().isVirtual());
                         PlainText.send(exchange, 204, "");
                     }).start();
                 StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {
                assertEquals(new HttpResult.Success(204, ""), client.get(server.uri("/probe")));
                assertTrue(virtual.get(10, TimeUnit.SECONDS));
            }
        }

        // tag::graceful-test[]
        @Test
        void closeLetsAnExchangeInFlightFinishThenRefusesNewConnections() throws Exception {
            HeldHandler held = new HeldHandler(false);
            LoopbackHttpServer server = LoopbackHttpServer.builder()
                    .config(HttpServerConfig.DEFAULTS.withStopGrace(Duration.ofSeconds(20))).route("/held", held).start();
            try (HttpClient client = StatusAwareClient.newHttpClient(HttpClientConfig.DEFAULTS)) {
                CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                        HttpRequest.newBuilder(server.uri("/held")).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(held.awaitEntered());

                CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
                held.close(); // the handler finishes while the server is stopping

                assertEquals("released\n", inFlight.get(10, TimeUnit.SECONDS).body());
                closing.get(10, TimeUnit.SECONDS); // well before the 20 s grace: it returns once idle
                assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close());
            } finally {
                held.close();
                server.close();
            }
        }
        // end::graceful-test[]

        @Test
        void closeOfAnIdleServerReturnsWithoutWaitingOutTheGrace() throws Exception {
            LoopbackHttpServer server = LoopbackHttpServer.builder()
                    .config(HttpServerConfig.DEFAULTS.withStopGrace(Duration.ofSeconds(20)))
                    .routes(DemoRoutes.create(Sleeper.REAL)).start();
            try (StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {
                client.get(server.uri("/hello")); // leaves an idle kept-alive connection behind
            }
            long start = System.nanoTime();
            server.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 10_000, "close took " + millis + " ms of a 20 s grace");
            // and it returned because it had stopped, not because it gave up: nothing listens any more
            assertThrows(ConnectException.class, () -> Loopback.connect(server.port(), Duration.ofSeconds(5)).close());
        }
    }
}
