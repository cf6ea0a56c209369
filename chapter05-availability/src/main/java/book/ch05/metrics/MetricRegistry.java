package book.ch05.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The metrics a process exposes, by family: a name, a help line, a type and label names; each
 * combination of label values is one time series. Registration checks Prometheus's naming
 * conventions, so that a name an operator will type in a query for years is right from the
 * start: {@code snake_case}, a counter ends in {@code _total}, base units ({@code _seconds},
 * {@code _bytes}), no colons (those are for recording rules), no label named {@code le} on a
 * histogram or starting with {@code __}.
 *
 * <p>Labels are for dimensions with few values (method, status class, replica), never for
 * user ids or URLs: every distinct value is a new series the monitoring system stores forever.
 */
public final class MetricRegistry {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** What kind of series a family holds, as the exposition format's {@code # TYPE} line says. */
    public enum Type {
        COUNTER, GAUGE, HISTOGRAM;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<String, Family<?>> families = new LinkedHashMap<>();

    public synchronized Family<Counter> counter(String name, String help, String... labelNames) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        return register(name, help, Type.COUNTER, labelNames, Counter::new);
    }

    public synchronized Family<Gauge> gauge(String name, String help, String... labelNames) {
        if (name.endsWith("_total")) {
            throw new IllegalArgumentException("gauge " + name + " must not end in _total, which says counter");
        }
        return register(name, help, Type.GAUGE, labelNames, Gauge::new);
    }

    public synchronized Family<Histogram> histogram(String name, String help, double[] bounds, String... labelNames) {
        if (Arrays.asList(labelNames).contains("le")) {
            throw new IllegalArgumentException("histogram " + name + " cannot have a label named le: it holds the bucket bound");
        }
        new Histogram(bounds); // checks the bounds once, before any series exists
        return register(name, help, Type.HISTOGRAM, labelNames, () -> new Histogram(bounds));
    }

    /** The families in the order they were registered. */
    public synchronized List<Family<?>> families() {
        return List.copyOf(families.values());
    }

    private <M> Family<M> register(String name, String help, Type type, String[] labelNames, Supplier<M> factory) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' is not snake_case letters, digits and _");
        }
        if (name.endsWith("_ms") || name.endsWith("_milliseconds") || name.endsWith("_kb")) {
            throw new IllegalArgumentException("metric " + name + ": use base units (_seconds, _bytes)");
        }
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " needs a help text");
        }
        for (String label : labelNames) {
            if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
                throw new IllegalArgumentException("metric " + name + ": label name '" + label + "' is not valid");
            }
        }
        if (labelNames.length != Arrays.stream(labelNames).distinct().count()) {
            throw new IllegalArgumentException("metric " + name + " repeats a label name: " + Arrays.toString(labelNames));
        }
        if (families.containsKey(name)) {
            throw new IllegalArgumentException("metric " + name + " is registered twice");
        }
        Family<M> family = new Family<>(name, help, type, List.of(labelNames), factory);
        families.put(name, family);
        return family;
    }

    /**
     * One metric name and its series, one per combination of label values.
     *
     * @param <M> the series' type: {@link Counter}, {@link Gauge} or {@link Histogram}
     */
    public static final class Family<M> {
        private final String name;
        private final String help;
        private final Type type;
        private final List<String> labelNames;
        private final Supplier<M> factory;
        private final ConcurrentHashMap<List<String>, M> series = new ConcurrentHashMap<>();

        Family(String name, String help, Type type, List<String> labelNames, Supplier<M> factory) {
            this.name = name;
            this.help = help;
            this.type = type;
            this.labelNames = labelNames;
            this.factory = factory;
        }

        /** The series for these label values, created on first use; look it up once and keep it on a hot path. */
        public M labels(String... values) {
            if (values.length != labelNames.size()) {
                throw new IllegalArgumentException(name + " has labels " + labelNames + ", given " + values.length + " values");
            }
            for (String v : values) {
                if (v == null) {
                    throw new IllegalArgumentException(name + ": a label value cannot be null");
                }
            }
            return series.computeIfAbsent(List.of(values), k -> factory.get());
        }

        /** The only series of a family without labels. */
        public M get() {
            return labels();
        }

        public String name() {
            return name;
        }

        public String help() {
            return help;
        }

        public Type type() {
            return type;
        }

        public List<String> labelNames() {
            return labelNames;
        }

        /** The series sorted by their label values, so that two scrapes list them in the same order. */
        public List<Map.Entry<List<String>, M>> series() {
            List<Map.Entry<List<String>, M>> all = new ArrayList<>(series.entrySet());
            all.sort((a, b) -> String.join("\u0000", a.getKey()).compareTo(String.join("\u0000", b.getKey())));
            return all;
        }
    }
}
