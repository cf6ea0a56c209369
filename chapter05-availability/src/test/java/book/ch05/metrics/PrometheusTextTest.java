package book.ch05.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The exposition format, byte for byte, and the naming conventions the registry enforces. */
class PrometheusTextTest {

    @Nested
    class Format {
        @Test
        void writesHelpTypeAndOneLinePerSeriesSortedByLabelValues() {
            var registry = new MetricRegistry();
            var requests = registry.counter("client_requests_total", "Requests sent, by outcome.", "outcome");
            requests.labels("ok").inc(1027);
            requests.labels("error").inc(3);
            registry.gauge("client_replicas_healthy", "Replicas in rotation.").get().set(2);
            assertEquals("""
                    # HELP client_requests_total Requests sent, by outcome.
                    # TYPE client_requests_total counter
                    client_requests_total{outcome="error"} 3
                    client_requests_total{outcome="ok"} 1027
                    # HELP client_replicas_healthy Replicas in rotation.
                    # TYPE client_replicas_healthy gauge
                    client_replicas_healthy 2.0
                    """, PrometheusText.write(registry));
        }

        @Test
        void aHistogramIsCumulativeBucketsEndingInInfThenSumAndCount() {
            var registry = new MetricRegistry();
            var latency = registry.histogram("call_duration_seconds", "Call latency.", new double[] {0.1, 0.5}, "replica");
            Histogram h = latency.labels("a");
            h.observe(0.05);
            h.observe(0.1);   // exactly on a bound: le means "less than or equal"
            h.observe(0.3);
            h.observe(7);
            assertEquals("""
                    # HELP call_duration_seconds Call latency.
                    # TYPE call_duration_seconds histogram
                    call_duration_seconds_bucket{replica="a",le="0.1"} 2
                    call_duration_seconds_bucket{replica="a",le="0.5"} 3
                    call_duration_seconds_bucket{replica="a",le="+Inf"} 4
                    call_duration_seconds_sum{replica="a"} 7.45
                    call_duration_seconds_count{replica="a"} 4
                    """, PrometheusText.write(registry));
        }

        @Test
        void escapesWhatWouldBreakALine() {
            var registry = new MetricRegistry();
            registry.counter("odd_total", "Back\\slash and\nnewline.", "path").labels("a\"b\\c\nd").inc();
            String text = PrometheusText.write(registry);
            assertTrue(text.contains("# HELP odd_total Back\\\\slash and\\nnewline.\n"), text);
            assertTrue(text.contains("odd_total{path=\"a\\\"b\\\\c\\nd\"} 1\n"), text);
            assertEquals(3, text.lines().count(), text); // help, type, one sample: no value broke a line
        }

        @Test
        void listsSeriesInLabelOrderWhateverTheInsertionOrder() {
            var registry = new MetricRegistry();
            var family = registry.counter("x_total", "h", "name");
            for (String name : new String[] {"zeta", "alpha", "mid", "beta", "omega"}) {
                family.labels(name).inc();
            }
            String text = PrometheusText.write(registry);
            java.util.List<String> order = text.lines().filter(l -> l.startsWith("x_total{"))
                    .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"'))).toList();
            assertEquals(java.util.List.of("alpha", "beta", "mid", "omega", "zeta"), order);
        }

        @Test
        void aGaugeAddsAndAHistogramTakesNanosAsSeconds() {
            var g = new Gauge();
            g.add(2.5);
            g.add(-1);
            assertEquals(1.5, g.value());
            var h = new Histogram(0.001, 1);
            h.observeNanos(500_000);       // 0.5 ms
            h.observeNanos(2_000_000_000); // 2 s
            var snap = h.snapshot();
            assertEquals(1, snap.cumulative()[0]);
            assertEquals(1, snap.cumulative()[1]);
            assertEquals(2, snap.count());
            assertEquals(2.0005, snap.sum(), 1e-12);
        }

        @Test
        void spellsSpecialFloatsAsTheFormatDoes() {
            assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
            assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
            assertEquals("NaN", PrometheusText.number(Double.NaN));
            assertEquals("0.25", PrometheusText.number(0.25));
        }
    }

    @Nested
    class Naming {
        @Test
        void refusesNamesThatBreakTheConventionsSayingWhich() {
            var r = new MetricRegistry();
            assertEquals("counter requests must end in _total",
                    assertThrows(IllegalArgumentException.class, () -> r.counter("requests", "h")).getMessage());
            assertEquals("gauge inflight_total must not end in _total, which says counter",
                    assertThrows(IllegalArgumentException.class, () -> r.gauge("inflight_total", "h")).getMessage());
            assertEquals("metric latency_ms: use base units (_seconds, _bytes)",
                    assertThrows(IllegalArgumentException.class, () -> r.gauge("latency_ms", "h")).getMessage());
            assertEquals("metric name 'rpc:rate' is not snake_case letters, digits and _",
                    assertThrows(IllegalArgumentException.class, () -> r.gauge("rpc:rate", "h")).getMessage());
            assertEquals("metric x: label name '__internal' is not valid",
                    assertThrows(IllegalArgumentException.class, () -> r.gauge("x", "h", "__internal")).getMessage());
            assertEquals("histogram h_seconds cannot have a label named le: it holds the bucket bound",
                    assertThrows(IllegalArgumentException.class,
                            () -> r.histogram("h_seconds", "h", Histogram.DEFAULT_SECONDS, "le")).getMessage());
            assertEquals("metric y needs a help text",
                    assertThrows(IllegalArgumentException.class, () -> r.gauge("y", " ")).getMessage());
        }

        @Test
        void refusesTheSameNameTwiceAndTheWrongNumberOfLabelValues() {
            var r = new MetricRegistry();
            var family = r.counter("a_total", "h", "method", "code");
            assertThrows(IllegalArgumentException.class, () -> r.counter("a_total", "h"));
            assertThrows(IllegalArgumentException.class, () -> family.labels("GET"));
            assertThrows(IllegalArgumentException.class, () -> r.gauge("b", "h", "x", "x"));
            assertEquals(List.of("method", "code"), family.labelNames());
        }

        @Test
        void refusesBucketsThatDoNotIncreaseOrAreNotFinite() {
            assertThrows(IllegalArgumentException.class, () -> new Histogram(0.5, 0.5));
            assertThrows(IllegalArgumentException.class, () -> new Histogram(1, Double.POSITIVE_INFINITY));
            assertThrows(IllegalArgumentException.class, () -> new Histogram());
            assertThrows(IllegalArgumentException.class, () -> new Histogram(1).observe(Double.NaN));
        }

        @Test
        void aCounterNeverGoesDown() {
            Counter c = new Counter();
            c.inc(5);
            assertThrows(IllegalArgumentException.class, () -> c.inc(-1));
            assertEquals(5, c.value());
        }
    }
}
