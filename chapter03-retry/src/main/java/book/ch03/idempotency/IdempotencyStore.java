package book.ch03.idempotency;

import book.ch03.retry.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The server's memory of idempotency keys: which keys it has seen, for which request, and
 * the response it gave. A key is claimed <em>before</em> the work starts, so a second request
 * with the same key, even one arriving while the first is still running, can never run the
 * work again.
 *
 * <p>Bounded two ways: entries expire {@code ttl} after they were claimed (Stripe keeps keys
 * for at least 24 hours), and at most {@code maxEntries} live at once. A full store refuses new
 * keys ({@link Claim.Full}, answered with 503) rather than forgetting a live one: forgetting a
 * key early is exactly how a retry becomes a second charge.
 *
 * <p>Unit "idempotency-store" (with {@code StoredResponse} and {@code Ticker}: the TTL is
 * elapsed time, on a monotonic ticker, so a wall clock stepped back keeps no key longer). The key passed in should already
 * be scoped per client (see {@code IdempotentHandler.scoped}).
 * Specified by: IdempotencyStoreTest
 */
public final class IdempotencyStore {

    /** What the caller must do with a request, decided atomically per key. */
    public sealed interface Claim {
        /** The key is new: do the work, then {@link #complete} (or {@link #abandon} on failure). */
        record Execute(Ticket ticket) implements Claim { }
        /** The key was used for this same request: send the stored response again. */
        record Replay(StoredResponse response) implements Claim { }
        /** The first request with this key is still running. */
        record InProgress() implements Claim { }
        /** The key was used for a different request. */
        record Mismatch() implements Claim { }
        /** No room for another key until older ones expire. */
        record Full() implements Claim { }
    }

    /** Proof that the holder claimed a key; completing or abandoning needs it. */
    public record Ticket(String key, Entry entry) { }

    /** One key's state; {@code response} is null while the first request is running. */
    public static final class Entry {
        final String fingerprint;
        final long claimedAtNanos;
        final long ttlNanos;
        volatile StoredResponse response;

        Entry(String fingerprint, long claimedAtNanos, long ttlNanos) {
            this.fingerprint = fingerprint;
            this.claimedAtNanos = claimedAtNanos;
            this.ttlNanos = ttlNanos;
        }

        /** Elapsed against the TTL: no time plus duration, so no overflow and no wall-clock step. */
        boolean expiredAt(long nowNanos) {
            return nowNanos - claimedAtNanos >= ttlNanos;
        }
    }

    private record Node(String key, Entry entry) { }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    // Insertion order is expiry order (one TTL for all), so expired entries are always at the head.
    private final ConcurrentLinkedQueue<Node> order = new ConcurrentLinkedQueue<>();
    private final int maxEntries;
    private final long ttlNanos;
    private final Ticker ticker;

    /** @param ticker the monotonic time the TTL runs on ({@code Ticker.system()}); never the wall clock */
    public IdempotencyStore(int maxEntries, Duration ttl, Ticker ticker) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, not " + ttl);
        }
        this.maxEntries = maxEntries;
        this.ttlNanos = ttl.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : ttl.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    // tag::claim[]
    public Claim claim(String key, String fingerprint) {
        long now = ticker.nanoTime();
        Entry current = entries.get(key); // a retry of a known key needs only this lock-free read
        if (current == null || current.expiredAt(now)) {
            Entry mine = new Entry(fingerprint, now, ttlNanos);
            // compute() is atomic per key: of two concurrent first requests exactly one installs its entry.
            current = entries.compute(key, (k, old) -> old == null || old.expiredAt(now) ? mine : old);
            if (current == mine) {
                order.add(new Node(key, mine));
                purgeExpired(now);
                if (entries.size() > maxEntries) {
                    entries.remove(key, mine);
                    return new Claim.Full();
                }
                return new Claim.Execute(new Ticket(key, mine));
            }
        }
        if (!current.fingerprint.equals(fingerprint)) {
            return new Claim.Mismatch();
        }
        StoredResponse stored = current.response;
        return stored == null ? new Claim.InProgress() : new Claim.Replay(stored);
    }
    // end::claim[]

    /** Records the response of a claimed key; every later request with the key replays it. */
    public void complete(Ticket ticket, StoredResponse response) {
        ticket.entry().response = Objects.requireNonNull(response, "response");
    }

    /**
     * Forgets a claimed key whose work failed before it took effect, so that a retry can run it.
     * Call it only when the work certainly did not happen (it threw before committing).
     */
    public void abandon(Ticket ticket) {
        entries.remove(ticket.key(), ticket.entry());
    }

    /** The number of keys held, expired ones not yet purged included. */
    public int size() {
        return entries.size();
    }

    private void purgeExpired(long now) {
        for (Node head; (head = order.peek()) != null; ) {
            boolean stale = entries.get(head.key()) != head.entry(); // replaced or abandoned
            if (!stale && !head.entry().expiredAt(now)) {
                return;
            }
            if (order.remove(head)) {
                entries.remove(head.key(), head.entry());
            }
        }
    }
}
