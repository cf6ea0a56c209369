package book.ch03.http.program;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.cli.ProgramChecks;
import book.ch03.http.client.RetryingHttpClient;
import book.ch03.http.policy.HttpRetryPolicy;
import book.ch03.retry.Sleeper;
import book.ch03.retry.Ticker;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code retry-get}: GETs a loopback URL with the retrying client and narrates every attempt. */
public final class RetryGetProgram implements Program {

    @Override
    public String name() {
        return "retry-get";
    }

    @Override
    public String summary() {
        return "GET from a loopback server with retries, narrating each attempt and wait";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("port", "PORT", null, 1, 65_535, "the server's port on 127.0.0.1 (required)"),
                Option.text("path", "PATH", "/", "the path to GET"),
                Option.integer("retries", "N", "3", 0, 10, "retries after the first attempt"),
                Option.duration("backoff-factor", "200ms", Duration.ofMillis(1), Duration.ofSeconds(30),
                        "the first backoff step (full jitter)"),
                Option.duration("total", "20s", Duration.ofMillis(1), Duration.ofHours(1),
                        "stop retrying this long after the first failure"),
                Option.duration("max-retry-after", "10s", Duration.ofMillis(1), Duration.ofHours(1),
                        "give up if the server asks to wait longer"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        run(cmd, System.out, Sleeper.system());
    }

    /** The program with its output and its sleeper injected, so a test can run it quickly. */
    public int run(CommandLine cmd, PrintStream out, Sleeper sleeper) throws Exception {
        int port = cmd.integer("port");
        String path = ProgramChecks.urlPath("path", cmd.string("path"));
        HttpRetryPolicy policy = HttpRetryPolicy.builder()
                .maxRetries(cmd.integer("retries"))
                .backoffFactor(cmd.duration("backoff-factor"))
                .totalTime(cmd.duration("total"))
                .maxRetryAfter(cmd.duration("max-retry-after"))
                .build();
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            RetryingHttpClient client = new RetryingHttpClient(http, policy, InstantSource.system(), Ticker.system(), sleeper,
                    () -> ThreadLocalRandom.current().nextLong(), event -> out.println("  " + event));
            out.println("GET " + uri + " (up to " + policy.maxRetries() + " retries)");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            out.println("final answer: " + response.statusCode() + ", body \"" + response.body().strip() + "\"");
            return response.statusCode();
        }
    }
}
