/*
 * Chapter 4's unit (chapter04-timeouts-breakers, book.ch04.breaker), copied unchanged except the
 * package, so that chapter 5 depends on no other chapter; its tests are copied beside it.
 * Copyable unit "circuit-breaker": the event a CircuitBreaker fires on every change of state.
 * Specified by: CircuitBreakerTest.
 */
package book.ch05.breaker;

/**
 * One change of a breaker's state, with the reason in words ("5 consecutive failures", "3
 * probes succeeded"): what an operator's log line or alert needs.
 *
 * @param breaker  the breaker's name
 * @param from     the state it left
 * @param to       the state it entered
 * @param reason   why, with the figures that decided it
 * @param atNanos  the breaker's ticker reading at the transition (monotonic; only differences mean anything)
 */
public record Transition(String breaker, CircuitBreaker.State from, CircuitBreaker.State to, String reason, long atNanos) {

    @Override
    public String toString() {
        return "breaker " + breaker + ": " + from + " -> " + to + " (" + reason + ")";
    }
}
