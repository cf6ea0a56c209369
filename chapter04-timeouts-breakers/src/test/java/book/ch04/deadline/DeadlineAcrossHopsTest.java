package book.ch04.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.fixture.SlowServer;
import book.ch04.time.Deadline;
import book.ch04.time.Ticker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Section 3: one deadline, created at the edge, crosses three hops on loopback. Real time (the
 * lesson is real time) with stated margins: the innermost hop sees the budget less the work
 * before it, within {@value #TOLERANCE_MILLIS} ms (the wire, the JDK server and a loaded
 * two-core machine); the caller returns within its deadline plus {@value #MARGIN_MILLIS} ms.
 */
@Timeout(30)
class DeadlineAcrossHopsTest {

    static final long TOLERANCE_MILLIS = 300;
    static final long MARGIN_MILLIS = 500;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final DeadlineClient client = new DeadlineClient(http);
    private final Ticker ticker = Ticker.system();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        http.close();
    }

    private Hop hop(Hop.Work work, Hop next) throws IOException {
        Hop hop = Hop.start(work, next == null ? null : next.uri(), http, ticker);
        open.add(hop);
        return hop;
    }

    private static Hop.Work steps(int n, long millisEach) {
        return new Hop.Work(n, Duration.ofMillis(millisEach), true);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Nested
    class ThreeHops {
        /** A first exchange loads the client's and the server's classes, so the timings below measure hops, not class loading. */
        @BeforeEach
        void warmUp() throws Exception {
            Hop warm = hop(steps(0, 0), null);
            assertEquals(200, client.get(hop(steps(0, 0), warm).uri(), Deadline.after(Duration.ofSeconds(10), ticker)).statusCode());
        }

        @Test
        void theInnermostSeesTheBudgetLessTheWorkBeforeItNeverMore() throws Exception {
            Hop c = hop(steps(0, 0), null);
            Hop b = hop(steps(2, 50), c);
            Hop a = hop(steps(2, 50), b);
            // tag::edge[]
            Deadline deadline = Deadline.after(Duration.ofSeconds(2), ticker); // once, at the edge
            HttpResponse<String> response = client.get(a.uri(), deadline);
            // end::edge[]
            assertEquals(200, response.statusCode());
            assertEquals("done", response.body());
            long seenMillis = c.lastBudgetNanos() / 1_000_000;
            assertTrue(seenMillis <= 2_000 - 200, "never more than the budget less 200 ms of work: " + seenMillis);
            assertTrue(seenMillis >= 2_000 - 200 - TOLERANCE_MILLIS, "within the tolerance: " + seenMillis);
        }

        @Test
        void noStepStartsAfterTheDeadlineAndTheInnermostStopsWith504() throws Exception {
            Hop c = hop(steps(40, 25), null); // a second of work
            Hop b = hop(steps(1, 50), c);
            Hop a = hop(steps(1, 50), b);
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = client.get(a.uri(), Deadline.after(Duration.ofMillis(600), ticker));
                assertEquals(504, r.statusCode(), r.body());
            } catch (HttpTimeoutException e) {
                // the edge's own timeout may fire first: the same deadline, measured on this side
            }
            assertTrue(millisSince(start) < 600 + MARGIN_MILLIS);
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (c.expired() == 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertEquals(1, c.expired(), "the innermost hop stopped its work");
            assertEquals(0, c.stepsAfterExpiry(), "no step began after the deadline");
            assertTrue(c.stepsDone() < 40, "it did not do the whole second of work: " + c.stepsDone());
        }

        @Test
        void theCallerReturnsWithinItsDeadlineWhateverTheHopsDo() throws Exception {
            Hop c = hop(new Hop.Work(100, Duration.ofMillis(50), false), null); // ignores deadlines: 5 s
            Hop b = hop(steps(1, 20), c);
            Hop a = hop(steps(1, 20), b);
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = client.get(a.uri(), Deadline.after(Duration.ofMillis(600), ticker));
                assertEquals(504, r.statusCode(), "only a deadline answer can come back in time");
            } catch (HttpTimeoutException e) {
                assertEquals("request timed out", e.getMessage());
            }
            long took = millisSince(start);
            assertTrue(took >= 590 && took < 600 + MARGIN_MILLIS, took + " ms");
        }
    }

    @Nested
    class TheServerSide {
        @Test
        void aRequestWithoutTheHeaderGetsTheDefaultBudget() throws Exception {
            Hop c = hop(steps(0, 0), null);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(c.uri()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            long seen = c.lastBudgetNanos();
            assertTrue(seen <= Hop.DEFAULT_BUDGET.toNanos() && seen > Hop.DEFAULT_BUDGET.toNanos() - 1_000_000_000L, "" + seen);
        }

        @Test
        void aMalformedHeaderIsABadRequest() throws Exception {
            Hop c = hop(steps(0, 0), null);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(c.uri()).header(TimeoutHeader.NAME, "10x").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertEquals("bad Request-Timeout '10x': unit 'x' is not one of H M S m u n", r.body());
        }
    }

    @Nested
    class Attempts {
        private final SlowServer server = SlowServer.start();

        @AfterEach
        void stopServer() {
            server.close();
        }

        @Test
        void noRequestIsSentWithoutTimeLeft() {
            Deadline spent = Deadline.after(Duration.ofMillis(4), ticker);
            var e = assertThrows(Deadline.ExceededException.class, () -> client.get(server.uri("/work"), spent));
            assertTrue(e.getMessage().startsWith("GET /work: "), e.getMessage());
            assertEquals(0, server.received());
        }

        @Test
        void eachAttemptGetsItsShareOrTheTimeLeftNeverMoreAndNoneStartsAfterTheDeadline() throws Exception {
            server.latency(Duration.ofSeconds(5));
            List<Duration> budgets = new CopyOnWriteArrayList<>();
            DeadlineClient retrying = new DeadlineClient(http, (n, budget) -> budgets.add(budget));
            Deadline deadline = Deadline.after(Duration.ofMillis(1_000), ticker);
            long start = System.nanoTime();
            assertThrows(Deadline.ExceededException.class,
                    () -> retrying.getWithRetries(server.uri("/work"), deadline, Duration.ofMillis(300), 10));
            long took = millisSince(start);
            assertTrue(took >= 990 && took < 1_000 + MARGIN_MILLIS, took + " ms");
            assertTrue(budgets.size() >= 3 && budgets.size() <= 4, "attempts " + budgets);
            for (Duration b : budgets) {
                assertTrue(b.compareTo(Duration.ofMillis(300)) <= 0, "no attempt gets more than its share: " + budgets);
            }
            Duration total = budgets.stream().reduce(Duration.ZERO, Duration::plus);
            assertTrue(total.compareTo(Duration.ofMillis(1_000)) <= 0, "together never more than the deadline: " + total);
            assertTrue(server.awaitAbandoned(budgets.size(), Duration.ofSeconds(5)), "each timed-out attempt closed its connection");
        }

        @Test
        void a503IsRetriedUntilTheAttemptsRunOutAndThenReturned() throws Exception {
            server.failureRate(1.0);
            HttpResponse<String> r = client.getWithRetries(server.uri("/work"), Deadline.after(Duration.ofSeconds(5), ticker),
                    Duration.ofSeconds(1), 3);
            assertEquals(503, r.statusCode());
            assertEquals(3, server.received());
        }

        @Test
        void aSuccessIsNotRetried() throws Exception {
            HttpResponse<String> r = client.getWithRetries(server.uri("/work"), Deadline.after(Duration.ofSeconds(5), ticker),
                    Duration.ofSeconds(1), 3);
            assertEquals(200, r.statusCode());
            assertEquals(1, server.received());
        }

        @Test
        void a404IsNotRetried() throws Exception {
            HttpResponse<String> r = client.getWithRetries(server.uri("/missing"), Deadline.after(Duration.ofSeconds(5), ticker),
                    Duration.ofSeconds(1), 3);
            assertEquals(404, r.statusCode());
            assertEquals(1, server.received());
        }

        @Test
        void zeroAttemptsIsRefused() {
            var e = assertThrows(IllegalArgumentException.class, () -> client.getWithRetries(server.uri("/work"),
                    Deadline.after(Duration.ofSeconds(5), ticker), Duration.ofSeconds(1), 0));
            assertEquals("maxAttempts must be >= 1: 0", e.getMessage());
        }
    }
}
