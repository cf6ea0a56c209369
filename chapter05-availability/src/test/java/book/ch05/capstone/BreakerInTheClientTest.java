package book.ch05.capstone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.breaker.CircuitBreaker.State;
import book.ch05.capstone.ResilientClient.Mode;
import book.ch05.metrics.MetricRegistry;
import book.ch05.replica.Ledger;
import book.ch05.replica.ReplicaServer;
import book.ch05.time.ManualTicker;
import book.ch05.time.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The capstone's client with its breakers, on a smaller fleet: three in-process replicas on
 * loopback sharing one ledger, one of them killed and restored. Heartbeats are off (the health
 * view never polls), so what takes the dead replica out is the traffic: its breaker and the
 * outlier detector, which both count three failures in a row. The breakers' time is a
 * hand-driven ticker: nothing here waits for an open breaker, and what is asserted holds at any
 * machine load (the loops end on a state, bounded by a generous real-time limit).
 */
@Timeout(60)
class BreakerInTheClientTest {

    static final Duration LIMIT = Duration.ofSeconds(30);

    final Ledger ledger = new Ledger();
    final ReplicaServer[] replicas = new ReplicaServer[3];
    final int[] ports = new int[3];
    final ManualTicker breakerTime = new ManualTicker();
    final MetricRegistry metrics = new MetricRegistry();
    final ReplicaBreakers breakers = new ReplicaBreakers(List.of("r1", "r2", "r3"), breakerTime::nanoTime, metrics);
    final ReplicaHealth health;
    final ResilientClient client;
    int requests;

    BreakerInTheClientTest() throws Exception {
        for (int i = 0; i < 3; i++) {
            replicas[i] = ReplicaServer.start(ReplicaServer.Config.of("r" + (i + 1)).withLedger(ledger));
            ports[i] = replicas[i].port();
        }
        // Heartbeats every minute and never started: the health view says "up" until traffic says otherwise.
        health = new ReplicaHealth(3, this::address, Duration.ofMinutes(1), Ticker.system());
        client = new ResilientClient(Mode.RESILIENT, 3, this::address, health, breakers, Ticker.system(), metrics);
    }

    InetSocketAddress address(int i) {
        return new InetSocketAddress("127.0.0.1", ports[i]);
    }

    @AfterEach
    void close() {
        health.close();
        for (ReplicaServer r : replicas) {
            r.close();
        }
    }

    void send() throws InterruptedException {
        client.send("order-" + ++requests);
    }

    @Test
    void theBreakerOpensOnTheKilledReplicaAndClosesAfterItIsRestored() throws Exception {
        for (int i = 0; i < 9; i++) {
            send();
        }
        assertEquals(State.CLOSED, breakers.state(0));

        replicas[0].kill();
        long until = System.nanoTime() + LIMIT.toNanos();
        while (breakers.state(0) != State.OPEN) {   // the balancer keeps choosing r1 until three connects were refused
            assertTrue(System.nanoTime() < until, "r1's breaker did not open; events " + breakers.events());
            send();
        }
        var opened = breakers.events().stream().filter(e -> e.replica() == 0).findFirst().orElseThrow();
        assertEquals(State.OPEN, opened.to());
        assertEquals("3 consecutive failures", opened.reason());
        assertTrue(CapstoneRun.breakerMetrics(metrics).contains("capstone_breaker_state{replica=\"r1\"} 1.0\n"));

        // Restored on its old port: while the breaker's wait has not passed, it is sent nothing at all.
        replicas[0] = ReplicaServer.start(ReplicaServer.Config.of("r1").withLedger(ledger).withPort(ports[0]));
        for (int i = 0; i < 20; i++) {
            send();
        }
        assertEquals(0, replicas[0].counts().requests(), "an open breaker takes its replica out of the choice");
        assertEquals(State.OPEN, breakers.state(0));

        // The wait passes; probes go to r1 once the outlier detector's ejection (1 s, real time) is over.
        while (breakers.state(0) != State.CLOSED) {
            assertTrue(System.nanoTime() < until, "r1's breaker did not close; events " + breakers.events());
            if (breakers.state(0) == State.OPEN) {
                breakerTime.advance(ReplicaBreakers.OPEN_WAIT); // a failed probe under load opens it again
            }
            send();
        }
        List<State> r1 = breakers.events().stream().filter(e -> e.replica() == 0).map(ReplicaBreakers.Event::to).toList();
        // open, then half-open (and open again for each probe that failed under load), then closed
        assertEquals(State.OPEN, r1.get(0));
        assertEquals(List.of(State.HALF_OPEN, State.CLOSED), r1.subList(r1.size() - 2, r1.size()), "r1: " + r1);
        assertEquals(1, r1.stream().filter(s -> s == State.CLOSED).count(), "r1: " + r1);
        assertTrue(replicas[0].counts().requests() >= ReplicaBreakers.PROBES, "the probes reached r1");
        assertTrue(CapstoneRun.breakerMetrics(metrics).contains("capstone_breaker_state{replica=\"r1\"} 0.0\n"));
        assertTrue(ledger.effects() <= requests, "keys and a shared ledger: no request charged twice");
    }
}
