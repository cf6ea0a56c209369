/*
 * Chapter 4's unit (chapter04-timeouts-breakers, book.ch04.breaker), copied unchanged except the
 * package, so that chapter 5 depends on no other chapter; its tests are copied beside it.
 * Copyable unit "circuit-breaker": how a breaker tells a failure from a success. Defaults:
 * any result is a success; an exception is a failure unless the caller interrupted or cancelled
 * the call (ignored). http() follows the book's table: 5xx and a status outside 100..599 fail,
 * 408 and 429 are ignored, everything else (2xx, 3xx, 404 and the other 4xx) is a success.
 * Specified by: OutcomeClassifierTest.
 */
package book.ch05.breaker;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;

/**
 * Turns what a call returned or threw into an {@link Outcome}, before the breaker counts it.
 *
 * @param <T> what the call returns
 */
public interface OutcomeClassifier<T> {

    Outcome ofResult(T result);

    Outcome ofException(Throwable failure);

    /** Every result succeeds; every exception fails, except the caller's own interrupt or cancel. */
    static <T> OutcomeClassifier<T> exceptionsFail() {
        return ExceptionsFail.instance();
    }

    /** HTTP responses classified by {@link #ofStatus(int)}; exceptions as {@link #exceptionsFail()}. */
    static <B> OutcomeClassifier<HttpResponse<B>> http() {
        return new OutcomeClassifier<>() {
            @Override
            public Outcome ofResult(HttpResponse<B> response) {
                return ofStatus(response.statusCode());
            }

            @Override
            public Outcome ofException(Throwable failure) {
                return callerGaveUp(failure) ? Outcome.IGNORED : Outcome.FAILURE;
            }
        };
    }

    /** The book's table, read for health: the dependency failed (5xx), pushed back (408, 429), or answered. */
    static Outcome ofStatus(int status) {
        if (status < 100 || status >= 500) {
            return Outcome.FAILURE; // a 5xx, or not HTTP at all
        }
        if (status == 408 || status == 429) {
            return Outcome.IGNORED; // pushback: the server refused before working
        }
        return Outcome.SUCCESS; // 2xx, 3xx, and 4xx: the dependency answered; the request was wrong
    }

    /**
     * The caller interrupted or cancelled the call: that says nothing about the dependency. A
     * {@link SocketTimeoutException} is an {@link InterruptedIOException} too, but it is the
     * dependency being slow (and {@code HttpTimeoutException} is a plain {@code IOException}).
     */
    static boolean callerGaveUp(Throwable failure) {
        if (failure instanceof InterruptedException || failure instanceof ClosedByInterruptException
                || failure instanceof CancellationException) {
            return true;
        }
        return failure instanceof InterruptedIOException && !(failure instanceof SocketTimeoutException);
    }

    /** The one {@link #exceptionsFail()} classifier: it holds nothing, so every caller shares it. */
    final class ExceptionsFail implements OutcomeClassifier<Object> {
        private static final ExceptionsFail INSTANCE = new ExceptionsFail();

        private ExceptionsFail() {
        }

        @SuppressWarnings("unchecked") // it never looks at the result, so any T will do
        static <T> OutcomeClassifier<T> instance() {
            return (OutcomeClassifier<T>) (OutcomeClassifier<?>) INSTANCE;
        }

        @Override
        public Outcome ofResult(Object result) {
            return Outcome.SUCCESS;
        }

        @Override
        public Outcome ofException(Throwable failure) {
            return callerGaveUp(failure) ? Outcome.IGNORED : Outcome.FAILURE;
        }
    }
}
