package book.ch03.http.policy;

import java.time.Duration;

/**
 * What a {@code Retry-After} header said: a wait to honour, or a reason it cannot be used.
 * {@link RetryAfterParser} produces it.
 */
public sealed interface RetryAfter {

    /** A value beyond this is not a plan but a bug (milliseconds sent as seconds, say). */
    Duration ABSURD = Duration.ofDays(365);

    /** The server asked for this wait, measured from now (zero for a date in the past). */
    record After(Duration delay, String form) implements RetryAfter {
    }

    /** The value could not be used; the reason names it. */
    record Invalid(String reason) implements RetryAfter {
    }
}
