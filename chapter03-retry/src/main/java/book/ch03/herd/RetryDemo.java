package book.ch03.herd;

import book.ch03.backoff.ExponentialBackoff;
import book.ch03.backoff.FullJitterBackoff;
import book.ch03.budget.Amplification;
import book.ch03.budget.RetryBudget;
import book.ch03.fixture.ScriptedHttpServer;
import book.ch03.fixture.Step;
import book.ch03.http.client.RetryingHttpClient;
import book.ch03.http.policy.HttpRetryPolicy;
import book.ch03.retry.RetryGate;
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

/**
 * The narrated part of the chapter's demo, on loopback and in real time (about 8 s): an
 * outage met by a herd with and without jitter, a server's Retry-After honoured, and what
 * a retry budget does to a stack of retrying services.
 */
public final class RetryDemo {

    static final int CLIENTS = 50;
    static final Duration OUTAGE = Duration.ofMillis(1_200);
    static final long BUCKET_MILLIS = 100;

    private RetryDemo() {
    }

    public static void run(PrintStream out) throws Exception {
        herd(out);
        retryAfter(out);
        budget(out);
    }

    static void herd(PrintStream out) throws Exception {
        out.println("1. A server is down for " + OUTAGE.toMillis() + " ms; " + CLIENTS
                + " clients call it at once and retry (backoff 500 ms doubling, cap 1 s).");
        LoopbackHerd.Result lockStep = LoopbackHerd.run(CLIENTS, OUTAGE, new ExponentialBackoff(500, 1_000));
        out.println("   Without jitter, retries reaching the server per " + BUCKET_MILLIS + " ms:");
        out.print(ArrivalLog.histogram(lockStep.log().retriesPerBucket(BUCKET_MILLIS), BUCKET_MILLIS));
        LoopbackHerd.Result jittered = LoopbackHerd.run(CLIENTS, OUTAGE, new FullJitterBackoff(500, 1_000));
        out.println("   With full jitter:");
        out.print(ArrivalLog.histogram(jittered.log().retriesPerBucket(BUCKET_MILLIS), BUCKET_MILLIS));
        out.printf("   Busiest 50 ms: %d retries without jitter, %d with; all %d clients served in both (%d and %d).%n%n",
                lockStep.log().peakRetriesInWindow(50), jittered.log().peakRetriesInWindow(50), CLIENTS,
                lockStep.succeeded(), jittered.succeeded());
    }

    static void retryAfter(PrintStream out) throws Exception {
        out.println("2. The server answers 503 with Retry-After: 1, then 200.");
        try (ScriptedHttpServer server = ScriptedHttpServer.answering(List.of(Step.status(200),
                     Step.status(503).withHeader("Retry-After", "1")));
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            http.send(get, HttpResponse.BodyHandlers.discarding()); // warm-up: a cold JVM's first request is slow
            RetryingHttpClient client = new RetryingHttpClient(http, HttpRetryPolicy.defaults(),
                    InstantSource.system(), Ticker.system(), Sleeper.system(), () -> ThreadLocalRandom.current().nextLong(),
                    event -> out.println("   client: " + event));
            HttpResponse<String> response = client.send(get, HttpResponse.BodyHandlers.ofString());
            List<ScriptedHttpServer.Seen> seen = server.seen();
            out.printf("   server: said 503 + Retry-After: 1 at %d ms, saw the retry at %d ms: %d ms later;"
                            + " final %d%n%n", seen.get(1).atMillis(), seen.get(2).atMillis(),
                    seen.get(2).atMillis() - seen.get(1).atMillis(), response.statusCode());
        }
    }

    static void budget(PrintStream out) throws Exception {
        out.println("3. A dead backend behind stacked services, each making up to 3 attempts"
                + " (1000 requests/s for 20 s, simulated time):");
        out.println("   layers   backend calls per request: no budget   budget 20% + 10/s   budget 10% + 1/s");
        for (int layers = 1; layers <= 3; layers++) {
            out.printf("   %6d   %37.2f   %17.2f   %16.2f%n", layers,
                    Amplification.callsPerRequest(layers, 3, c -> RetryGate.UNLIMITED, 20_000, 1_000),
                    Amplification.callsPerRequest(layers, 3, RetryBudget::defaults, 20_000, 1_000),
                    Amplification.callsPerRequest(layers, 3, c -> new RetryBudget(0.1, 1, 10, c), 20_000, 1_000));
        }
    }
}
