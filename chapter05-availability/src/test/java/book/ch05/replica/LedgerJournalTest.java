package book.ch05.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared ledger file: a key applied once is replayed, by whoever opens the journal next. */
class LedgerJournalTest {

    @TempDir
    Path dir;

    @Test
    void aKeyIsAppliedOnceAndReplayedEvenAfterTheJournalIsReopened() throws Exception {
        Path file = dir.resolve("ledger.journal");
        Ledger first = Ledger.journal(file);
        Ledger.Outcome charged = first.apply("alice", "k1", "req-1", "r1");
        assertFalse(charged.replayed());
        assertEquals("effect 1 by r1", charged.answer());
        assertTrue(first.apply("alice", "k1", "req-1", "r1").replayed());
        assertFalse(first.apply("bob", "k1", "req-2", "r1").replayed(), "keys are scoped per client");
        assertEquals("effect 3 by r1", first.apply("alice", null, "req-3", "r1").answer());
        // Another replica opens the same journal: it sees alice's key and continues the numbering.
        Ledger second = Ledger.journal(file);
        Ledger.Outcome again = second.apply("alice", "k1", "req-1", "r2");
        assertTrue(again.replayed());
        assertEquals("effect 1 by r1", again.answer());
        assertEquals("effect 4 by r2", second.apply("carol", "k9", "req-4", "r2").answer());
        List<LedgerJournal.Entry> entries = LedgerJournal.read(file);
        assertEquals(4, entries.size());
        assertEquals(new LedgerJournal.Entry(3, "alice", null, "req-3", "r1"), entries.get(2));
        assertEquals(4, Files.readAllLines(file).size());
    }
}
