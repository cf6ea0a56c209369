package book.ch05.replica;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The effects that requests had: one charge per non-idempotent request, unless it carries an
 * idempotency key that was seen before, in which case the first answer is replayed and no new
 * effect happens. Several replicas share one ledger, as replicas of a real service share a
 * database; that is what makes it safe to move a keyed request to another replica.
 *
 * <p>Keys are scoped per client (the {@code X-Client-Id} header), as payment APIs do: two
 * clients that happen to choose the same key are two different requests.
 */
public final class Ledger {

    private final ConcurrentHashMap<String, String> answers = new ConcurrentHashMap<>();
    private final LedgerJournal journal; // null: this process's memory only
    private final AtomicLong effects = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();

    /** What applying one request did. */
    public record Outcome(String answer, boolean replayed) {}

    /**
     * Applies one effect for {@code replica}; with a key already applied (by any replica
     * sharing this ledger), replays the first answer instead.
     *
     * @param client the client's id, scoping the key
     * @param key    the idempotency key, or {@code null}: every such request is a new effect
     */
    public Outcome apply(String client, String key, String replica) {
        return apply(client, key, null, replica);
    }

    /**
     * As {@link #apply(String, String, String)}, recording the request's id (the {@code X-Request-Id}
     * header) beside the effect when the ledger is a shared journal, so an audit can count the
     * effects one logical request had.
     */
    public Outcome apply(String client, String key, String requestId, String replica) {
        if (journal != null) {
            String[] done = journal.apply(client, key, requestId, replica);
            boolean replayed = done[1].equals("replayed");
            (replayed ? replays : effects).incrementAndGet();
            return new Outcome(done[0], replayed);
        }
        if (key == null) {
            return new Outcome(newEffect(replica), false);
        }
        boolean[] fresh = {false};
        String answer = answers.computeIfAbsent(client + '\u0000' + key, k -> {
            fresh[0] = true;
            return newEffect(replica);
        });
        if (!fresh[0]) {
            replays.incrementAndGet();
        }
        return new Outcome(answer, !fresh[0]);
    }

    /** A ledger in this process's memory: replicas in one process share it by sharing the object. */
    public Ledger() {
        this.journal = null;
    }

    private Ledger(LedgerJournal journal) {
        this.journal = journal;
    }

    /**
     * A ledger in an append-only file shared by replicas that are separate processes; see
     * {@link LedgerJournal}. Its {@link #effects()} and {@link #replays()} count this process's share.
     */
    public static Ledger journal(java.nio.file.Path file) throws java.io.IOException {
        return new Ledger(new LedgerJournal(file));
    }

    private String newEffect(String replica) {
        return "effect " + effects.incrementAndGet() + " by " + replica;
    }

    /** How many effects really happened: the figure that must not exceed the requests a client meant. */
    public long effects() {
        return effects.get();
    }

    /** How many keyed requests were answered from the ledger instead of acting again. */
    public long replays() {
        return replays.get();
    }
}
