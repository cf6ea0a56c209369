package book.ch03.idempotency;

import book.ch03.backoff.FixedBackoff;
import book.ch03.retry.Retry;
import book.ch03.retry.RetryGate;
import book.ch03.retry.RetryListener;
import book.ch03.retry.RetryPolicy;
import book.ch03.retry.Sleeper;
import book.ch03.retry.Ticker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client that charges and retries when the answer is lost. Whether a retry can charge twice
 * depends only on its {@link KeyPolicy}: one key per operation is the right way; no key, or a
 * new key per attempt, are the two ways this goes wrong (kept here so the tests can show them).
 */
public final class ChargeClient {

    /** How the client names its operation across attempts. */
    public enum KeyPolicy {
        /** One key, made before the first attempt and sent on every retry: charges once. */
        ONE_PER_OPERATION,
        /** A fresh key per attempt: each retry looks like a new charge to the server. */
        NEW_PER_ATTEMPT,
        /** No key: the server cannot tell a retry from a new charge. */
        NONE
    }

    /** What one charge came to: the final answer and how many attempts it took. */
    public record Outcome(int status, String body, boolean replayed, int attempts) { }

    /** The request timeout: long enough for a slow charge, short enough to notice a dead server. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI endpoint;
    private final KeyPolicy keys;
    private final Retry<HttpResponse<String>> retry;

    public ChargeClient(HttpClient http, URI endpoint, KeyPolicy keys, Retry<HttpResponse<String>> retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.keys = keys;
        this.retry = retry;
    }

    /**
     * Retries a lost answer (any I/O failure) and the server's "try again" answers: 409 (the
     * first attempt with this key is still running) and 503. Safe for POST only with a key.
     */
    public static Retry<HttpResponse<String>> retry(int maxAttempts, Duration pause, Sleeper sleeper) {
        RetryPolicy<HttpResponse<String>> policy = RetryPolicy.<HttpResponse<String>>builder()
                .maxAttempts(maxAttempts)
                .backoff(new FixedBackoff(pause.toMillis()))
                .retryOnFailure(failure -> failure instanceof IOException)
                .retryOnResult(r -> r.statusCode() == 409 || r.statusCode() == 503)
                .build();
        return Retry.of(policy, Ticker.system(), sleeper, () -> ThreadLocalRandom.current().nextLong(),
                RetryListener.NONE, RetryGate.UNLIMITED);
    }

    // tag::charge[]
    public Outcome charge(String request) throws Exception {
        // Made once, before the first attempt: the key names the operation, not the attempt.
        IdempotencyKey key = keys == KeyPolicy.ONE_PER_OPERATION ? IdempotencyKey.random() : null;
        AtomicInteger attempts = new AtomicInteger();
        HttpResponse<String> response = retry.call(() -> {
            attempts.incrementAndGet();
            HttpRequest.Builder post = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(request));
            if (keys != KeyPolicy.NONE) {
                post.header(IdempotencyKey.HEADER, (key != null ? key : IdempotencyKey.random()).value());
            }
            return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
        });
        boolean replayed = response.headers().firstValue(IdempotentHandler.REPLAYED_HEADER).isPresent();
        return new Outcome(response.statusCode(), response.body(), replayed, attempts.get());
    }
    // end::charge[]
}
