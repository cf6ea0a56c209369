package book.ch03.reliable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import book.ch03.reliable.MalformedSegmentException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SegmentTest {

    private static Reason reasonFor(byte[] datagram) {
        return assertThrows(MalformedSegmentException.class, () -> Segment.decode(datagram, datagram.length)).reason();
    }

    @Nested
    class RoundTrip {
        @Test
        void dataAndAckDecodeToWhatWasEncoded() throws Exception {
            byte[] wire = Segment.data(7, "hello".getBytes(StandardCharsets.UTF_8)).encode();
            Segment back = Segment.decode(wire, wire.length);
            assertEquals(Segment.Type.DATA, back.type());
            assertEquals(7, back.seq());
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), back.payload());
            byte[] ack = Segment.ack(8, 0b101L).encode();
            Segment a = Segment.decode(ack, ack.length);
            assertEquals(8, a.seq());
            assertEquals(0b101L, a.sack());
        }

        @Test
        void aFullPayloadAndAFinDecodeToWhatWasEncoded() throws Exception {
            byte[] full = new byte[Segment.MAX_PAYLOAD];
            Arrays.fill(full, (byte) 7);
            byte[] wire = Segment.data(1, full).encode();
            assertEquals(Segment.HEADER_BYTES + Segment.MAX_PAYLOAD, wire.length);
            assertArrayEquals(full, Segment.decode(wire, wire.length).payload());
            byte[] fin = Segment.fin(9).encode();
            Segment f = Segment.decode(fin, fin.length);
            assertEquals(Segment.Type.FIN, f.type());
            assertEquals(9, f.seq());
        }

        @Test
        void refusesToBuildASegmentOverTheMaximumPayload() {
            var e = assertThrows(IllegalArgumentException.class, () -> Segment.data(1, new byte[Segment.MAX_PAYLOAD + 1]));
            assertEquals("DATA segment cannot carry 1201 bytes", e.getMessage());
        }
    }

    @Nested
    class Garbage {
        @Test
        void shortDatagramIsTooShort() {
            var e = assertThrows(MalformedSegmentException.class, () -> Segment.decode(new byte[3], 3));
            assertEquals("datagram of 3 bytes is shorter than the 24-byte header", e.getMessage());
        }

        @Test
        void foreignDatagramHasBadMagic() {
            assertEquals(Reason.BAD_MAGIC, reasonFor("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        }

        @Test
        void sizeThatDisagreesWithTheHeaderIsBadLength() {
            byte[] wire = Segment.data(1, new byte[100]).encode();
            assertEquals(Reason.BAD_LENGTH, reasonFor(Arrays.copyOf(wire, wire.length - 1)));
            assertEquals(Reason.BAD_LENGTH, reasonFor(Arrays.copyOf(wire, wire.length + 1)));
        }

        @Test
        void everyFlippedBitAfterTheMagicIsCaught() {
            byte[] wire = Segment.data(1, new byte[32]).encode();
            for (int i = 4; i < wire.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bad = wire.clone();
                    bad[i] ^= (byte) (1 << bit);
                    Reason r = reasonFor(bad);
                    int at = i;
                    org.junit.jupiter.api.Assertions.assertTrue(r == Reason.BAD_CHECKSUM || r == Reason.BAD_LENGTH,
                            "flip at " + at + " gave " + r);
                }
            }
        }
    }
}
