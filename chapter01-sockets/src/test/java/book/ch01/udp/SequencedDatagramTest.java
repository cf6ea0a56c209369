package book.ch01.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SequencedDatagramTest {

    @Test
    void aDecodedDatagramEqualsTheEncodedOne() throws MalformedDatagramException {
        var original = new SequencedDatagram(41, 100, 1_700_000_000_123_456L);

        byte[] payload = original.encode(512);

        assertEquals(512, payload.length);
        assertEquals(original, SequencedDatagram.decode(payload, 0, payload.length));
    }

    @Test
    void rejectsADatagramShorterThanTheHeader() {
        var e = assertThrows(MalformedDatagramException.class,
                () -> SequencedDatagram.decode(new byte[3], 0, 3));
        assertEquals("datagram of 3 bytes is shorter than the 24-byte header", e.getMessage());
    }

    @Test
    void rejectsASequenceNumberOutsideTheAnnouncedTotal() {
        byte[] bogus = ByteBuffer.allocate(24).putLong(7).putLong(5).putLong(0).array();

        var e = assertThrows(MalformedDatagramException.class, () -> SequencedDatagram.decode(bogus, 0, 24));

        assertEquals("sequence 7 of total 5 is outside 0 <= sequence < total <= 10000000", e.getMessage());
    }

    @Test
    void refusesToEncodeMoreThanAnIpv4DatagramCanCarry() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SequencedDatagram(0, 1, 0).encode(65_508));
        assertEquals("size must be between 24 and 65507 bytes, not 65508", e.getMessage());
    }
}
