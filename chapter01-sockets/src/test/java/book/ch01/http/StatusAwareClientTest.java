package book.ch01.http;

import book.ch01.fixture.DemoRoutes;
import book.ch01.time.Sleeper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every status class becomes its own outcome; bodies are bounded either way. */
class StatusAwareClientTest {

    private static final int EXCERPT = 16;

    private LoopbackHttpServer server;
    private StatusAwareClient client;

    @BeforeEach
    void start() throws Exception {
        server = LoopbackHttpServer.builder()
                .routes(DemoRoutes.create(Sleeper.REAL))
                .route("/big", exchange -> PlainText.send(exchange, 200, "b".repeat(2048)))
                .route("/big-error", exchange -> PlainText.send(exchange, 502, "upstream said: " + "e".repeat(2048)))
                .start();
        client = new StatusAwareClient(HttpClientConfig.DEFAULTS.withMaxBodyBytes(1024).withExcerptBytes(EXCERPT));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Nested
    class Success {

        @Test
        void a2xxIsTheBody() throws Exception {
            assertEquals(new HttpResult.Success(200, "hello\n"), client.get(server.uri("/hello")));
        }

        @Test
        void a204IsSuccessWithAnEmptyBody() throws Exception {
            assertEquals(new HttpResult.Success(204, ""), client.get(server.uri("/status?code=204")));
        }

        @Test
        void a2xxBodyOverTheLimitIsRefusedNotBuffered() {
            ResponseTooLargeException e = assertThrows(ResponseTooLargeException.class,
                    () -> client.get(server.uri("/big")));
            assertEquals("response body from " + server.uri("/big") + " exceeds the 1024-byte limit", e.getMessage());
        }
    }

    @Nested
    class NotSuccess {

        // tag::status-test[]
        @Test
        void a3xxIsARedirectWithItsLocationBecauseRedirectsAreNotFollowed() throws Exception {
            assertEquals(new HttpResult.Redirect(302, Optional.of("/hello"), "status 302\n"),
                    client.get(server.uri("/status?code=302")));
        }

        @Test
        void a4xxIsAClientErrorWithTheServersExplanation() throws Exception {
            assertEquals(new HttpResult.ClientError(404, "status 404\n"), client.get(server.uri("/status?code=404")));
        }

        @Test
        void a5xxIsAServerError() throws Exception {
            assertEquals(new HttpResult.ServerError(503, "status 503\n"), client.get(server.uri("/status?code=503")));
        }

        @Test
        void anErrorBodyIsCutToABoundedExcerpt() throws Exception {
            assertEquals(new HttpResult.ServerError(502, "upstream said: e..."), client.get(server.uri("/big-error")));
        }
        // end::status-test[]

        @Test
        void aStatusOutsideTheKnownClassesIsUnexpected() throws Exception {
            assertEquals(new HttpResult.Unexpected(600, "status 600\n"), client.get(server.uri("/status?code=600")));
        }

        @Test
        void aPathWithNoHandlerIsTheJdkServers404() throws Exception {
            HttpResult result = client.get(server.uri("/nowhere"));
            assertEquals(404, result.status());
            assertEquals(HttpResult.ClientError.class, result.getClass());
        }
    }
}
