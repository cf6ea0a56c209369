package book.ch05.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /metrics on loopback, as a scraper sees it. */
@Timeout(30)
class MetricsServerTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static MetricRegistry sample() {
        var registry = new MetricRegistry();
        registry.counter("client_requests_total", "Requests sent, by outcome.", "outcome").labels("ok").inc(3);
        registry.histogram("client_call_duration_seconds", "Call latency.", Histogram.DEFAULT_SECONDS).get().observe(0.012);
        return registry;
    }

    static HttpResponse<String> send(int port, String method, String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheTextFormatWithItsContentType() throws Exception {
        var registry = sample();
        try (var server = MetricsServer.start(registry, 0)) {
            var response = send(server.port(), "GET", "/metrics");
            assertEquals(200, response.statusCode());
            assertEquals(PrometheusText.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
            assertEquals(PrometheusText.write(registry), response.body());
        }
    }

    @Test
    void refusesOtherMethodsAndPaths() throws Exception {
        try (var server = MetricsServer.start(sample(), 0)) {
            var post = send(server.port(), "POST", "/metrics");
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
            assertEquals(404, send(server.port(), "GET", "/").statusCode());
            assertEquals(200, send(server.port(), "HEAD", "/metrics").statusCode());
        }
    }

    /** Prometheus's own linter agrees, where it is installed (the build does not need it). */
    @Test
    void promtoolFindsNothingToSay(@TempDir Path dir) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool is not installed");
        try (var server = MetricsServer.start(sample(), 0)) {
            Path scraped = Files.writeString(dir.resolve("metrics.txt"), send(server.port(), "GET", "/metrics").body());
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(scraped.toFile()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "promtool did not finish");
            String said = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), said);
            assertEquals("", said.strip());
        }
    }
}
