package book.ch03.bench;

import book.ch03.idempotency.IdempotencyStore;
import book.ch03.idempotency.RequestFingerprint;
import book.ch03.idempotency.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import book.ch03.retry.Ticker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/*
 * The question: what does remembering idempotency keys cost a server per request, when four
 * threads hit the store at once, next to a bare ConcurrentHashMap get/put in the same run?
 * Two paths matter: the replay (a retry whose key is known: a lookup) and the claim of a new
 * key (an insert, plus expiry bookkeeping).
 *
 * Run: mvn -q -Pbench -pl chapter03-retry verify -Djmh.include=IdempotencyStoreBenchmark
 * Expect: the store's replay within a small factor of the map's get; the single-lock store
 * far behind both once four threads contend.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(4)
@State(Scope.Benchmark)
public class IdempotencyStoreBenchmark {

    private static final int KEYS = 1 << 20; // a power of two, so that "& MASK" wraps the pool
    private static final int MASK = KEYS - 1;
    private static final int KNOWN = 1 << 12;

    private String[] keys;
    private String fingerprint;
    private final ConcurrentHashMap<String, StoredResponse> map = new ConcurrentHashMap<>();
    // 50 ms TTL: a key comes round again only after ~10^6 claims, by which time it has expired,
    // so every claim below is a real insert, and the store holds a bounded number of entries.
    private final IdempotencyStore store = new IdempotencyStore(4 << 20, Duration.ofMillis(50), Ticker.system());
    private final IdempotencyStore replayStore = new IdempotencyStore(KNOWN * 2, Duration.ofHours(24), Ticker.system());
    private final LockedStore locked = new LockedStore();
    private StoredResponse response;

    @State(Scope.Thread)
    public static class Cursor {
        int next = (int) (Thread.currentThread().threadId() * 7919);
    }

    @Setup
    public void setup() {
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = UUID.randomUUID().toString();
        }
        fingerprint = RequestFingerprint.of("POST", "/charges", "amount=1000".getBytes(StandardCharsets.UTF_8));
        response = new StoredResponse(201, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < KNOWN; i++) {
            map.put(keys[i], response);
            if (replayStore.claim(keys[i], fingerprint) instanceof IdempotencyStore.Claim.Execute e) {
                replayStore.complete(e.ticket(), response);
            }
            locked.claim(keys[i], fingerprint);
        }
    }

    // Baseline: the cheapest possible "have I seen this key?" on a concurrent map.
    @Benchmark
    public Object baselineMapGet(Cursor c) {
        return map.get(keys[c.next++ & (KNOWN - 1)]);
    }

    // Baseline: the cheapest possible insert.
    @Benchmark
    public Object baselineMapPut(Cursor c) {
        return map.put(keys[c.next++ & MASK], response);
    }

    // Right way, replay: a lookup plus a fingerprint comparison; close to the map's get.
    @Benchmark
    public Object storeReplay(Cursor c) {
        return replayStore.claim(keys[c.next++ & (KNOWN - 1)], fingerprint);
    }

    // Right way, new key: an atomic per-key claim plus expiry bookkeeping; a few map puts' worth.
    @Benchmark
    public Object storeClaimNewKey(Cursor c) {
        return store.claim(keys[c.next++ & MASK], fingerprint);
    }

    // Wrong way: one lock around a LinkedHashMap; every request in the server queues on it.
    @Benchmark
    public Object lockedStoreReplay(Cursor c) {
        return locked.claim(keys[c.next++ & (KNOWN - 1)], fingerprint);
    }

    /** The naive store: correct, bounded, and serialised behind one monitor. */
    static final class LockedStore {
        private final Map<String, String> entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > KNOWN * 2;
            }
        };

        synchronized Object claim(String key, String fingerprint) {
            Instant now = Instant.now(); // as the real store reads its clock on every claim
            String seen = entries.putIfAbsent(key, fingerprint);
            return seen == null ? now : seen.equals(fingerprint);
        }
    }
}
