package book.ch05.balance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RoundRobinTest {

    @Test
    void givesEachHostInTurn() {
        RoundRobin rr = new RoundRobin(3);
        int[] picks = new int[7];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = rr.pick(42);
        }
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, picks);
        assertEquals(3, rr.size());
    }

    @Test
    void aSingleHostGetsEverything() {
        RoundRobin rr = new RoundRobin(1);
        assertEquals(0, rr.pick(1));
        assertEquals(0, rr.pick(2));
    }

    @Test
    void refusesNoHosts() {
        assertEquals("hosts must be >= 1, not 0", assertThrows(IllegalArgumentException.class, () -> new RoundRobin(0)).getMessage());
    }

    @Test
    void staysInRangeAcrossTheCounterWrap() throws Exception {
        RoundRobin rr = new RoundRobin(3);
        var field = RoundRobin.class.getDeclaredField("next");
        field.setAccessible(true);
        ((java.util.concurrent.atomic.AtomicInteger) field.get(rr)).set(Integer.MAX_VALUE - 2);
        for (int i = 0; i < 6; i++) {
            int p = rr.pick(0);
            assertEquals(true, p >= 0 && p < 3, "pick " + p);
        }
    }
}
