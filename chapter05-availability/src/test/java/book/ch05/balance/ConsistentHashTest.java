package book.ch05.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsistentHashTest {

    @Nested
    class Ring {
        @Test
        void theSameKeyAlwaysReachesTheSameHost() {
            HashRing ring = new HashRing(KeyMovement.names(5));
            for (long k = 0; k < 1000; k++) {
                assertEquals(ring.pick(k), ring.pick(k));
            }
            assertEquals(5, ring.size());
        }

        @Test
        void aRingRebuiltFromTheSameNamesInAnotherOrderAgreesOnEveryKey() {
            List<String> names = KeyMovement.names(6);
            List<String> reversed = new java.util.ArrayList<>(names);
            Collections.reverse(reversed);
            HashRing a = new HashRing(names);
            HashRing b = new HashRing(reversed);
            for (long k = 0; k < 5000; k++) {
                assertEquals(names.get(a.pick(k)), reversed.get(b.pick(k)));
            }
        }

        @Test
        void withManyVirtualNodesTheBusiestHostGetsAtMostAQuarterOverItsShare() {
            assertTrue(KeyMovement.peakOverMean(new HashRing(KeyMovement.names(10), 160), 100_000) < 1.25);
            double one = KeyMovement.peakOverMean(new HashRing(KeyMovement.names(10), 1), 100_000);
            assertTrue(one > 1.5, "one point per host is lumpy: " + one);
        }

        @Test
        void aKeyPastTheLastPointWrapsToTheFirst() {
            HashRing ring = new HashRing(List.of("only"), 1);
            for (long k = 0; k < 100; k++) {
                assertEquals(0, ring.pick(k));
            }
        }

        @Test
        void refusesBadSizesNamingThem() {
            assertEquals("a ring needs at least one host",
                    assertThrows(IllegalArgumentException.class, () -> new HashRing(List.of())).getMessage());
            assertEquals("virtualNodes must be 1..10000, not 0",
                    assertThrows(IllegalArgumentException.class, () -> new HashRing(List.of("a"), 0)).getMessage());
            assertEquals("virtualNodes must be 1..10000, not 10001",
                    assertThrows(IllegalArgumentException.class, () -> new HashRing(List.of("a"), 10_001)).getMessage());
            assertEquals("1001 hosts x 10000 virtual nodes exceeds 10000000 points",
                    assertThrows(IllegalArgumentException.class, () -> new HashRing(KeyMovement.names(1001), 10_000)).getMessage());
            new HashRing(List.of("a"), 10_000);
        }
    }

    @Nested
    class Jump {
        @Test
        void givesThePapersAlgorithmsValuesPinned() {
            // the paper's C++ function transcribed line by line (a scratch file), run once, pinned here
            long[] keys = {1, 2, 3, 42, 0xDEADBEEFL, -1L};
            int[][] expected = {{0, 0, 6, 549}, {0, 0, 6, 338}, {0, 0, 8, 961}, {0, 1, 2, 571}, {0, 1, 5, 285}, {0, 1, 9, 313}};
            int[] buckets = {1, 2, 10, 1000};
            for (int k = 0; k < keys.length; k++) {
                for (int b = 0; b < buckets.length; b++) {
                    assertEquals(expected[k][b], JumpHash.bucket(keys[k], buckets[b]), "key " + keys[k] + ", " + buckets[b] + " buckets");
                }
            }
        }

        @Test
        void spreadsKeysEvenly() {
            assertTrue(KeyMovement.peakOverMean(new JumpHash(10), 100_000) < 1.03);
        }

        @Test
        void aKeyOnlyEverMovesToTheNewBucket() {
            for (long k = 0; k < 10_000; k++) {
                long key = JumpHash.mix(k);
                int before = JumpHash.bucket(key, 7);
                int after = JumpHash.bucket(key, 8);
                assertTrue(after == before || after == 7, "key " + k + " moved from " + before + " to " + after);
            }
        }

        @Test
        void staysInRange() {
            JumpHash j = new JumpHash(3);
            for (long k = -50; k < 50; k++) {
                int p = j.pick(k);
                assertTrue(p >= 0 && p < 3);
            }
            assertEquals(3, j.size());
        }

        @Test
        void mixesKeysWithMurmursFinalizerPinned() {
            // values of MurmurHash3's fmix64, computed once from a transcription and pinned
            assertEquals(-5451962507482445012L, JumpHash.mix(1));
            assertEquals(4233148493373801447L, JumpHash.mix(2));
            assertEquals(-9148929187392628276L, JumpHash.mix(42));
            assertEquals(7256831767414464289L, JumpHash.mix(-1));
            assertEquals(0L, JumpHash.mix(0));
        }

        @Test
        void oneBucketTakesEverything() {
            JumpHash one = new JumpHash(1);
            assertEquals(0, one.pick(99));
            assertEquals(1, one.size());
        }

        @Test
        void refusesNoBuckets() {
            assertEquals("buckets must be >= 1, not 0", assertThrows(IllegalArgumentException.class, () -> new JumpHash(0)).getMessage());
        }
    }
}
