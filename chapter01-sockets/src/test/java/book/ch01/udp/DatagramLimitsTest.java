package book.ch01.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the size of a datagram can and cannot be, on a real loopback socket pair. */
class DatagramLimitsTest {

    private DatagramSocket sender;
    private DatagramSocket receiver;

    @BeforeEach
    void open() throws IOException {
        var loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        sender = new DatagramSocket(loopback);
        receiver = new DatagramSocket(loopback);
        receiver.setSoTimeout(5_000);
        receiver.setReceiveBufferSize(UdpReceiver.RECEIVE_BUFFER_BYTES);
    }

    @AfterEach
    void close() {
        sender.close();
        receiver.close();
    }

    private void send(byte[] payload) throws IOException {
        sender.send(new DatagramPacket(payload, payload.length, receiver.getLocalSocketAddress()));
    }

    private static byte[] numbered(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) i;
        }
        return payload;
    }

    @Nested
    class SizeLimit {

        @Test
        void theLargestIpv4DatagramArrivesWhole() throws IOException {
            send(numbered(SequencedDatagram.MAX_IPV4_PAYLOAD));
            DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);

            receiver.receive(packet);

            assertEquals(65_507, packet.getLength());
            assertArrayEquals(numbered(65_507), Arrays.copyOf(packet.getData(), packet.getLength()));
        }

        // tag::too-large-test[]
        @Test
        void oneByteMoreIsRefusedBySendNotLostOnTheWay() {
            byte[] tooLarge = new byte[SequencedDatagram.MAX_IPV4_PAYLOAD + 1];

            var e = assertThrows(SocketException.class, () -> send(tooLarge));

            assertEquals("Message too long", e.getMessage());
        }
        // end::too-large-test[]
    }

    @Nested
    class Truncation {

        // tag::truncation-test[]
        @Test
        void aBufferSmallerThanTheDatagramSilentlyCutsItShort() throws IOException {
            send(numbered(1_000));
            send(numbered(10));
            DatagramPacket small = new DatagramPacket(new byte[100], 100);

            receiver.receive(small);
            assertEquals(100, small.getLength(), "no exception, no flag: just 100 of 1,000 bytes");
            assertArrayEquals(numbered(100), Arrays.copyOf(small.getData(), 100));

            receiver.receive(small);
            assertEquals(10, small.getLength(), "the other 900 bytes are gone: the next read is the next datagram");
        }
        // end::truncation-test[]

        @Test
        void aReusedPacketStillReceivesIntoItsWholeBuffer() throws IOException {
            send(numbered(10));
            send(numbered(50));
            DatagramPacket packet = new DatagramPacket(new byte[100], 100);

            receiver.receive(packet);
            assertEquals(10, packet.getLength());
            receiver.receive(packet); // getLength() said 10, yet the JDK receives into all 100 bytes

            assertEquals(50, packet.getLength());
        }
    }
}
