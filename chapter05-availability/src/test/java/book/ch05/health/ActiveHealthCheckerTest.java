package book.ch05.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.health.ActiveHealthChecker.Config;
import book.ch05.time.ManualTicker;
import book.ch05.time.Sleeper;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The checker's logic with a scripted probe, a hand-driven ticker and a recording sleeper. */
class ActiveHealthCheckerTest {

    private static final Config FAST = new Config(Duration.ofSeconds(1), Duration.ofMillis(500), 2, 2);

    /** Answers each endpoint's probes from a script: '+' passes, '-' fails; an empty script passes. */
    static final class ScriptedProbe implements HealthProbe<String> {
        private final Map<String, Queue<Character>> scripts = new HashMap<>();
        final List<Duration> timeouts = Collections.synchronizedList(new ArrayList<>());

        ScriptedProbe script(String endpoint, String probes) {
            Queue<Character> q = new ArrayDeque<>();
            probes.chars().forEach(c -> q.add((char) c));
            scripts.put(endpoint, q);
            return this;
        }

        @Override
        public boolean check(String endpoint, Duration timeout) {
            timeouts.add(timeout);
            Queue<Character> q;
            synchronized (this) {
                q = scripts.get(endpoint);
                Character next = q == null ? null : q.poll();
                return next == null || next == '+';
            }
        }
    }

    private final ManualTicker ticker = new ManualTicker();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private ActiveHealthChecker<String> checker(HealthProbe<String> probe, boolean startHealthy, Sleeper sleeper) {
        return new ActiveHealthChecker<>(FAST, List.of("a", "b"), startHealthy, probe,
                (e, healthy) -> events.add(e + (healthy ? " up" : " down")), ticker, sleeper);
    }

    private static void rounds(ActiveHealthChecker<String> c, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            c.checkOnce();
        }
    }

    @Nested
    class Verdicts {
        @Test
        void anEndpointGoesDownAfterFallFailedRoundsAndComesBackAfterRisePassedOnes() throws Exception {
            ScriptedProbe probe = new ScriptedProbe().script("a", "--+-++");
            ActiveHealthChecker<String> c = checker(probe, true, Sleeper.system());
            c.checkOnce();
            assertTrue(c.isHealthy("a"));
            c.checkOnce();
            assertFalse(c.isHealthy("a"));
            assertEquals(List.of("b"), c.healthy());
            rounds(c, 3);
            assertFalse(c.isHealthy("a"), "+ - + is no rise of 2");
            c.checkOnce();
            assertTrue(c.isHealthy("a"));
            assertEquals(List.of("a down", "a up"), events);
            assertEquals(List.of("a", "b"), c.healthy());
        }

        @Test
        void startingDownAnEndpointServesOnlyAfterRisePasses() throws Exception {
            ActiveHealthChecker<String> c = checker(new ScriptedProbe(), false, Sleeper.system());
            assertEquals(List.of(), c.healthy());
            c.checkOnce();
            assertEquals(List.of(), c.healthy());
            c.checkOnce();
            assertEquals(List.of("a", "b"), c.healthy());
            assertEquals(List.of("a up", "b up"), events);
        }

        @Test
        void eachProbeIsGivenTheConfiguredTimeout() throws Exception {
            ScriptedProbe probe = new ScriptedProbe();
            checker(probe, true, Sleeper.system()).checkOnce();
            assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(500)), probe.timeouts);
        }

        @Test
        @Timeout(10)
        void probesTheEndpointsInParallelSoAStalledOneDoesNotDelayTheOthers() throws Exception {
            CountDownLatch bothStarted = new CountDownLatch(2);
            HealthProbe<String> probe = (e, timeout) -> {
                bothStarted.countDown();
                // in sequence, the first probe would wait here for a second that never starts
                return bothStarted.await(5, TimeUnit.SECONDS);
            };
            ActiveHealthChecker<String> c = checker(probe, false, Sleeper.system());
            rounds(c, 2);
            assertEquals(List.of("a", "b"), c.healthy());
        }

        @Test
        void refusesAnUnknownEndpoint() {
            ActiveHealthChecker<String> c = checker(new ScriptedProbe(), true, Sleeper.system());
            assertEquals("unknown endpoint z",
                    assertThrows(IllegalArgumentException.class, () -> c.isHealthy("z")).getMessage());
        }
    }

    @Nested
    class Pacing {
        @Test
        @Timeout(10)
        void roundsStartAtAFixedRateAndAnOverrunIsNotCaughtUp() throws Exception {
            List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch stopped = new CountDownLatch(1);
            List<Duration> roundLengths = List.of(Duration.ofMillis(300), Duration.ofMillis(2500), Duration.ofMillis(100));
            int[] round = {0};
            HealthProbe<String> probe = (e, timeout) -> {
                if (e.equals("a")) {
                    ticker.advance(roundLengths.get(Math.min(round[0], 2))); // the round takes this long
                }
                return true;
            };
            Sleeper recording = d -> {
                sleeps.add(d);
                ticker.advance(d);
                round[0]++;
                if (sleeps.size() == 3) {
                    stopped.countDown();
                    throw new InterruptedException("enough");
                }
            };
            ActiveHealthChecker<String> c = new ActiveHealthChecker<>(FAST, List.of("a"), true, probe,
                    (e, h) -> { }, ticker, recording);
            c.start();
            assertTrue(stopped.await(5, TimeUnit.SECONDS));
            c.close();
            // 1 s interval: 300 ms round -> sleep 700 ms; 2.5 s round -> no sleep, next round now; 100 ms -> 900 ms
            assertEquals(List.of(Duration.ofMillis(700), Duration.ZERO, Duration.ofMillis(900)), sleeps);
        }

        @Test
        @Timeout(10)
        void closeStopsTheLoopAndCannotStartTwice() throws Exception {
            CountDownLatch sleeping = new CountDownLatch(1);
            ActiveHealthChecker<String> c = checker(new ScriptedProbe(), true, d -> {
                sleeping.countDown();
                Thread.sleep(Duration.ofMinutes(1));
            });
            c.start();
            assertEquals("already started", assertThrows(IllegalStateException.class, c::start).getMessage());
            assertTrue(sleeping.await(5, TimeUnit.SECONDS));
            c.close(); // interrupts the minute-long sleep
            c.close(); // twice is harmless
        }

        @Test
        @Timeout(10)
        void closeInterruptsAProbeInProgressAndWaitsForIt() throws Exception {
            CountDownLatch probing = new CountDownLatch(2);
            CountDownLatch interrupted = new CountDownLatch(2);
            ActiveHealthChecker<String> c = checker((e, timeout) -> {
                probing.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                    return true;
                } catch (InterruptedException ie) {
                    interrupted.countDown();
                    throw ie;
                }
            }, true, Sleeper.system());
            c.start();
            assertTrue(probing.await(5, TimeUnit.SECONDS));
            c.close();
            assertEquals(0, interrupted.getCount(), "both probes were interrupted before close returned");
            assertEquals(List.of(), events, "a cancelled round records nothing");
        }

        @Test
        void closingACheckerThatNeverStartedDoesNothing() {
            checker(new ScriptedProbe(), true, Sleeper.system()).close();
        }
    }

    @Nested
    class Configuration {
        @Test
        void defaultsAreHAProxysWithAOneSecondTimeout() {
            assertEquals(new Config(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3), Config.DEFAULTS);
        }

        @Test
        void refusesEachBadParameterNamingItAndTheValue() {
            List<String> messages = new ArrayList<>();
            Duration s = Duration.ofSeconds(1);
            for (Runnable bad : List.<Runnable>of(
                    () -> new Config(Duration.ofMillis(9), Duration.ofMillis(1), 2, 3),
                    () -> new Config(Duration.ofHours(1).plusNanos(1), s, 2, 3),
                    () -> new Config(null, s, 2, 3),
                    () -> new Config(s, Duration.ofNanos(999_999), 2, 3),
                    () -> new Config(s, s.plusNanos(1), 2, 3),
                    () -> new Config(s, null, 2, 3),
                    () -> new Config(s, s, 0, 3),
                    () -> new Config(s, s, 2, 0))) {
                messages.add(assertThrows(IllegalArgumentException.class, bad::run).getMessage());
            }
            assertEquals(List.of(
                    "interval must be in 10ms..1h, not PT0.009S",
                    "interval must be in 10ms..1h, not PT1H0.000000001S",
                    "interval must be in 10ms..1h, not null",
                    "timeout must be in 1ms..interval (PT1S), not PT0.000999999S",
                    "timeout must be in 1ms..interval (PT1S), not PT1.000000001S",
                    "timeout must be in 1ms..interval (PT1S), not null",
                    "rise must be in 1..1000, not 0",
                    "fall must be in 1..1000, not 0"), messages);
        }

        @Test
        void acceptsTheEdges() {
            assertEquals(Duration.ofMillis(10), new Config(Duration.ofMillis(10), Duration.ofMillis(1), 1, 1).interval());
            assertEquals(Duration.ofHours(1), new Config(Duration.ofHours(1), Duration.ofHours(1), 1, 1).timeout());
            assertEquals(FAST, checker(new ScriptedProbe(), true, Sleeper.system()).config());
        }

        @Test
        void refusesMissingArgumentsAndDuplicateEndpoints() {
            HealthProbe<String> probe = new ScriptedProbe();
            ActiveHealthChecker.Listener<String> listener = (e, h) -> { };
            assertEquals("endpoint a is listed twice", assertThrows(IllegalArgumentException.class,
                    () -> new ActiveHealthChecker<>(FAST, List.of("a", "a"), true, probe, listener, ticker,
                            Sleeper.system())).getMessage());
            List<Runnable> missing = List.of(
                    () -> new ActiveHealthChecker<>(null, List.of("a"), true, probe, listener, ticker, Sleeper.system()),
                    () -> new ActiveHealthChecker<String>(FAST, null, true, probe, listener, ticker, Sleeper.system()),
                    () -> new ActiveHealthChecker<>(FAST, List.of("a"), true, null, listener, ticker, Sleeper.system()),
                    () -> new ActiveHealthChecker<>(FAST, List.of("a"), true, probe, null, ticker, Sleeper.system()),
                    () -> new ActiveHealthChecker<>(FAST, List.of("a"), true, probe, listener, null, Sleeper.system()),
                    () -> new ActiveHealthChecker<>(FAST, List.of("a"), true, probe, listener, ticker, null));
            for (Runnable r : missing) {
                assertEquals("no argument may be null",
                        assertThrows(IllegalArgumentException.class, r::run).getMessage());
            }
        }
    }
}
