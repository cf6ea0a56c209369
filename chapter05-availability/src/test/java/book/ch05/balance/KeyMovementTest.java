package book.ch05.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The keys that move when a host joins or leaves, against the ideal 1/n: the chapter's table. */
class KeyMovementTest {

    static final int KEYS = 100_000;

    @Test
    void aHostJoiningTenMovesAboutAnEleventhOnTheRing() {
        double moved = KeyMovement.ringJoin(10, HashRing.DEFAULT_VIRTUAL_NODES, KEYS);
        assertTrue(moved > 0.8 / 11 && moved < 1.2 / 11, "moved " + moved + ", ideal " + 1.0 / 11);
    }

    @Test
    void aHostLeavingTenMovesAboutATenthOnTheRing() {
        double moved = KeyMovement.ringLeave(10, HashRing.DEFAULT_VIRTUAL_NODES, KEYS);
        assertTrue(moved > 0.8 / 10 && moved < 1.2 / 10, "moved " + moved + ", ideal " + 1.0 / 10);
    }

    @Test
    void jumpHashMovesTheIdealShareWithinOnePercent() {
        assertEquals(1.0 / 11, KeyMovement.jumpJoin(10, KEYS), 0.01);
        assertEquals(1.0 / 10, KeyMovement.jumpLeaveLast(10, KEYS), 0.01);
    }

    @Test
    void moduloMovesNearlyEveryKey() {
        double moved = KeyMovement.moduloJoin(10, KEYS);
        assertEquals(10.0 / 11, moved, 0.01);
    }
}
