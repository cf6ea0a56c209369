package book.ch03.http.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterParserTest {

    /** RFC 9110's example date, and "now" ten seconds before it. */
    private static final Instant NOW = Instant.parse("1994-11-06T08:49:27Z");

    private static Duration delay(String value, Instant now) {
        return assertInstanceOf(RetryAfter.After.class, RetryAfterParser.parse(value, now)).delay();
    }

    private static String invalid(String value) {
        return assertInstanceOf(RetryAfter.Invalid.class, RetryAfterParser.parse(value, NOW)).reason();
    }

    @Nested
    class DeltaSeconds {

        @Test
        void readsWholeSeconds() {
            assertEquals(Duration.ofSeconds(120), delay("120", NOW));
            assertEquals(Duration.ZERO, delay("0", NOW));
            assertEquals(Duration.ofSeconds(3), delay(" 3 ", NOW));
        }

        @Test
        void rejectsNegativeFractionalAndAbsurdValuesSayingWhy() {
            assertEquals("negative delay '-5'", invalid("-5"));
            assertTrue(invalid("1.5").startsWith("neither delta-seconds nor an HTTP-date"));
            assertEquals("absurd delay of 99999999999999999999 seconds", invalid("99999999999999999999"));
            assertTrue(invalid("31536001").startsWith("absurd delay '31536001'"), "a year and a second");
            assertEquals(new RetryAfter.After(Duration.ofDays(365), "delta-seconds"), RetryAfterParser.parse("31536000", NOW),
                    "exactly a year is the longest wait accepted");
            assertTrue(invalid("999999999999").startsWith("absurd delay '999999999999' ("),
                    "twelve digits are still parsed, and judged by their length in days");
        }
    }

    @Nested
    class HttpDates {

        @ParameterizedTest
        @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994"})
        void readsAllThreeFormatsOfRfc9110(String date) {
            assertEquals(Duration.ofSeconds(10), delay(date, NOW));
        }

        @Test
        void readsATwoDigitAsctimeDay() {
            assertEquals(Duration.ofDays(10).plusSeconds(10), delay("Wed Nov 16 08:49:37 1994", NOW));
        }

        @Test
        void aDateInThePastMeansRetryNow() {
            assertEquals(Duration.ZERO, delay("Sun, 06 Nov 1994 08:00:00 GMT", NOW));
        }

        @Test
        void rejectsAnImpossibleDateAndALocalTimeZone() {
            assertTrue(invalid("Thu, 31 Feb 1994 08:49:37 GMT").startsWith("impossible date"));
            assertTrue(invalid("Sun, 06 Nov 1994 08:49:37 +0100").startsWith("neither"));
            assertTrue(invalid("Sun, 6 Nov 1994 08:49:37 GMT").startsWith("neither"), "IMF-fixdate has two-digit days");
        }
    }

    @Nested
    class TwoDigitYears {

        @ParameterizedTest
        @CsvSource({"94, 1994", "26, 2026", "76, 2076", "77, 1977", "00, 2000", "99, 1999"})
        void aYearMoreThanFiftyYearsAheadIsInThePast(int twoDigits, int year) {
            assertEquals(year, RetryAfterParser.fiftyYearRule(twoDigits, Instant.parse("2026-06-01T00:00:00Z")));
        }

        @ParameterizedTest
        @CsvSource({"10, 2110", "40, 2140", "41, 2041", "90, 2090", "00, 2100"})
        void lateInACenturyALowYearIsInTheNextOne(int twoDigits, int year) {
            assertEquals(year, RetryAfterParser.fiftyYearRule(twoDigits, Instant.parse("2090-06-01T00:00:00Z")));
        }

        @Test
        void readsAnRfc850DateAcrossTheCenturyBoundary() {
            Instant now = Instant.parse("2099-12-31T23:59:50Z");
            assertEquals(Duration.ofSeconds(20), delay("Friday, 01-Jan-00 00:00:10 GMT", now));
        }
    }
}
