package book.ch04.deadline;

import book.ch04.time.Deadline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Calls the next hop within the caller's deadline: the request's timeout is the time left, the
 * time left travels in the {@value TimeoutHeader#NAME} header, and no request starts with less
 * than {@link #MIN_ATTEMPT} left (an attempt that cannot finish only adds load). Retries narrow
 * each attempt to the time left, never more. Protects against the timeout that restarts at
 * every hop and every attempt, so a caller who gave up long ago still has work running for it.
 *
 * <p>Limits: retries only what the book's table says an idempotent GET may retry here (503, 502,
 * 504, a timeout of one attempt), without backoff (that is chapter 3's subject). Specified by
 * {@code DeadlineAcrossHopsTest}.
 */
public final class DeadlineClient {

    /** Below this much time left no request is sent: a loopback round trip alone is ~0.1 ms, a LAN's ~1 ms. */
    public static final Duration MIN_ATTEMPT = Duration.ofMillis(5);

    /** Told of every attempt, with the budget it was given (for tests and the demo's timeline). */
    @FunctionalInterface
    public interface AttemptListener {
        void attempt(int number, Duration budget);
    }

    private final HttpClient http;
    private final AttemptListener listener;

    public DeadlineClient(HttpClient http) {
        this(http, (n, budget) -> { });
    }

    public DeadlineClient(HttpClient http, AttemptListener listener) {
        this.http = http;
        this.listener = listener;
    }

    // tag::call[]
    /** One GET that may use the time left of {@code deadline}, and not a nanosecond more. */
    public HttpResponse<String> get(URI uri, Deadline deadline) throws IOException, InterruptedException {
        deadline.checkLeft(MIN_ATTEMPT, "GET " + uri.getPath()); // no attempt without time left
        long left = deadline.remainingNanos();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(left))                        // we stop waiting then
                .header(TimeoutHeader.NAME, TimeoutHeader.encode(left)) // the server stops working then
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
    // end::call[]

    // tag::retries[]
    /**
     * Up to {@code maxAttempts} GETs, each given {@code perAttempt} or the time left, whichever is
     * less; stops at the first answer that is not 502/503/504, and when the deadline is spent.
     */
    public HttpResponse<String> getWithRetries(URI uri, Deadline deadline, Duration perAttempt, int maxAttempts)
            throws IOException, InterruptedException {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        IOException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Deadline thisAttempt = deadline.narrowTo(perAttempt); // never more than is left
            try {
                thisAttempt.checkLeft(MIN_ATTEMPT, "attempt " + attempt);
                listener.attempt(attempt, thisAttempt.remaining());
                HttpResponse<String> response = get(uri, thisAttempt);
                int status = response.statusCode();
                if (status != 502 && status != 503 && status != 504 || attempt == maxAttempts) {
                    return response;
                }
            } catch (HttpTimeoutException e) {
                last = e; // this attempt's share ran out; the next gets what is left
            } catch (Deadline.ExceededException e) {
                throw last == null ? e : withCause(e, last);
            }
        }
        throw last;
    }
    // end::retries[]

    private static Deadline.ExceededException withCause(Deadline.ExceededException e, IOException cause) {
        e.initCause(cause);
        return e;
    }
}
