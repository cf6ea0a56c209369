package book.ch03.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a key may hold, and the ledger the examples charge. */
class IdempotencyKeyTest {

    private static String refusal(String value) {
        return assertThrows(IllegalArgumentException.class, () -> new IdempotencyKey(value)).getMessage();
    }

    @Nested
    class Keys {

        @Test
        void acceptsVisibleAsciiFromExclamationMarkToTildeUpTo255Characters() {
            assertEquals("!~", new IdempotencyKey("!~").toString());
            assertEquals(255, new IdempotencyKey("k".repeat(255)).value().length());
        }

        @Test
        void refusesAnEmptyOrOverlongKeyAndAnyInvisibleOrNonAsciiCharacterNamingWhere() {
            assertEquals("Idempotency-Key is empty", refusal(""));
            assertEquals("Idempotency-Key of 256 characters exceeds the 255-character limit", refusal("k".repeat(256)));
            assertEquals("Idempotency-Key has a character outside visible ASCII at index 3", refusal("key order-42"));
            assertEquals("Idempotency-Key has a character outside visible ASCII at index 0", refusal("\u007f"));
            assertEquals("Idempotency-Key has a character outside visible ASCII at index 1", refusal("k\u00e9"));
        }

        @Test
        void aRandomKeyIsValidAndNewEachTime() {
            IdempotencyKey a = IdempotencyKey.random();
            assertEquals(36, a.value().length());
            assertNotEquals(a, IdempotencyKey.random());
        }
    }

    @Nested
    class TheLedger {

        @Test
        void numbersEachChargeInOrderAndKeepsThemAll() {
            Ledger ledger = new Ledger();
            assertEquals(new Ledger.Charge("ch_1", "a"), ledger.book("a"));
            assertEquals(new Ledger.Charge("ch_2", "a"), ledger.book("a"));
            assertEquals(List.of(new Ledger.Charge("ch_1", "a"), new Ledger.Charge("ch_2", "a")), ledger.charges());
        }
    }
}
