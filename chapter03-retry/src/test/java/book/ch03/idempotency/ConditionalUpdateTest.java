package book.ch03.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
        return http.send(HttpRequest.newBuilder(server.uri("/profiles/alice")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
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

    @Nested
    class Bounds {
        @Test
        void refusesToCreateMoreResourcesThanItsLimitButStillUpdatesThoseItHolds() throws Exception {
            HttpServer small = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                small.createContext("/profiles/", new ConditionalUpdateHandler(1024, 2));
                small.setExecutor(executor);
                small.start();
                for (String name : new String[] {"alice", "bob"}) {
                    assertEquals(201, send(small, name, "If-None-Match", "*").statusCode());
                }
                HttpResponse<String> third = send(small, "carol", "If-None-Match", "*");
                assertEquals(507, third.statusCode());
                assertEquals("cannot create /profiles/carol: the server holds its limit of 2 resources\n", third.body());
                assertEquals(200, send(small, "alice", "If-Match", "\"v1\"").statusCode());
            } finally {
                small.stop(0);
            }
        }

        private HttpResponse<String> send(HttpServer to, String name, String header, String value) throws Exception {
            return http.send(HttpRequest.newBuilder(HttpExchanges.uri(to.getAddress(), "/profiles/" + name))
                    .timeout(Duration.ofSeconds(10)).header(header, value)
                    .PUT(HttpRequest.BodyPublishers.ofString("name=" + name)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
