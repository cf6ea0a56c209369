package book.ch02.catalogue;

import book.ch02.fixture.ClosedPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch02.classify.Classification;
import book.ch02.classify.Decision;
import book.ch02.classify.FailureClassifier;
import book.ch02.classify.HttpHeadersView;
import book.ch02.classify.Phase;
import com.sun.net.httpserver.HttpServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "A ConnectException proves nothing was sent" stops being true at a redirect: a POST answered
 * 303, whose target then refuses the connection, was processed by the first server. On
 * loopback: the payment server counts the POSTs it processed and answers 303 to a port where
 * nothing listens.
 */
@Timeout(20)
class RedirectAfterPostTest {

    private final FailureClassifier classifier = new FailureClassifier();
    private final AtomicInteger processed = new AtomicInteger();
    private HttpServer payments;
    private URI pay;

    @BeforeEach
    void start() throws Exception {
        int nobodyListens = ClosedPort.find();
        payments = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        payments.createContext("/pay", exchange -> {
            exchange.getRequestBody().readAllBytes();
            processed.incrementAndGet(); // the card is charged here
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + nobodyListens + "/receipt/1");
            exchange.sendResponseHeaders(303, -1);
            exchange.close();
        });
        payments.start();
        pay = URI.create("http://127.0.0.1:" + payments.getAddress().getPort() + "/pay");
    }

    @AfterEach
    void stop() {
        payments.stop(0);
    }

    private static HttpRequest post(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("amount=100")).build();
    }

    @Test
    void followedTheRefusedRedirectLooksLikeAConnectFailureAfterTheChargeWasMade() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            var e = assertThrows(ConnectException.class, () -> client.send(post(pay), HttpResponse.BodyHandlers.discarding()));
            assertEquals(1, processed.get(), "the first server processed the POST before the refused connect");
            // What the exception alone would say, and what the phase across the redirect says.
            assertFalse(classifier.classify(e, Phase.CONNECTING).mayHaveBeenProcessed());
            Classification c = classifier.classify(e, Phase.FOLLOWING_REDIRECT);
            assertTrue(c.mayHaveBeenProcessed(), c.reason());
            assertFalse(c.allowsRetry("POST", false), "a retry would charge the card twice");
        }
    }

    @Test
    void notFollowedTheRedirectIsAnAnswerAndNothingIsRetried() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<Void> response = client.send(post(pay), HttpResponse.BodyHandlers.discarding());
            assertEquals(303, response.statusCode());
            assertEquals(1, processed.get());
            Classification c = classifier.classify(response.statusCode(), new HttpHeadersView(response.headers().map()));
            assertEquals(Decision.NOT_A_FAILURE, c.decision(), c.reason());
            assertTrue(c.mayHaveBeenProcessed());
            assertFalse(c.allowsRetry("POST", true));
        }
    }
}
