package book.ch04.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The deadline travels as a grpc-timeout value: never more time than the sender had, strictly parsed. */
class TimeoutHeaderTest {

    @Nested
    class Encoding {
        @ParameterizedTest
        @CsvSource({
            "1, 1n",
            "99999999, 99999999n",
            "100000000, 100000u",
            "100000999, 100000u",
            "250000000, 250000u",
            "99999999999, 99999999u",
            "100000000000, 100000m",
            "99999999999999, 99999999m",
            "100000000000000, 100000S",
            "99999999999999999, 99999999S",
            "100000000000000000, 1666666M",
            "5999999999999999999, 99999999M",
            "6000000000000000000, 1666666H",
            "9223372036854775807, 2562047H",
        })
        void usesTheFinestUnitThatFitsInEightDigitsRoundingDown(long nanos, String header) {
            assertEquals(header, TimeoutHeader.encode(nanos));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1, Long.MIN_VALUE})
        void refusesToSendNoTime(long nanos) {
            var e = assertThrows(IllegalArgumentException.class, () -> TimeoutHeader.encode(nanos));
            assertEquals("no time left to send: " + nanos + " ns", e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(longs = {1, 999, 123_456_789, 100_000_000_123L, 7_000_000_000_000L, Long.MAX_VALUE})
        void neverGrantsMoreThanWasLeft(long nanos) {
            long granted = TimeoutHeader.decode(TimeoutHeader.encode(nanos));
            assertEquals(true, granted <= nanos, granted + " > " + nanos);
            assertEquals(true, granted >= nanos - nanos / 100_000 - 1, "loses at most 1/100000: " + granted);
        }
    }

    @Nested
    class Decoding {
        @ParameterizedTest
        @CsvSource({
            "1n, 1",
            "7u, 7000",
            "250m, 250000000",
            "3S, 3000000000",
            "2M, 120000000000",
            "1H, 3600000000000",
            "0m, 0",
            "99999999n, 99999999",
            "00000001S, 1000000000",
        })
        void readsEachUnit(String header, long nanos) {
            assertEquals(nanos, TimeoutHeader.decode(header));
        }

        @Test
        void saturatesWhatALongCannotHold() {
            assertEquals(Long.MAX_VALUE, TimeoutHeader.decode("99999999H"));
            assertEquals(Long.MAX_VALUE, TimeoutHeader.decode("2562048H"));
            assertEquals(2562047L * 3_600_000_000_000L, TimeoutHeader.decode("2562047H"));
        }

        @Test
        void refusesAMissingValue() {
            assertEquals("bad Request-Timeout 'null': want 1-8 digits and a unit of H M S m u n",
                    assertThrows(IllegalArgumentException.class, () -> TimeoutHeader.decode(null)).getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "S", "123456789S"})
        void refusesAWrongLength(String value) {
            assertEquals("bad Request-Timeout '" + value + "': want 1-8 digits and a unit of H M S m u n",
                    assertThrows(IllegalArgumentException.class, () -> TimeoutHeader.decode(value)).getMessage());
        }

        @Test
        void acceptsEightDigitsAndOneUnitExactly() {
            assertEquals(12_345_678L, TimeoutHeader.decode("12345678n"));
        }

        @ParameterizedTest
        @CsvSource({"10s, s", "10ms, s", "10x, x", "10h, h"})
        void refusesAnUnknownUnit(String value, char unit) {
            assertEquals("bad Request-Timeout '" + value + "': unit '" + unit + "' is not one of H M S m u n",
                    assertThrows(IllegalArgumentException.class, () -> TimeoutHeader.decode(value)).getMessage());
        }

        @ParameterizedTest
        @CsvSource({"-1S, -", "1.5S, .", "+5m, +", "1a0m, a", "/0m, /", ":0m, :"})
        void refusesAnythingButDigits(String value, char bad) {
            assertEquals("bad Request-Timeout '" + value + "': '" + bad + "' is not a digit",
                    assertThrows(IllegalArgumentException.class, () -> TimeoutHeader.decode(value)).getMessage());
        }
    }
}
