package book.ch05.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesTest {

    /** Draws the given values in order, checking each is below its bound. */
    static IntUnaryOperator scripted(Integer... draws) {
        Deque<Integer> queue = new ArrayDeque<>(List.of(draws));
        return bound -> {
            int v = queue.removeFirst();
            assertTrue(v >= 0 && v < bound, v + " not below " + bound);
            return v;
        };
    }

    @Test
    void ofTwoRandomHostsTakesTheOneWithFewerInFlight() {
        // each pick draws a in [0, 4) then b in [0, 3), and b >= a becomes b + 1
        PowerOfTwoChoices b = new PowerOfTwoChoices(4, scripted(2, 2, /* */ 2, 0, /* */ 3, 2));
        assertEquals(2, b.pick(0), "hosts 2 and 3 both idle: the first drawn");
        assertEquals(0, b.pick(0), "hosts 2 (1 in flight) and 0 (idle): 0");
        assertEquals(3, b.pick(0), "hosts 3 (idle) and 2 (busy): 3");
        assertEquals(1, b.outstanding(2));
        assertEquals(1, b.outstanding(0));
        assertEquals(1, b.outstanding(3));
    }

    @Test
    void theTwoChoicesAreAlwaysDifferentHosts() {
        // second draw equal to the first skips past it
        PowerOfTwoChoices b = new PowerOfTwoChoices(3, scripted(1, 1, /* */ 1, 1));
        b.pick(0); // 1 and 2 idle: 1
        assertEquals(2, b.pick(0), "1 and 2 again: 2 is idle, 1 is busy");
    }

    @Test
    void oneHostNeedsNoDraw() {
        PowerOfTwoChoices b = new PowerOfTwoChoices(1, scripted());
        assertEquals(0, b.pick(0));
        assertEquals(1, b.outstanding(0));
        b.release(0);
        assertEquals(0, b.outstanding(0));
        assertEquals(1, b.size());
    }

    @Test
    void theDefaultRandomStaysInRangeAndSpreads() {
        PowerOfTwoChoices b = new PowerOfTwoChoices(5);
        int[] count = new int[5];
        for (int i = 0; i < 5000; i++) {
            int p = b.pick(0);
            count[p]++;
            b.release(p);
        }
        for (int c : count) {
            assertTrue(c > 700, java.util.Arrays.toString(count));
        }
    }

    @Test
    void aBusyHostIsNeverChosenOverAnIdleOne() {
        PowerOfTwoChoices b = new PowerOfTwoChoices(2);
        int busy = b.pick(0);
        for (int i = 0; i < 50; i++) {
            int p = b.pick(0);
            assertNotEquals(busy, p);
            b.release(p);
        }
    }
}
