/*
 * Chapter 4's unit (chapter04-timeouts-breakers, book.ch04.breaker), copied unchanged except the
 * package, so that chapter 5 depends on no other chapter; its tests are copied beside it.
 * Copyable unit "circuit-breaker": what an open breaker throws instead of calling. Preallocated
 * per breaker and without a stack trace, so a rejection costs nanoseconds and allocates nothing.
 * Specified by: CircuitBreakerTest.
 */
package book.ch05.breaker;

/**
 * The breaker did not call the dependency. A retry loop must stop on it (the breaker is
 * protecting the dependency; retrying defeats it), and a fallback may answer instead.
 *
 * <p>One instance per breaker and state is made up front and thrown every time: no stack trace
 * (it would always point at the breaker, and filling it in costs microseconds), no suppression,
 * so sharing it between threads is safe.
 */
public final class CallNotPermittedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient CircuitBreaker.State state;

    CallNotPermittedException(String breaker, CircuitBreaker.State state) {
        super("circuit breaker '" + breaker + "' is " + state.name().toLowerCase(java.util.Locale.ROOT)
                + ": call not permitted", null, false, false);
        this.state = state;
    }

    /** The state that rejected the call: OPEN, or HALF_OPEN with every probe place taken. */
    public CircuitBreaker.State state() {
        return state;
    }
}
