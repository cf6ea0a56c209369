package book.ch05.replica;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ledger shared by replicas that are separate processes, as replicas of a real service share
 * a database: one append-only file, each effect one line, written under an exclusive file lock
 * and forced to disk before the replica answers. Under the lock a replica first reads the lines
 * the others appended since it last looked, so a key applied by any replica is seen by all.
 *
 * <p>Line format (tab-separated): {@code effect N  client  key  request-id  replica}, with
 * {@code -} for a missing key or request id. The request id is not used to deduplicate (that is
 * the idempotency key's job); it is recorded so that whoever reads the journal afterwards can
 * count the effects one logical request had, which is how the capstone counts duplicates.
 */
public final class LedgerJournal implements AutoCloseable {

    /** One effect as the journal recorded it. */
    public record Entry(long number, String client, String key, String requestId, String replica) {}

    private final FileChannel channel;
    private final Map<String, String> answers = new HashMap<>();
    private long indexedBytes;
    private long effects;

    LedgerJournal(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** Applies or replays one request; {@code [answer, "replayed"|"new"]}. */
    @SuppressWarnings("try") // the try holds the file lock; the body never reads it
    synchronized String[] apply(String client, String key, String requestId, String replica) {
        try (FileLock ignored = channel.lock()) {
            catchUp();
            String scoped = key == null ? null : client + '\u0000' + key;
            if (scoped != null && answers.containsKey(scoped)) {
                return new String[] {answers.get(scoped), "replayed"};
            }
            long n = effects + 1;
            String line = String.join("\t", "effect", Long.toString(n), client, dash(key), dash(requestId), replica) + "\n";
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            long at = channel.size();
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
            channel.force(false); // the effect is durable before anyone is told it happened
            catchUp();
            return new String[] {answer(n, replica), "new"};
        } catch (IOException e) {
            throw new UncheckedIOException("ledger journal failed", e);
        }
    }

    @SuppressWarnings("try") // the try holds the file lock; the body never reads it
    synchronized long effects() {
        try (FileLock ignored = channel.lock()) {
            catchUp();
            return effects;
        } catch (IOException e) {
            throw new UncheckedIOException("ledger journal failed", e);
        }
    }

    /** Reads the lines appended since the last look (by this or another process); caller holds the lock. */
    private void catchUp() throws IOException {
        long size = channel.size();
        if (size == indexedBytes) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) (size - indexedBytes)); // under the lock: whole lines only
        while (buffer.hasRemaining() && channel.read(buffer, indexedBytes + buffer.position()) >= 0) {
            // read until the buffer is full
        }
        indexedBytes = size;
        for (String line : new String(buffer.array(), StandardCharsets.UTF_8).split("\n")) {
            Entry e = parse(line);
            if (e != null) {
                effects = Math.max(effects, e.number());
                if (e.key() != null) {
                    answers.putIfAbsent(e.client() + '\u0000' + e.key(), answer(e.number(), e.replica()));
                }
            }
        }
    }

    /** Every entry of a journal file, for those who audit it afterwards. */
    public static List<Entry> read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Entry e = parse(line);
            if (e != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static Entry parse(String line) {
        String[] f = line.split("\t");
        if (f.length != 6 || !f[0].equals("effect")) {
            return null;
        }
        return new Entry(Long.parseLong(f[1]), f[2], undash(f[3]), undash(f[4]), f[5]);
    }

    private static String answer(long n, String replica) {
        return "effect " + n + " by " + replica;
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s.replaceAll("[\\t\\n\\r]", "_");
    }

    private static String undash(String s) {
        return s.equals("-") ? null : s;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
