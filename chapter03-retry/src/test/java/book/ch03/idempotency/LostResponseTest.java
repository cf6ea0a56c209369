package book.ch03.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.fixture.CuttingProxy;
import book.ch03.idempotency.ChargeClient.KeyPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The response to "charge $10" is lost after the server booked the charge: the proxy lets the
 * request through and closes the connection when the answer starts. The client retries.
 */
class LostResponseTest {

    private LedgerServer server;
    private CuttingProxy proxy;
    private HttpClient http;
    private final List<Long> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new LedgerServer(0, new MutableClock());
        proxy = new CuttingProxy(server.port());
        http = HttpExchanges.client(Duration.ofSeconds(5));
        proxy.enqueue(CuttingProxy.Fault.loseResponse());
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        proxy.close();
        server.close();
    }

    private ChargeClient client(String path, KeyPolicy keys) {
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.port() + path);
        return new ChargeClient(http, endpoint, keys, ChargeClient.retry(3, Duration.ofMillis(50), sleeps::add));
    }

    @Nested
    class WithOneKeyPerOperation {
        @Test
        void retryAfterALostResponseChargesExactlyOnce() throws Exception {
            ChargeClient.Outcome outcome = client("/charges", KeyPolicy.ONE_PER_OPERATION).charge("amount=1000");
            assertEquals(201, outcome.status());
            assertEquals(2, outcome.attempts());
            assertTrue(outcome.replayed(), "the second answer is the stored first one");
            assertEquals(1, server.ledger().charges().size());
            assertEquals(1, proxy.cuts());
            assertEquals(List.of(50L), sleeps);
        }
    }

    @Nested
    class Pitfalls {
        @Test
        void withoutAKeyTheSameRetryChargesTwice() throws Exception {
            ChargeClient.Outcome outcome = client("/legacy/charges", KeyPolicy.NONE).charge("amount=1000");
            assertEquals(201, outcome.status());
            assertEquals(2, outcome.attempts());
            assertEquals(2, server.ledger().charges().size(), "the customer paid twice");
        }

        @Test
        void aNewKeyPerAttemptChargesTwiceToo() throws Exception {
            ChargeClient.Outcome outcome = client("/charges", KeyPolicy.NEW_PER_ATTEMPT).charge("amount=1000");
            assertEquals(201, outcome.status());
            assertEquals(2, server.ledger().charges().size(), "each attempt named a new operation");
        }
    }
}
