package book.ch05.replica;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A replica's /metrics, scraped on loopback after real traffic. */
@Timeout(30)
class ReplicaMetricsTest {

    @Test
    void countsWhatTheReplicaServedInPrometheusText() throws Exception {
        try (ReplicaServer replica = ReplicaServer.start("m1")) {
            var client = new ReplicaClient(Duration.ofSeconds(2), Duration.ofSeconds(2));
            client.send(replica.address(), "POST", "/order", Map.of(), "x");
            client.send(replica.address(), "POST", "/order", Map.of(), "x");
            var scraped = client.get(replica.address(), "/metrics");
            assertTrue(scraped.status() == 200, scraped.toString());
            assertTrue(scraped.body().contains("# TYPE replica_requests_total counter\n"), scraped.body());
            assertTrue(scraped.body().contains("replica_requests_total{replica=\"m1\",outcome=\"ok\"} 2\n"), scraped.body());
            assertTrue(scraped.body().contains("replica_requests_in_flight{replica=\"m1\"} 0.0\n"), scraped.body());
        }
    }
}
