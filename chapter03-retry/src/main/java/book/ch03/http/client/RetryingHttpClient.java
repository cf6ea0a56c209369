package book.ch03.http.client;

import book.ch03.backoff.FullJitterBackoff;
import book.ch03.classify.FailureClassifier;
import book.ch03.http.policy.HttpRetryPolicy;
import book.ch03.http.policy.RetryAfterDelay;
import book.ch03.retry.AttemptEvent;
import book.ch03.retry.Outcome;
import book.ch03.retry.Retry;
import book.ch03.retry.RetryGate;
import book.ch03.retry.RetryListener;
import book.ch03.retry.RetryPolicy;
import book.ch03.retry.Sleeper;
import book.ch03.retry.Ticker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * {@link HttpClient#send} with retries done right: only statuses in the forcelist, and only
 * where the book's shared table allows it: a request that may have reached the server (a 502,
 * 503, 504, a read timeout, a reset) goes again only if its method is idempotent or it carries
 * an {@code Idempotency-Key}; a connect failure, a 408 or a 429 goes again for any method;
 * full-jitter backoff, the server's Retry-After honoured up to a limit, a total time, and
 * every attempt reported. The caller gets what a plain {@code send} would have given it:
 * the last response (even a 503) or the last exception, earlier ones suppressed on it.
 */
public final class RetryingHttpClient {

    /** The header that makes a non-idempotent request safe to repeat (IETF draft, Stripe's name). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpClient client;
    private final HttpRetryPolicy policy;
    private final RetryListener listener;
    private final Retry<HttpResponse<?>> idempotentRetry;
    private final Retry<HttpResponse<?>> unsafeRetry;

    public RetryingHttpClient(HttpClient client, HttpRetryPolicy policy) {
        this(client, policy, InstantSource.system(), Ticker.system(), Sleeper.system(),
                () -> ThreadLocalRandom.current().nextLong(), RetryListener.NONE);
    }

    /**
     * @param wallClock read only for a date-form Retry-After without a Date header to compare with
     * @param ticker    the monotonic time the retry window runs on
     * @param random    shared by every call: must be thread-safe (a {@code ThreadLocalRandom} wrapper)
     */
    public RetryingHttpClient(HttpClient client, HttpRetryPolicy policy, InstantSource wallClock, Ticker ticker,
                              Sleeper sleeper, RandomGenerator random, RetryListener listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.idempotentRetry = Retry.of(retryPolicy(true, wallClock), ticker, sleeper, random,
                this::discardAndReport, RetryGate.UNLIMITED);
        this.unsafeRetry = Retry.of(retryPolicy(false, wallClock), ticker, sleeper, random,
                this::discardAndReport, RetryGate.UNLIMITED);
    }

    // tag::policy[]
    /** The chapter's retry policy, filled in from the HTTP knobs. */
    private RetryPolicy<HttpResponse<?>> retryPolicy(boolean safeToRepeat, InstantSource clock) {
        return RetryPolicy.<HttpResponse<?>>builder()
                .maxAttempts(policy.maxRetries() + 1)
                .backoff(new FullJitterBackoff(policy.backoffFactor().toMillis(), policy.backoffMax().toMillis()))
                .maxDuration(policy.totalTime())
                .retryOnFailure(failure -> FailureClassifier.isRetryable(failure, safeToRepeat))
                .retryOnResult(response -> retriesStatus(response.statusCode(), safeToRepeat))
                .delay(new RetryAfterDelay(clock, policy.respectRetryAfter(), policy.maxRetryAfter()))
                .build();
    }
    // end::policy[]

    // tag::send[]
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        Retry<HttpResponse<?>> retry = safeToRepeat(request) ? idempotentRetry : unsafeRetry;
        try {
            @SuppressWarnings("unchecked") // the call below returns exactly HttpResponse<T>
            HttpResponse<T> response = (HttpResponse<T>) retry.call(() -> client.send(request, handler));
            return response;
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
    // end::send[]

    /** A second arrival has no second effect: an idempotent method, or an idempotency key. */
    boolean safeToRepeat(HttpRequest request) {
        return policy.allowedMethods().contains(request.method())
                || request.headers().firstValue(IDEMPOTENCY_KEY).isPresent();
    }

    /** In the forcelist, and allowed by the shared table for a request that is (or is not) safe to repeat. */
    boolean retriesStatus(int status, boolean safeToRepeat) {
        return policy.statusForcelist().contains(status) && FailureClassifier.isRetryableStatus(status, safeToRepeat);
    }

    /** A response we retry past is closed (a streaming body holds a connection), then reported. */
    private void discardAndReport(AttemptEvent event) {
        if (event.outcome() == Outcome.RETRYING && event.result() instanceof HttpResponse<?> r
                && r.body() instanceof AutoCloseable body) {
            try {
                body.close();
            } catch (Exception ignored) {
                // the response is being thrown away; a failure to close it changes nothing
            }
        }
        listener.onAttempt(event);
    }
}
