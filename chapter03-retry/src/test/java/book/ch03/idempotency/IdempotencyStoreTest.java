package book.ch03.idempotency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.idempotency.IdempotencyStore.Claim;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest {

    private static final Duration TTL = Duration.ofHours(24);
    private final MutableClock clock = new MutableClock();
    private final IdempotencyStore store = new IdempotencyStore(3, TTL, clock);
    private final String fp = RequestFingerprint.of("POST", "/charges", "amount=1000".getBytes(StandardCharsets.UTF_8));
    private final StoredResponse created = new StoredResponse(201, Map.of("Content-Type", "application/json"),
            "{\"id\":\"ch_1\"}".getBytes(StandardCharsets.UTF_8));

    private IdempotencyStore.Ticket execute(String key) {
        return assertInstanceOf(Claim.Execute.class, store.claim(key, fp)).ticket();
    }

    @Nested
    class Claims {
        @Test
        void firstRequestExecutesAndTheRepeatReplaysTheStoredResponse() {
            store.complete(execute("k1"), created);
            Claim.Replay replay = assertInstanceOf(Claim.Replay.class, store.claim("k1", fp));
            assertEquals(201, replay.response().status());
            assertArrayEquals("{\"id\":\"ch_1\"}".getBytes(StandardCharsets.UTF_8), replay.response().body());
        }

        @Test
        void repeatWhileTheFirstIsRunningIsInProgress() {
            execute("k1");
            assertInstanceOf(Claim.InProgress.class, store.claim("k1", fp));
        }

        @Test
        void sameKeyWithAnotherBodyIsAMismatchEvenAfterCompletion() {
            store.complete(execute("k1"), created);
            String other = RequestFingerprint.of("POST", "/charges", "amount=9999".getBytes(StandardCharsets.UTF_8));
            assertInstanceOf(Claim.Mismatch.class, store.claim("k1", other));
        }

        @Test
        void abandonedKeyCanBeExecutedAgain() {
            store.abandon(execute("k1"));
            execute("k1");
        }
    }

    @Nested
    class Bounds {
        @Test
        void keyExpiresAfterTheTtlAndThenExecutesAsNew() {
            store.complete(execute("k1"), created);
            clock.advance(TTL.minusSeconds(1));
            assertInstanceOf(Claim.Replay.class, store.claim("k1", fp));
            clock.advance(Duration.ofSeconds(1));
            execute("k1");
        }

        @Test
        void fullStoreRefusesNewKeysButKeepsLiveOnes() {
            execute("a");
            execute("b");
            execute("c");
            assertInstanceOf(Claim.Full.class, store.claim("d", fp));
            assertEquals(3, store.size());
            assertInstanceOf(Claim.InProgress.class, store.claim("a", fp)); // "a" was not evicted to make room
        }

        @Test
        void expiredKeysMakeRoomForNewOnes() {
            execute("a");
            execute("b");
            execute("c");
            clock.advance(TTL);
            execute("d");
            assertEquals(1, store.size());
        }

        @Test
        void rejectsNonPositiveLimits() {
            var e = assertThrows(IllegalArgumentException.class, () -> new IdempotencyStore(0, TTL, clock));
            assertEquals("maxEntries must be at least 1, not 0", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new IdempotencyStore(1, Duration.ZERO, clock));
        }

        @Test
        void aStoreOfOneKeyHoldsOneKey() {
            IdempotencyStore one = new IdempotencyStore(1, TTL, clock);
            assertInstanceOf(Claim.Execute.class, one.claim("a", fp));
            assertInstanceOf(Claim.Full.class, one.claim("b", fp));
        }
    }

    @Nested
    class Fingerprints {
        @Test
        void differsByMethodPathAndBody() {
            byte[] body = "x".getBytes(StandardCharsets.UTF_8);
            String base = RequestFingerprint.of("POST", "/a", body);
            assertNotEquals(base, RequestFingerprint.of("PUT", "/a", body));
            assertNotEquals(base, RequestFingerprint.of("POST", "/b", body));
            assertNotEquals(base, RequestFingerprint.of("POST", "/a", new byte[0]));
            assertTrue(base.matches("[0-9a-f]{64}"));
        }
    }
}
