package book.ch01.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryStatsTest {

    private static DeliveryReport arrivals(long total, long... sequences) throws MalformedDatagramException {
        DeliveryStats stats = new DeliveryStats();
        for (long sequence : sequences) {
            stats.record(new SequencedDatagram(sequence, total, 1_000), 1_050);
        }
        return stats.report();
    }

    @Test
    void countsLossDuplicatesAndReorderingFromSequenceNumbers() throws MalformedDatagramException {
        // 3 and 5 never arrive, 1 is overtaken by 2, 2 arrives twice
        DeliveryReport report = arrivals(6, 0, 2, 1, 2, 4);

        assertEquals(6, report.expected());
        assertEquals(4, report.unique());
        assertEquals(5, report.arrivals());
        assertEquals(1, report.duplicates());
        assertEquals(1, report.reordered());
        assertEquals(1 - 4.0 / 6, report.lossRate(), 1e-12);
    }

    @Test
    void aLateCopyIsADuplicateNotAReordering() throws MalformedDatagramException {
        DeliveryReport report = arrivals(3, 0, 1, 2, 0);

        assertEquals(1, report.duplicates());
        assertEquals(0, report.reordered());
        assertEquals(0.0, report.lossRate());
    }

    @Test
    void lossAtTheTailIsCountedBecauseEveryDatagramCarriesTheTotal() throws MalformedDatagramException {
        assertEquals(0.5, arrivals(4, 0, 1).lossRate());
    }

    @Test
    void measuresTheMeanTransitTimeFromTheSendTimestamps() throws MalformedDatagramException {
        assertEquals(Duration.ofNanos(50_000), arrivals(2, 0, 1).meanTransit());
    }

    @Test
    void rejectsADatagramThatContradictsTheTotal() throws MalformedDatagramException {
        DeliveryStats stats = new DeliveryStats();
        stats.record(new SequencedDatagram(0, 10, 0), 0);

        var e = assertThrows(MalformedDatagramException.class,
                () -> stats.record(new SequencedDatagram(1, 20, 0), 0));

        assertEquals("datagram 1 says the total is 20, earlier ones said 10", e.getMessage());
    }
}
