package book.ch02.logging;

import book.ch02.classify.Classification;
import book.ch02.classify.Decision;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * Logs failed upstream calls as {@link FailureEvent}s through the JDK's {@code System.Logger}
 * (backed by java.util.logging; pair it with {@link JsonLineFormatter} for JSON lines). The clock
 * is injected, so timestamps and elapsed times in tests are exact.
 *
 * <p>Call it only where the failure is handled, once per failure: see {@link CheckoutHandler}.
 */
public final class FailureLog {

    private final Logger logger;
    private final InstantSource clock;
    private final String service;

    public FailureLog(Logger logger, InstantSource clock, String service) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.service = Objects.requireNonNull(service, "service");
    }

    // tag::log[]
    /** Logs one event for this failure: ERROR if retrying cannot help, else WARNING. */
    public FailureEvent failed(String traceId, UpstreamCallException failure, Classification c, Instant startedAt) {
        Instant now = clock.instant();
        Level level = c.decision() == Decision.NOT_RETRYABLE ? Level.ERROR : Level.WARNING;
        Throwable root = failure.getCause() == null ? failure : failure.getCause();
        var event = new FailureEvent(now, level, traceId, service, failure.host(), failure.port(),
                failure.operation(), failure.attempt(), root.getClass().getName(), root.getMessage(), c,
                Duration.between(startedAt, now).toMillis());
        // The event travels as the record's parameter; "{0}" keeps it readable under any other formatter.
        logger.log(level, (ResourceBundle) null, "{0}", event);
        return event;
    }
    // end::log[]
}
