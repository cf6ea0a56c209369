package book.ch02.logging;

import book.ch02.classify.Classification;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Objects;

/**
 * One failed call, with what an operator needs to find it and act on it: when, how bad, which
 * request (trace id), which service called which upstream for what, which attempt, what failed,
 * what the classifier decided, and how long the caller waited.
 */
// tag::event[]
public record FailureEvent(
        Instant timestamp, Level level, String traceId, String service,
        String upstreamHost, int upstreamPort, String operation, int attempt,
        String failureClass, String message, Classification classification, long elapsedMillis) {

    public FailureEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(classification, "classification");
    }

    /** The event as one line of JSON; the timestamp in ISO-8601 UTC ({@code 2026-11-23T17:20:00.125Z}). */
    public String toJson() {
        return new JsonLine()
                .string("timestamp", timestamp.toString())
                .string("level", level.getName())
                .string("trace_id", traceId)
                .string("service", service)
                .string("upstream_host", upstreamHost)
                .number("upstream_port", upstreamPort)
                .string("operation", operation)
                .number("attempt", attempt)
                .string("failure_class", failureClass)
                .string("message", message)
                .string("decision", classification.decision().name())
                .string("kind", classification.kind().name())
                .bool("transient", classification.transientFailure())
                .bool("may_have_been_processed", classification.mayHaveBeenProcessed())
                .string("reason", classification.reason())
                .number("elapsed_ms", elapsedMillis)
                .toString();
    }
}
// end::event[]
