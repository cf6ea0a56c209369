package book.ch05.hedge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void startsEmptyAClientEarnsItsExtraRequests() {
        RetryBudget b = new RetryBudget();
        assertFalse(b.tryWithdraw());
        assertEquals(0.0, b.tokens());
    }

    @Test
    void twentyRequestsAtFivePercentEarnExactlyOneExtra() {
        RetryBudget b = new RetryBudget(0.05, 10);
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
    void overALongRunExtrasAreTheRatioOfOriginals() {
        RetryBudget b = new RetryBudget(0.05, 10);
        int extras = 0;
        for (int i = 0; i < 10_000; i++) {
            b.onRequest();
            while (b.tryWithdraw()) { // every request wants as many extras as it can get
                extras++;
            }
        }
        assertEquals(500, extras);
    }

    @Test
    void savesAtMostMaxTokensForABurst() {
        RetryBudget b = new RetryBudget(0.5, 3);
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
        RetryBudget b = new RetryBudget(0.7, 1);
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
        RetryBudget one = new RetryBudget(1, 1);
        one.onRequest();
        assertTrue(one.tryWithdraw());
    }
}
