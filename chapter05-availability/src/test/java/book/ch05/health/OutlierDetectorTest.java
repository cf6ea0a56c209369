package book.ch05.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.health.OutlierDetector.Config;
import book.ch05.health.OutlierDetector.Outcome;
import book.ch05.time.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutlierDetectorTest {

    private final ManualTicker ticker = new ManualTicker();
    /** 3 failures, 10 s base, 35 s cap, 50 %. */
    private final Config config = new Config(3, Duration.ofSeconds(10), Duration.ofSeconds(35), 50);
    private final OutlierDetector<String> detector = new OutlierDetector<>(config, List.of("a", "b", "c", "d"), ticker);

    private boolean fail(String host, int times) {
        boolean ejected = false;
        for (int i = 0; i < times; i++) {
            ejected = detector.record(host, Outcome.SERVER_ERROR);
        }
        return ejected;
    }

    @Nested
    class Ejecting {
        @Test
        void theNthConsecutiveFailureEjectsTheHostAndNotBefore() {
            assertFalse(fail("a", 2));
            assertFalse(detector.isEjected("a"));
            assertTrue(detector.record("a", Outcome.SERVER_ERROR));
            assertTrue(detector.isEjected("a"));
            assertEquals(List.of("b", "c", "d"), detector.available());
        }

        @Test
        void aSuccessBetweenFailuresStartsTheCountAgain() {
            fail("a", 2);
            detector.record("a", Outcome.SUCCESS);
            assertFalse(fail("a", 2));
            assertTrue(fail("a", 1));
        }

        @Test
        void connectFailuresAndTimeoutsCountLikeServerErrors() {
            detector.record("a", Outcome.CONNECT_FAILURE);
            detector.record("a", Outcome.TIMEOUT);
            assertTrue(detector.record("a", Outcome.SERVER_ERROR));
        }

        @Test
        void pushbackNeitherCountsNorResets() {
            fail("a", 2);
            for (int i = 0; i < 10; i++) {
                assertFalse(detector.record("a", Outcome.PUSHBACK));
                assertFalse(detector.record("b", Outcome.SUCCESS));
            }
            assertTrue(fail("a", 1));
        }

        @Test
        void failuresOfOneHostDoNotCountAgainstAnother() {
            fail("a", 2);
            fail("b", 2);
            assertFalse(detector.isEjected("a"));
            assertFalse(detector.isEjected("b"));
        }

        @Test
        void failuresThatArriveWhileEjectedAreIgnoredAndTheCountRestartsAfterReturn() {
            assertTrue(fail("a", 3));
            for (Outcome late : List.of(Outcome.SERVER_ERROR, Outcome.TIMEOUT, Outcome.CONNECT_FAILURE, Outcome.SUCCESS)) {
                assertFalse(detector.record("a", late), "a late answer of a request sent before the ejection");
            }
            ticker.advance(Duration.ofSeconds(10));
            assertFalse(detector.isEjected("a"));
            assertFalse(fail("a", 2));
            assertTrue(fail("a", 1));
        }
    }

    @Nested
    class EjectionTime {
        @Test
        void theFirstEjectionLastsTheBaseTimeExactly() {
            fail("a", 3);
            ticker.advance(Duration.ofSeconds(10).minusNanos(1));
            assertTrue(detector.isEjected("a"));
            ticker.advanceNanos(1);
            assertFalse(detector.isEjected("a"));
        }

        @Test
        void growsWithEachEjectionUpToTheMaximum() {
            List<Duration> lengths = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                assertTrue(fail("a", 3), "ejection " + (i + 1));
                long start = ticker.nanoTime();
                while (detector.isEjected("a")) {
                    ticker.advance(Duration.ofSeconds(1));
                }
                lengths.add(Duration.ofNanos(ticker.nanoTime() - start));
            }
            // 10, 20, 30 s, then capped at 35 s (not a multiple of the base)
            assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
                    Duration.ofSeconds(35), Duration.ofSeconds(35)), lengths);
            assertEquals(4, detector.ejections("a")); // counting stops where the cap is reached
        }

        @Test
        void countingStopsAtTheFirstEjectionThatLastsTheMaximum() {
            Config divisible = new Config(1, Duration.ofSeconds(10), Duration.ofSeconds(30), 50);
            OutlierDetector<String> d = new OutlierDetector<>(divisible, List.of("a", "b"), ticker);
            for (int i = 0; i < 6; i++) {
                assertTrue(d.record("a", Outcome.SERVER_ERROR));
                while (d.isEjected("a")) {
                    ticker.advance(Duration.ofSeconds(1)); // back in service the moment it ends: no decay
                }
            }
            assertEquals(3, d.ejections("a")); // 10, 20, 30 s: the third already lasts the maximum
        }

        @Test
        void eachBaseTimeBackInServiceForgivesOneEjection() {
            fail("a", 3);
            ticker.advance(Duration.ofSeconds(10));
            fail("a", 3);
            assertEquals(2, detector.ejections("a"));
            ticker.advance(Duration.ofSeconds(20)); // back in service now
            assertEquals(2, detector.ejections("a"));
            ticker.advance(Duration.ofSeconds(10).minusNanos(1));
            assertEquals(2, detector.ejections("a"));
            ticker.advanceNanos(1);
            assertEquals(1, detector.ejections("a"));
            ticker.advance(Duration.ofSeconds(100));
            assertEquals(0, detector.ejections("a"));
            assertTrue(fail("a", 3));
            ticker.advance(Duration.ofSeconds(10));
            assertFalse(detector.isEjected("a"), "forgiven: the next ejection is the base time again");
        }

        @Test
        void worksWhereTheTickerWrapsPastLongMax() {
            ManualTicker wrapping = new ManualTicker(Long.MAX_VALUE - 1_000);
            OutlierDetector<String> d = new OutlierDetector<>(config, List.of("a", "b"), wrapping);
            for (int i = 0; i < 3; i++) {
                d.record("a", Outcome.TIMEOUT);
            }
            wrapping.advance(Duration.ofSeconds(5));
            assertTrue(d.isEjected("a"));
            wrapping.advance(Duration.ofSeconds(5));
            assertFalse(d.isEjected("a"));
        }

        @Test
        void aDayLongMaximumWithAMillisecondBaseNeverOverflows() {
            Config extreme = new Config(1, Duration.ofMillis(1), Duration.ofDays(1), 50);
            OutlierDetector<String> d = new OutlierDetector<>(extreme, List.of("a", "b"), ticker);
            d.record("a", Outcome.SERVER_ERROR);
            ticker.advance(Duration.ofMillis(1));
            assertFalse(d.isEjected("a"));
            assertEquals(1, d.ejections("a"));
        }
    }

    @Nested
    class NeverEjectsEveryone {
        @Test
        void atMostTheShareIsEjectedAndTheNextOneWaitsForRoom() {
            assertEquals(2, detector.maxEjected());
            fail("a", 3);
            fail("b", 3);
            assertFalse(fail("c", 3), "50 % of 4 hosts are out already");
            assertEquals(List.of("c", "d"), detector.available());
            ticker.advance(Duration.ofSeconds(10)); // a and b are back
            assertTrue(fail("c", 1), "its failures were kept: one more ejects it");
        }

        @ParameterizedTest(name = "{0} hosts at {1} % -> {2}")
        @CsvSource({"1, 100, 0", "2, 100, 1", "3, 10, 1", "10, 10, 1", "20, 10, 2", "3, 100, 2", "4, 50, 2",
                "4, 0, 0", "29, 10, 2", "30, 10, 3", "1000000, 100, 999999"})
        void theShareIsRoundedDownButAtLeastOneAndNeverAll(int hosts, int percent, int expected) {
            assertEquals(expected, OutlierDetector.maxEjected(hosts, percent));
        }

        @Test
        void theOnlyHostIsNeverEjected() {
            OutlierDetector<String> single = new OutlierDetector<>(Config.DEFAULTS, List.of("only"), ticker);
            for (int i = 0; i < 100; i++) {
                assertFalse(single.record("only", Outcome.CONNECT_FAILURE));
            }
            assertEquals(List.of("only"), single.available());
        }
    }

    @Nested
    class Outcomes {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"99, SERVER_ERROR", "100, SUCCESS", "200, SUCCESS", "304, SUCCESS", "404, SUCCESS",
                "428, SUCCESS", "429, PUSHBACK", "430, SUCCESS", "499, SUCCESS", "500, SERVER_ERROR",
                "503, SERVER_ERROR", "599, SERVER_ERROR", "600, SERVER_ERROR"})
        void followTheBooksTable(int status, Outcome expected) {
            assertEquals(expected, Outcome.ofStatus(status));
        }

        @Test
        void onlyServerErrorsConnectFailuresAndTimeoutsAreFailures() {
            assertTrue(Outcome.SERVER_ERROR.isFailure());
            assertTrue(Outcome.CONNECT_FAILURE.isFailure());
            assertTrue(Outcome.TIMEOUT.isFailure());
            assertFalse(Outcome.SUCCESS.isFailure());
            assertFalse(Outcome.PUSHBACK.isFailure());
        }
    }

    @Nested
    class Configuration {
        @Test
        void defaultsAreEnvoys() {
            assertEquals(new Config(5, Duration.ofSeconds(30), Duration.ofSeconds(300), 10), Config.DEFAULTS);
            assertEquals(config, detector.config());
        }

        @Test
        void refusesEachBadParameterNamingItAndTheValue() {
            List<String> messages = new ArrayList<>();
            Duration s = Duration.ofSeconds(1);
            for (Runnable bad : List.<Runnable>of(
                    () -> new Config(0, s, s, 10),
                    () -> new Config(1001, s, s, 10),
                    () -> new Config(1, Duration.ofNanos(999_999), s, 10),
                    () -> new Config(1, null, s, 10),
                    () -> new Config(1, Duration.ofDays(1).plusNanos(1), Duration.ofDays(2), 10),
                    () -> new Config(1, s, Duration.ofMillis(999), 10),
                    () -> new Config(1, s, Duration.ofDays(1).plusNanos(1), 10),
                    () -> new Config(1, s, null, 10),
                    () -> new Config(1, s, s, -1),
                    () -> new Config(1, s, s, 101))) {
                messages.add(assertThrows(IllegalArgumentException.class, bad::run).getMessage());
            }
            assertEquals(List.of(
                    "consecutiveFailures must be in 1..1000, not 0",
                    "consecutiveFailures must be in 1..1000, not 1001",
                    "baseEjectionTime must be in 1ms..1d, not PT0.000999999S",
                    "baseEjectionTime must be in 1ms..1d, not null",
                    "baseEjectionTime must be in 1ms..1d, not PT24H0.000000001S",
                    "maxEjectionTime must be in baseEjectionTime (PT1S)..1d, not PT0.999S",
                    "maxEjectionTime must be in baseEjectionTime (PT1S)..1d, not PT24H0.000000001S",
                    "maxEjectionTime must be in baseEjectionTime (PT1S)..1d, not null",
                    "maxEjectionPercent must be in 0..100, not -1",
                    "maxEjectionPercent must be in 0..100, not 101"), messages);
        }

        @Test
        void acceptsTheEdges() {
            Config edges = new Config(1000, Duration.ofMillis(1), Duration.ofMillis(1), 0);
            assertEquals(1000, edges.consecutiveFailures());
            assertEquals(Duration.ofDays(1), new Config(1, Duration.ofDays(1), Duration.ofDays(1), 100).maxEjectionTime());
        }

        @Test
        void refusesMissingDuplicateOrUnknownHosts() {
            assertEquals("host a is listed twice", assertThrows(IllegalArgumentException.class,
                    () -> new OutlierDetector<>(config, List.of("a", "a"), ticker)).getMessage());
            assertEquals("hosts must not be empty", assertThrows(IllegalArgumentException.class,
                    () -> new OutlierDetector<>(config, List.<String>of(), ticker)).getMessage());
            assertEquals("config, hosts and ticker must not be null", assertThrows(IllegalArgumentException.class,
                    () -> new OutlierDetector<>(null, List.of("a"), ticker)).getMessage());
            assertEquals("config, hosts and ticker must not be null", assertThrows(IllegalArgumentException.class,
                    () -> new OutlierDetector<String>(config, null, ticker)).getMessage());
            assertEquals("config, hosts and ticker must not be null", assertThrows(IllegalArgumentException.class,
                    () -> new OutlierDetector<>(config, List.of("a"), null)).getMessage());
            assertEquals("unknown host z", assertThrows(IllegalArgumentException.class,
                    () -> detector.record("z", Outcome.SUCCESS)).getMessage());
            assertEquals("unknown host z", assertThrows(IllegalArgumentException.class,
                    () -> detector.isEjected("z")).getMessage());
        }

        @Test
        void neverReadsTheWallClock() {
            // Its only time source is the ticker: stopped, an ejection never ends.
            fail("a", 3);
            for (int i = 0; i < 3; i++) {
                assertTrue(detector.isEjected("a"));
            }
        }
    }
}
