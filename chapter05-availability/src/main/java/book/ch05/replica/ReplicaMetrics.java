package book.ch05.replica;

import book.ch05.metrics.MetricRegistry;
import book.ch05.metrics.PrometheusText;

/**
 * A replica's {@code GET /metrics}: its counters in Prometheus's text format, rendered from a
 * snapshot at each scrape. The values count from the process's start, as counters must; the
 * scraper's {@code rate()} turns them into rates and notices a restart as a reset.
 */
final class ReplicaMetrics {

    private ReplicaMetrics() {
    }

    static String render(String name, ReplicaServer.Counts c) {
        var registry = new MetricRegistry();
        var requests = registry.counter("replica_requests_total", "Work requests, by outcome.", "replica", "outcome");
        requests.labels(name, "ok").inc(c.ok());
        requests.labels(name, "failed").inc(c.failed());
        requests.labels(name, "abandoned").inc(c.abandoned());
        requests.labels(name, "stalled").inc(c.stalled());
        registry.counter("replica_connections_total", "Connections accepted.", "replica").labels(name).inc(c.connections());
        registry.counter("replica_connections_refused_total", "Connections over the limit, answered 503.", "replica")
                .labels(name).inc(c.refused());
        registry.counter("replica_health_checks_total", "Health checks answered.", "replica").labels(name).inc(c.healthChecks());
        registry.gauge("replica_requests_in_flight", "Work requests being served now.", "replica").labels(name).set(c.inFlight());
        return PrometheusText.write(registry);
    }
}
