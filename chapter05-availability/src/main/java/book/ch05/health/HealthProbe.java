package book.ch05.health;

import java.time.Duration;

/**
 * One health check of one endpoint: {@code true} if it passed within the timeout. A probe
 * never throws for a failed check (a refused connect, a timeout, a 503 are all "failed");
 * it throws only {@link InterruptedException}, when the checker is being closed.
 *
 * @param <E> how the caller names an endpoint
 */
@FunctionalInterface
public interface HealthProbe<E> {

    boolean check(E endpoint, Duration timeout) throws InterruptedException;
}
