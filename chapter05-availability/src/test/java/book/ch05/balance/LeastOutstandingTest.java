package book.ch05.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LeastOutstandingTest {

    @Test
    void sendsToTheHostWithFewestInFlight() {
        LeastOutstanding b = new LeastOutstanding(3);
        int first = b.pick(0);
        int second = b.pick(0);
        int third = b.pick(0);
        assertEquals(3, java.util.Set.of(first, second, third).size(), "one each while all are busy once");
        b.release(second);
        assertEquals(second, b.pick(0), "the host that finished is the least loaded");
    }

    @Test
    void aHostHoldingRequestsIsAvoided() {
        LeastOutstanding b = new LeastOutstanding(3);
        for (int i = 0; i < 3; i++) {
            b.pick(0); // one on each
        }
        b.release(0);
        b.release(2);
        // host 1 still holds one: the next two go to 0 and 2
        int x = b.pick(0);
        int y = b.pick(0);
        assertEquals(java.util.Set.of(0, 2), java.util.Set.of(x, y));
        assertEquals(1, b.outstanding(0));
        assertEquals(1, b.outstanding(1));
        assertEquals(1, b.outstanding(2));
    }

    @Test
    void idleHostsShareTheLoadInsteadOfHostZeroTakingAll() {
        LeastOutstanding b = new LeastOutstanding(3);
        int[] count = new int[3];
        for (int i = 0; i < 30; i++) {
            int p = b.pick(0);
            count[p]++;
            b.release(p);
        }
        assertEquals(java.util.List.of(10, 10, 10), java.util.List.of(count[0], count[1], count[2]));
    }

    @Test
    void findsTheLeastLoadedHostAnywhereAfterTheRotatingStart() {
        LeastOutstanding b = new LeastOutstanding(4);
        for (int i = 0; i < 8; i++) {
            b.pick(0); // two on each
        }
        b.release(1);
        b.release(1); // host 1 now idle; the rotating start is at host 0
        assertEquals(1, b.pick(0));
        b.release(3); // host 3: one; host 1: one; start at host 1 now
        b.release(3);
        assertEquals(3, b.pick(0), "0 in flight beats 1 even after the start");
        assertEquals(4, b.size());
    }

    @Test
    void amongEquallyBusyHostsTakesTheRotatingStart() {
        LeastOutstanding b = new LeastOutstanding(3);
        for (int i = 0; i < 3; i++) {
            b.pick(0); // one on each; the rotating start is back at host 0
        }
        assertEquals(0, b.pick(0), "all hold one: the first looked at, not a later tie");
        assertEquals(1, b.pick(0), "0 now holds two; 1 and 2 tie at one: the start, 1");
    }

    @Test
    void anExtraReleaseNeverDrivesTheCountNegative() {
        LeastOutstanding b = new LeastOutstanding(2);
        b.release(0);
        assertEquals(0, b.outstanding(0));
        int p = b.pick(0);
        assertEquals(1, b.outstanding(p));
    }

    @Test
    void refusesNoHosts() {
        assertEquals("hosts must be >= 1, not 0", assertThrows(IllegalArgumentException.class, () -> new LeastOutstanding(0)).getMessage());
    }
}
