package book.ch04.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch04.breaker.WallClockScan;
import book.ch04.time.ManualTicker;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Fallbacks that say what they are, and an outage behind them that still raises an alarm. */
class FallbackTest {

    final ManualTicker ticker = new ManualTicker();
    final List<OutageAlarm> alarms = new ArrayList<>();
    static final Callable<String> DOWN = () -> {
        throw new ConnectException("Connection refused");
    };

    Fallback.Builder<String> builder() {
        return Fallback.<String>named("prices").ticker(ticker::nanoTime).onAlarm(alarms::add);
    }

    @Nested
    class Answers {
        @Test
        void aLiveAnswerSaysLive() throws Exception {
            Answer<String> a = builder().build().call(() -> "42");
            assertEquals(new Answer<>("42", Answer.Source.LIVE, Duration.ZERO, ""), a);
            assertFalse(a.isFallback());
            assertEquals("LIVE", a.describe());
        }

        @Test
        void theLastGoodValueComesWithItsAgeAndTheReason() throws Exception {
            Fallback<String> f = builder().build();
            f.call(() -> "42");
            ticker.advance(Duration.ofMillis(12_500));
            Answer<String> a = f.call(DOWN);
            assertEquals(new Answer<>("42", Answer.Source.LAST_GOOD, Duration.ofMillis(12_500), "java.net.ConnectException: Connection refused"), a);
            assertTrue(a.isFallback());
            assertEquals("LAST_GOOD, 12.5 s old, because: java.net.ConnectException: Connection refused", a.describe());
            assertEquals(1, f.fallbackAnswers());
        }

        @Test
        void theLastGoodValueIsServedUpToItsMaximumAgeAndNotANanosecondLonger() throws Exception {
            Fallback<String> f = builder().maxAge(Duration.ofMinutes(5)).orDefault("unknown").build();
            f.call(() -> "42");
            ticker.advance(Duration.ofMinutes(5));
            assertEquals(Answer.Source.LAST_GOOD, f.call(DOWN).source());
            ticker.advanceNanos(1);
            Answer<String> a = f.call(DOWN);
            assertEquals(Answer.Source.DEFAULT, a.source());
            assertEquals("unknown", a.value());
            assertEquals("DEFAULT, because: java.net.ConnectException: Connection refused", a.describe());
        }

        @Test
        void aDegradedAnswerComesBeforeTheDefaultAndSaysItIsDegraded() throws Exception {
            Fallback<String> f = builder().degraded(e -> "list price (live price unavailable)").orDefault("unknown").build();
            Answer<String> a = f.call(DOWN);
            assertEquals(Answer.Source.DEGRADED, a.source());
            assertEquals("list price (live price unavailable)", a.value());
            assertEquals(Duration.ZERO, a.age());
            assertTrue(a.describe().startsWith("DEGRADED, because: "));
        }

        @Test
        void aNullDefaultIsADefault() throws Exception {
            Answer<String> a = builder().orDefault(null).build().call(DOWN);
            assertEquals(Answer.Source.DEFAULT, a.source());
            assertEquals(null, a.value());
        }

        @Test
        void withNothingHonestToAnswerTheLiveFailureIsThrown() {
            Fallback<String> f = builder().build();
            IOException thrown = assertThrows(IOException.class, () -> f.call(DOWN));
            assertEquals("Connection refused", thrown.getMessage());
            assertEquals(0, f.fallbackAnswers());
        }

        @Test
        void theCallersInterruptIsNeverAnsweredByAFallback() throws Exception {
            Fallback<String> f = builder().orDefault("unknown").build();
            f.call(() -> "42");
            InterruptedException interrupt = new InterruptedException();
            assertSame(interrupt, assertThrows(InterruptedException.class, () -> f.call(() -> {
                throw interrupt;
            })));
            assertFalse(f.inOutage());
        }
    }

    @Nested
    class Alarms {
        @Test
        void anOutageHiddenByTheFallbackForAMinuteRaisesOneAlarm() throws Exception {
            Fallback<String> f = builder().alarmAfter(Duration.ofMinutes(1)).build();
            f.call(() -> "42");
            f.call(DOWN);
            assertTrue(f.inOutage());
            ticker.advance(Duration.ofMinutes(1).minusNanos(1));
            f.call(DOWN);
            assertTrue(alarms.isEmpty()); // every answer so far looked fine to the users
            ticker.advanceNanos(1);
            f.call(DOWN);
            f.call(DOWN);
            assertEquals(List.of(new OutageAlarm("prices", true, Duration.ofMinutes(1), 3, "java.net.ConnectException: Connection refused")), alarms);
            assertEquals("ALARM prices: fallback answering for 60.0 s (3 failed calls), the dependency is down behind it; "
                    + "last failure: java.net.ConnectException: Connection refused", alarms.getFirst().toString());
        }

        @Test
        void theNextLiveAnswerClearsItOnce() throws Exception {
            Fallback<String> f = builder().alarmAfter(Duration.ofSeconds(10)).orDefault("unknown").build();
            f.call(DOWN);
            ticker.advance(Duration.ofSeconds(10));
            f.call(DOWN);
            ticker.advance(Duration.ofSeconds(5));
            f.call(() -> "43");
            f.call(() -> "44");
            assertEquals(2, alarms.size());
            assertEquals(new OutageAlarm("prices", false, Duration.ofSeconds(15), 2, "java.net.ConnectException: Connection refused"), alarms.get(1));
            assertEquals("CLEARED prices: live again after 15.0 s (2 failed calls)", alarms.get(1).toString());
            assertFalse(f.inOutage());
        }

        @Test
        void aShortOutageRaisesNothingAndTheNextOutageCountsAfresh() throws Exception {
            Fallback<String> f = builder().alarmAfter(Duration.ofSeconds(10)).orDefault("unknown").build();
            f.call(DOWN);
            ticker.advance(Duration.ofSeconds(9));
            f.call(() -> "ok");
            f.call(DOWN);
            ticker.advance(Duration.ofSeconds(9));
            f.call(DOWN);
            assertTrue(alarms.isEmpty());
            ticker.advance(Duration.ofSeconds(1));
            f.call(DOWN);
            assertEquals(1, alarms.size());
            assertEquals(3, alarms.getFirst().failures());
        }
    }

    @Nested
    class Configuration {
        @Test
        void defaultsAreFiveMinutesOfStalenessAndAnAlarmAfterOne() {
            assertEquals(Duration.ofMinutes(5), Fallback.DEFAULT_MAX_AGE);
            assertEquals(Duration.ofMinutes(1), Fallback.DEFAULT_ALARM_AFTER);
            assertEquals("prices", Fallback.named("prices").build().name());
        }

        @Test
        void refusalsNameTheParameterAndTheValue() {
            assertEquals("maxAge must be within PT0.001S..PT24H, got PT0S",
                    assertThrows(IllegalArgumentException.class, () -> builder().maxAge(Duration.ZERO)).getMessage());
            assertEquals("alarmAfter must be within PT0.001S..PT24H, got PT24H0.001S",
                    assertThrows(IllegalArgumentException.class, () -> builder().alarmAfter(Duration.ofHours(24).plusMillis(1))).getMessage());
            assertEquals("name must not be blank", assertThrows(IllegalArgumentException.class, () -> Fallback.named("")).getMessage());
            assertEquals("maxAge", assertThrows(NullPointerException.class, () -> builder().maxAge(null)).getMessage());
            builder().maxAge(Duration.ofHours(24)).alarmAfter(Duration.ofMillis(1)).build();
        }

        @Test
        void itNeverReadsTheWallClock() {
            assertFalse(WallClockScan.readsTheWallClock("fallback"));
        }
    }
}
