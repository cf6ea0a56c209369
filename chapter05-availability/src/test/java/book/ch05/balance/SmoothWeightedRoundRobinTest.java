package book.ch05.balance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    static int[] picks(Balancer b, int count) {
        int[] p = new int[count];
        for (int i = 0; i < count; i++) {
            p[i] = b.pick(0);
        }
        return p;
    }

    @Test
    void interleavesAHeavyHostAsNginxDoes() {
        // nginx's own example: weights {5, 1, 1} give a a b a c a a
        assertArrayEquals(new int[] {0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0}, picks(new SmoothWeightedRoundRobin(5, 1, 1), 14));
    }

    @Test
    void givesEachHostExactlyItsWeightPerCycle() {
        SmoothWeightedRoundRobin b = new SmoothWeightedRoundRobin(3, 1, 2, 7);
        int[] count = new int[4];
        for (int p : picks(b, 13 * 5)) {
            count[p]++;
        }
        assertArrayEquals(new int[] {15, 5, 10, 35}, count);
        assertEquals(4, b.size());
    }

    @Test
    void equalWeightsAreRoundRobin() {
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, picks(new SmoothWeightedRoundRobin(4, 4, 4), 6));
    }

    @Test
    void refusesWeightsOutsideOneToAThousandNamingTheHost() {
        assertEquals("weight of host 1 must be 1..1000, not 0",
                assertThrows(IllegalArgumentException.class, () -> new SmoothWeightedRoundRobin(1, 0)).getMessage());
        assertEquals("weight of host 0 must be 1..1000, not 1001",
                assertThrows(IllegalArgumentException.class, () -> new SmoothWeightedRoundRobin(1001)).getMessage());
        assertEquals("weights must name 1..100000 hosts, not 0",
                assertThrows(IllegalArgumentException.class, () -> new SmoothWeightedRoundRobin()).getMessage());
        new SmoothWeightedRoundRobin(1000, 1); // both ends accepted
        int[] many = new int[100_000];
        java.util.Arrays.fill(many, 1);
        assertEquals(100_000, new SmoothWeightedRoundRobin(many).size());
        assertEquals("weights must name 1..100000 hosts, not 100001",
                assertThrows(IllegalArgumentException.class, () -> new SmoothWeightedRoundRobin(new int[100_001])).getMessage());
    }

    @Test
    void copiesTheWeightsSoTheCallerCannotChangeThemLater() {
        int[] w = {1, 1};
        SmoothWeightedRoundRobin b = new SmoothWeightedRoundRobin(w);
        w[0] = 100;
        assertArrayEquals(new int[] {0, 1, 0, 1}, picks(b, 4));
        assertEquals("SmoothWeightedRoundRobin[1, 1]", b.toString());
    }
}
