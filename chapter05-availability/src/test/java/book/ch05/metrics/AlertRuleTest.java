package book.ch05.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.metrics.AlertRule.State;
import book.ch05.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** "Error rate above 5 % for 2 minutes", walked exactly on a hand-driven clock. */
class AlertRuleTest {

    final ManualTicker ticker = new ManualTicker();
    final Counter errors = new Counter();
    final Counter requests = new Counter();
    final List<String> events = new ArrayList<>();
    final AlertRule rule = new AlertRule("HighErrorRate", errors::value, requests::value, 0.05,
            Duration.ofMinutes(1), Duration.ofMinutes(2), ticker,
            (from, to, ratio) -> events.add(from + "->" + to));

    /** One evaluation interval of traffic: {@code sent} requests of which {@code failed} failed. */
    State interval(int sent, int failed) {
        requests.inc(sent);
        errors.inc(failed);
        ticker.advance(Duration.ofSeconds(15));
        return rule.evaluate();
    }

    @Nested
    class Lifecycle {
        @Test
        void pendsThenFiresAfterHoldingTwoMinutesThenResolves() {
            assertEquals(State.INACTIVE, rule.evaluate());
            assertEquals(State.PENDING, interval(100, 10));
            for (int i = 0; i < 7; i++) {           // 1 min 45 s held: still pending
                assertEquals(State.PENDING, interval(100, 10), "evaluation " + i);
            }
            assertEquals(State.FIRING, interval(100, 10)); // 2 min held
            for (int i = 0; i < 4; i++) {            // the window still holds the bad minute
                interval(100, 0);
            }
            assertEquals(State.INACTIVE, rule.state());
            assertEquals(List.of("INACTIVE->PENDING", "PENDING->FIRING", "FIRING->INACTIVE"), events);
        }

        @Test
        void staysFiringWhileTheWindowStillHoldsTheBadMinute() {
            rule.evaluate();
            for (int i = 0; i < 9; i++) {
                interval(100, 10);
            }
            assertEquals(State.FIRING, rule.state());
            assertEquals(State.FIRING, interval(100, 0)); // 30 errors in the last 400 requests: 7.5 %
            assertEquals(State.INACTIVE, interval(100, 0)); // 20 in 400: 5 %, not above
        }

        @Test
        void aShortSpikeNeverFires() {
            rule.evaluate();
            interval(100, 50);
            assertEquals(State.PENDING, rule.state());
            for (int i = 0; i < 20; i++) {
                interval(100, 0);
            }
            assertEquals(List.of("INACTIVE->PENDING", "PENDING->INACTIVE"), events);
        }

        @Test
        void holdingZeroFiresAtOnce() {
            var now = new AlertRule("x", errors::value, requests::value, 0.05, Duration.ofMinutes(1), Duration.ZERO,
                    ticker, (f, t, r) -> events.add(f + "->" + t));
            now.evaluate();
            requests.inc(10);
            errors.inc(1);
            ticker.advance(Duration.ofSeconds(15));
            assertEquals(State.FIRING, now.evaluate());
        }
    }

    @Nested
    class Condition {
        @Test
        void exactlyTheThresholdIsNotAbove() {
            rule.evaluate();
            assertEquals(State.INACTIVE, interval(100, 5));
            assertEquals(0.05, rule.lastRatio(), 1e-12);
            assertEquals(State.PENDING, interval(100, 6));
        }

        @Test
        void noTrafficIsNoDataNotAnAlert() {
            rule.evaluate();
            for (int i = 0; i < 20; i++) {
                assertEquals(State.INACTIVE, interval(0, 0));
            }
            assertTrue(Double.isNaN(rule.lastRatio()));
        }

        @Test
        void theRatioIsOverTheWindowNotSinceStart() {
            rule.evaluate();
            interval(10_000, 0);                     // a long good history...
            for (int i = 0; i < 4; i++) {            // ...slides out of the 1-minute window
                interval(100, 0);
            }
            assertEquals(State.PENDING, interval(100, 30));  // 30 of 10,500 since start would be 0.3 %
            assertEquals(30.0 / 400, rule.lastRatio(), 1e-12); // the last minute: 400 sent, 30 failed
        }

        @Test
        void aCounterResetStartsTheWindowOver() {
            var source = new long[] {0, 0};
            var reset = new AlertRule("r", () -> source[0], () -> source[1], 0.05, Duration.ofMinutes(1),
                    Duration.ofMinutes(2), ticker, (f, t, r) -> { });
            reset.evaluate();
            source[0] = 50;
            source[1] = 100;
            ticker.advance(Duration.ofSeconds(15));
            assertEquals(State.PENDING, reset.evaluate());
            source[0] = 0;                           // the process restarted
            source[1] = 10;
            ticker.advance(Duration.ofSeconds(15));
            assertEquals(State.INACTIVE, reset.evaluate());
            assertTrue(Double.isNaN(reset.lastRatio()));
        }
    }

    @Test
    void aQuietIntervalInsideTheWindowKeepsTheWindowsRatio() {
        rule.evaluate();
        assertEquals(State.PENDING, interval(100, 10));
        assertEquals(State.PENDING, interval(0, 0)); // no new request: the minute still holds 10 of 100
        assertEquals(0.1, rule.lastRatio(), 1e-12);
        assertEquals("HighErrorRate", rule.name());
    }

    @Test
    void acceptsTheEdgesOfEachRange() {
        AlertRule.Listener none = (f, t, r) -> { };
        new AlertRule("x", () -> 0, () -> 0, Math.ulp(0.0), Duration.ofMillis(1), Duration.ofDays(1), ticker, none);
        new AlertRule("x", () -> 0, () -> 0, Math.nextDown(1.0), Duration.ofDays(1), Duration.ZERO, ticker, none);
        assertThrows(IllegalArgumentException.class, () -> new AlertRule("x", () -> 0, () -> 0, 0.05,
                Duration.ofDays(1).plusNanos(1), Duration.ZERO, ticker, none));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule("x", () -> 0, () -> 0, 0.05,
                Duration.ofMinutes(1), Duration.ofDays(1).plusNanos(1), ticker, none));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule("x", () -> 0, () -> 0, 0.05,
                Duration.ofNanos(999_999), Duration.ZERO, ticker, none));
    }

    @Test
    void refusesSettingsThatMeanNothing() {
        assertThrows(IllegalArgumentException.class, () -> new AlertRule("x", () -> 0, () -> 0, 0,
                Duration.ofMinutes(1), Duration.ZERO, ticker, (f, t, r) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule("x", () -> 0, () -> 0, 1,
                Duration.ofMinutes(1), Duration.ZERO, ticker, (f, t, r) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule("x", () -> 0, () -> 0, 0.05,
                Duration.ZERO, Duration.ZERO, ticker, (f, t, r) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule("x", () -> 0, () -> 0, 0.05,
                Duration.ofMinutes(1), Duration.ofSeconds(-1), ticker, (f, t, r) -> { }));
    }
}
