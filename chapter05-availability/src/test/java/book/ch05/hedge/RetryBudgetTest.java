package book.ch05.hedge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    /** A budget with nothing saved. */
    static RetryBudget drained(double ratio, int max) {
        RetryBudget b = new RetryBudget(ratio, max);
        while (b.tryWithdraw()) {
            // spend what it starts with
        }
        return b;
    }

    @Test
    void startsFullThenOnlyWhatTrafficEarns() {
        RetryBudget b = new RetryBudget();
        assertEquals(10.0, b.tokens());
        for (int i = 0; i < 10; i++) {
            assertTrue(b.tryWithdraw());
        }
        assertFalse(b.tryWithdraw());
        assertEquals(0.0, b.tokens());
    }

    @Test
    void twentyRequestsAtFivePercentEarnExactlyOneExtra() {
        RetryBudget b = drained(0.05, 10);
        for (int i = 0; i < 19; i++) {
            b.onRequest();
        }
        assertFalse(b.tryWithdraw(), "19 x 0.05 is less than one");
        b.onRequest();
        assertTrue(b.tryWithdraw());
        assertFalse(b.tryWithdraw());
        assertEquals(0.0, b.tokens());
    }

    @Test
    void overALongRunExtrasAreTheRatioOfOriginalsPlusWhatItStartedWith() {
        RetryBudget b = new RetryBudget(0.05, 10);
        int extras = 0;
        for (int i = 0; i < 10_000; i++) {
            b.onRequest();
            while (b.tryWithdraw()) { // every request wants as many extras as it can get
                extras++;
            }
        }
        // the 10 it starts with, then 0.05 for each of the 9,999 requests after the first
        // (the first deposit finds the budget full and adds nothing): 10 + 499
        assertEquals(509, extras);
    }

    @Test
    void savesAtMostMaxTokensForABurst() {
        RetryBudget b = drained(0.5, 3);
        for (int i = 0; i < 100; i++) {
            b.onRequest();
        }
        assertEquals(3.0, b.tokens());
        assertTrue(b.tryWithdraw());
        assertTrue(b.tryWithdraw());
        assertTrue(b.tryWithdraw());
        assertFalse(b.tryWithdraw());
    }

    @Test
    void aDepositNeverOverfillsPastTheCap() {
        RetryBudget b = drained(0.7, 1);
        b.onRequest();
        b.onRequest();
        assertEquals(1.0, b.tokens());
    }

    @Test
    void refusesBadSettingsNamingThem() {
        assertEquals("ratio must be 0.001..1, not 0.0",
                assertThrows(IllegalArgumentException.class, () -> new RetryBudget(0, 1)).getMessage());
        assertEquals("ratio must be 0.001..1, not 1.5",
                assertThrows(IllegalArgumentException.class, () -> new RetryBudget(1.5, 1)).getMessage());
        assertEquals("ratio must be 0.001..1, not NaN",
                assertThrows(IllegalArgumentException.class, () -> new RetryBudget(Double.NaN, 1)).getMessage());
        assertEquals("maxTokens must be 1..1000000, not 0",
                assertThrows(IllegalArgumentException.class, () -> new RetryBudget(0.1, 0)).getMessage());
        assertEquals("maxTokens must be 1..1000000, not 1000001",
                assertThrows(IllegalArgumentException.class, () -> new RetryBudget(0.1, 1_000_001)).getMessage());
        new RetryBudget(0.001, 1_000_000);
        RetryBudget one = drained(1, 1);
        one.onRequest();
        assertTrue(one.tryWithdraw());
    }
}
