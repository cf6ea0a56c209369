package book.ch02.logging;

import book.ch02.classify.Classification;
import book.ch02.classify.Decision;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * Logs failed upstream calls as {@link FailureEvent}s through the JDK's {@code System.Logger}
 * (backed by java.util.logging; pair it with {@link JsonLineFormatter} for JSON lines). Two
 * clocks, both injected so that tests are exact: the wall clock for the event's timestamp (the
 * one place wall time is the lesson), and a monotonic ticker ({@code System::nanoTime}) for the
 * elapsed time, so that a wall clock stepped by NTP never makes a call look negative or an hour
 * long.
 *
 * <p>Call it only where the failure is handled, once per failure: see {@link CheckoutHandler}.
 */
public final class FailureLog {

    private final Logger logger;
    private final InstantSource clock;
    private final LongSupplier ticker;
    private final String service;

    /** Timestamps from {@code clock}, elapsed times from {@code System.nanoTime()}. */
    public FailureLog(Logger logger, InstantSource clock, String service) {
        this(logger, clock, System::nanoTime, service);
    }

    public FailureLog(Logger logger, InstantSource clock, LongSupplier ticker, String service) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.service = Objects.requireNonNull(service, "service");
    }

    // tag::log[]
    /** Logs one event for this failure: ERROR if retrying cannot help, else WARNING. */
    public FailureEvent failed(String traceId, UpstreamCallException failure, Classification c, long startNanos) {
        Instant now = clock.instant(); // wall time: when it happened
        long elapsedMillis = (ticker.getAsLong() - startNanos) / 1_000_000; // monotonic: how long it took
        Level level = c.decision() == Decision.NOT_RETRYABLE ? Level.ERROR : Level.WARNING;
        Throwable root = failure.getCause() == null ? failure : failure.getCause();
        var event = new FailureEvent(now, level, traceId, service, failure.host(), failure.port(),
                failure.operation(), failure.attempt(), root.getClass().getName(), root.getMessage(), c,
                elapsedMillis);
        // The event travels as the record's parameter; "{0}" keeps it readable under any other formatter.
        logger.log(level, (ResourceBundle) null, "{0}", event);
        return event;
    }
    // end::log[]
}
