/*
 * Chapter 4's unit (chapter04-timeouts-breakers, book.ch04.breaker), copied unchanged except the
 * package, so that chapter 5 depends on no other chapter; its tests are copied beside it.
 * Copyable unit "circuit-breaker": what one call's outcome means to a breaker.
 * Specified by: OutcomeClassifierTest.
 */
package book.ch05.breaker;

/**
 * What a call's outcome says about the dependency's health. Classify before counting: a 404 is
 * the dependency answering (the request was wrong), a 429 is the dependency pushing back, and
 * neither says the dependency is failing; counting them would open the breaker on a healthy
 * service.
 */
public enum Outcome {
    /** The dependency did its job (including answering "no such thing"). */
    SUCCESS,
    /** The dependency failed: a 5xx, a timeout, a reset, a refused connection. */
    FAILURE,
    /** Says nothing about health: pushback (429), a caller that gave up; not counted at all. */
    IGNORED
}
