package book.ch02.logging;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} formatter that writes one JSON object per line. A record carrying a
 * {@link FailureEvent} (as its single parameter, see {@link FailureLog}) is written with all the
 * event's fields and its own, injected, timestamp; any other record becomes a small JSON line
 * with its time, level, logger and message, so that a log file is JSON lines throughout.
 */
public final class JsonLineFormatter extends Formatter {

    // tag::format[]
    @Override
    public String format(LogRecord record) {
        Object[] params = record.getParameters();
        if (params != null && params.length == 1 && params[0] instanceof FailureEvent event) {
            return event.toJson() + System.lineSeparator();
        }
        JsonLine line = new JsonLine()
                .string("timestamp", Instant.ofEpochMilli(record.getInstant().toEpochMilli()).toString())
                .string("level", record.getLevel().getName())
                .string("logger", record.getLoggerName())
                .string("message", formatMessage(record));
        if (record.getThrown() != null) {
            line.string("failure_class", record.getThrown().getClass().getName())
                    .string("failure_message", record.getThrown().getMessage());
        }
        return line + System.lineSeparator();
    }
    // end::format[]
}
