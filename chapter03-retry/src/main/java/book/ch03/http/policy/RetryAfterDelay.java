package book.ch03.http.policy;

import book.ch03.retry.RetryDelay;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Turns a response's {@code Retry-After} into the wait before the next attempt. A usable
 * value replaces the backoff, plus jitter that only ever adds: a client must not come back
 * earlier than asked, and a thousand clients told "1 second" (or "0", or a date already past)
 * must not all come back in the same millisecond. The jitter is up to 10% of the wait, and at
 * least {@link #MIN_SPREAD_MILLIS}. A date is read against the response's own {@code Date}
 * header when it has one, so that a client whose clock is off by minutes still waits what the
 * server meant; the client's wall clock is the fallback. A value too long means give up; a
 * malformed, negative or absurd one falls back to the backoff. Each decision carries its
 * reason for the listener.
 */
public final class RetryAfterDelay implements RetryDelay<HttpResponse<?>> {

    /** The least spread of the jitter: 1,000 clients told "0" come back over 100 ms, 10 a millisecond. */
    static final long MIN_SPREAD_MILLIS = 100;

    private final InstantSource clock;
    private final boolean respect;
    private final Duration max;

    public RetryAfterDelay(InstantSource clock, boolean respect, Duration max) {
        this.clock = clock;
        this.respect = respect;
        this.max = max;
    }

    // tag::retry-after[]
    @Override
    public Choice choose(int attempt, HttpResponse<?> response, Throwable failure, long backoffMillis,
                         RandomGenerator random) {
        Optional<String> header = response == null ? Optional.empty() : response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Choice.wait(backoffMillis, null);
        }
        if (!respect) {
            return Choice.wait(backoffMillis, "Retry-After '" + header.get() + "' ignored by policy");
        }
        return switch (RetryAfterParser.parse(header.get(), serverNow(response))) {
            case RetryAfter.Invalid bad -> Choice.wait(backoffMillis,
                    "Retry-After unusable, " + bad.reason() + "; backoff " + backoffMillis + " ms instead");
            case RetryAfter.After after when after.delay().compareTo(max) > 0 -> Choice.giveUp(
                    "Retry-After asks for " + after.delay().toSeconds() + " s, more than the "
                            + max.toSeconds() + " s this client waits");
            case RetryAfter.After after -> {
                long asked = after.delay().toMillis();
                long wait = asked + random.nextLong(Math.max(asked / 10, MIN_SPREAD_MILLIS)); // never earlier
                yield Choice.wait(wait, "Retry-After '" + header.get() + "' (" + after.form() + ") asks for "
                        + asked + " ms; waiting " + wait + " ms");
            }
        };
    }
    // end::retry-after[]

    /** "Now" as the server saw it when it answered (its Date header), else the client's wall clock. */
    private Instant serverNow(HttpResponse<?> response) {
        Instant local = clock.instant();
        Instant date = response.headers().firstValue("Date").map(d -> RetryAfterParser.httpDate(d, local)).orElse(null);
        return date != null ? date : local;
    }
}
