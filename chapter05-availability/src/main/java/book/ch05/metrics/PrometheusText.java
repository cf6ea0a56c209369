package book.ch05.metrics;

import java.util.List;
import java.util.Map;

/**
 * Writes a registry in Prometheus's text exposition format (version 0.0.4), which Prometheus,
 * its {@code promtool check metrics}, and most monitoring agents read:
 *
 * <pre>
 * # HELP requests_total Requests sent, by outcome.
 * # TYPE requests_total counter
 * requests_total{outcome="ok"} 1027
 * </pre>
 *
 * <p>A histogram becomes cumulative {@code _bucket} series with an {@code le} label ending in
 * {@code +Inf}, then {@code _sum} and {@code _count}. Help text escapes backslash and newline;
 * label values also escape the double quote, so no value can break a line of the format.
 *
 * <p>Specified by: PrometheusTextTest, MetricsServerTest
 */
public final class PrometheusText {

    /** The Content-Type a scraper expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String write(MetricRegistry registry) {
        StringBuilder out = new StringBuilder();
        for (MetricRegistry.Family<?> family : registry.families()) {
            out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            out.append("# TYPE ").append(family.name()).append(' ').append(family.type().word()).append('\n');
            for (Map.Entry<List<String>, ?> s : family.series()) {
                String labels = labels(family.labelNames(), s.getKey());
                switch (s.getValue()) {
                    case Counter c -> sample(out, family.name(), labels, Long.toString(c.value()));
                    case Gauge g -> sample(out, family.name(), labels, number(g.value()));
                    case Histogram h -> histogram(out, family, s.getKey(), h.snapshot());
                    default -> throw new IllegalStateException("unknown series " + s.getValue());
                }
            }
        }
        return out.toString();
    }

    private static void histogram(StringBuilder out, MetricRegistry.Family<?> family, List<String> values,
                                  Histogram.Snapshot snap) {
        List<String> names = new java.util.ArrayList<>(family.labelNames());
        names.add("le");
        for (int i = 0; i < snap.cumulative().length; i++) {
            List<String> withLe = new java.util.ArrayList<>(values);
            withLe.add(i < snap.bounds().length ? number(snap.bounds()[i]) : "+Inf");
            sample(out, family.name() + "_bucket", labels(names, withLe), Long.toString(snap.cumulative()[i]));
        }
        String labels = labels(family.labelNames(), values);
        sample(out, family.name() + "_sum", labels, number(snap.sum()));
        sample(out, family.name() + "_count", labels, Long.toString(snap.count()));
    }

    private static void sample(StringBuilder out, String name, String labels, String value) {
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static String labels(List<String> names, List<String> values) {
        if (names.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(names.get(i)).append("=\"").append(escapeLabel(values.get(i))).append('"');
        }
        return sb.append('}').toString();
    }

    /** A float as the format spells it: +Inf, -Inf, NaN, or Java's shortest exact decimal. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(v);
    }

    static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
