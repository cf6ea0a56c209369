package book.ch03.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConditionalUpdateTest {

    private LedgerServer server;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        server = new LedgerServer(0, new MutableClock());
        http = HttpExchanges.client(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private HttpResponse<String> put(String body, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/profiles/alice")).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            b.header(header, value);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get() throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/profiles/alice")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class Preconditions {
        @Test
        void createsWithIfNoneMatchStarOnlyOnce() throws Exception {
            HttpResponse<String> created = put("name=Alice", "If-None-Match", "*");
            assertEquals(201, created.statusCode());
            assertEquals("\"v1\"", created.headers().firstValue("ETag").orElseThrow());
            assertEquals(412, put("name=Mallory", "If-None-Match", "*").statusCode());
            assertEquals("name=Alice", get().body());
        }

        @Test
        void staleIfMatchGets412AndTheOtherWriterIsNotLost() throws Exception {
            put("name=Alice", "If-None-Match", "*");
            String seenByBoth = get().headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> first = put("name=Alice Smith", "If-Match", seenByBoth);
            HttpResponse<String> second = put("name=Alice Jones", "If-Match", seenByBoth);
            assertEquals(200, first.statusCode());
            assertEquals("\"v2\"", first.headers().firstValue("ETag").orElseThrow());
            assertEquals(412, second.statusCode());
            assertEquals("\"v2\"", second.headers().firstValue("ETag").orElseThrow());
            assertTrue(second.body().contains("is at \"v2\", not \"v1\""), second.body());
            assertEquals("name=Alice Smith", get().body());
        }

        @Test
        void putWithoutIfMatchGets428AndChangesNothing() throws Exception {
            put("name=Alice", "If-None-Match", "*");
            HttpResponse<String> r = put("name=Bob", null, null);
            assertEquals(428, r.statusCode());
            assertTrue(r.body().contains("requires If-Match"), r.body());
            assertEquals("name=Alice", get().body());
        }

        @Test
        void retriedConditionalPutIsRefusedInsteadOfAppliedTwice() throws Exception {
            put("balance=10", "If-None-Match", "*");
            assertEquals(200, put("balance=20", "If-Match", "\"v1\"").statusCode());
            assertEquals(412, put("balance=20", "If-Match", "\"v1\"").statusCode()); // the retry
            assertEquals("\"v2\"", get().headers().firstValue("ETag").orElseThrow());
        }
    }
}
