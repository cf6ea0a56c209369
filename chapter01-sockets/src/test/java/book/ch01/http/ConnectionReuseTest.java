package book.ch01.http;

import book.ch01.fixture.DemoRoutes;
import book.ch01.time.Sleeper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One reused HttpClient keeps one connection alive for many requests; a client per request does not. */
class ConnectionReuseTest {

    private static final int REQUESTS = 5;

    private LoopbackHttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = LoopbackHttpServer.builder().routes(DemoRoutes.create(Sleeper.REAL)).start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // tag::reuse-test[]
    @Test
    void aReusedClientSendsEveryRequestOverOneKeptAliveConnection() throws Exception {
        try (HttpClient client = StatusAwareClient.newHttpClient(HttpClientConfig.DEFAULTS)) {
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(server.uri("/hello")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
            }
        }
        assertEquals(REQUESTS, server.exchanges());
        assertEquals(1, server.distinctConnections());
    }

    @Test
    void aNewClientPerRequestOpensANewConnectionEveryTime() throws Exception {
        for (int i = 0; i < REQUESTS; i++) {
            try (HttpClient client = StatusAwareClient.newHttpClient(HttpClientConfig.DEFAULTS)) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(server.uri("/hello")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
            } // a new TCP connection (and for HTTPS a new handshake) each time, for nothing
        }
        assertEquals(REQUESTS, server.exchanges());
        assertEquals(REQUESTS, server.distinctConnections());
    }
    // end::reuse-test[]

    @Test
    void theStatusAwareClientReadsEveryBodyToTheEndSoItsConnectionIsReusedToo() throws Exception {
        try (StatusAwareClient client = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {
            client.get(server.uri("/hello"));
            client.get(server.uri("/status?code=404"));
            client.get(server.uri("/status?code=503"));
            client.get(server.uri("/hello"));
        }
        assertEquals(1, server.distinctConnections());
    }

    @Test
    void closingTheClientTerminatesItsThreadsAndConnections() throws Exception {
        HttpClient client = StatusAwareClient.newHttpClient(HttpClientConfig.DEFAULTS);
        client.send(HttpRequest.newBuilder(server.uri("/hello")).build(), HttpResponse.BodyHandlers.discarding());
        assertFalse(client.isTerminated(), "an unclosed client keeps its selector thread and pooled connection");

        client.close();

        assertTrue(client.awaitTermination(Duration.ofSeconds(10)));
        assertTrue(client.isTerminated());
    }
}
