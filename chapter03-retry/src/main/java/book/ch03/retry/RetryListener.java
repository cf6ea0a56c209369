package book.ch03.retry;

/** Hears about every attempt; called on the calling thread, so it must be quick. */
@FunctionalInterface
public interface RetryListener {

    /** Hears nothing, costs nothing: the retry loop skips building events for it. */
    RetryListener NONE = event -> { };

    void onAttempt(AttemptEvent event);
}
