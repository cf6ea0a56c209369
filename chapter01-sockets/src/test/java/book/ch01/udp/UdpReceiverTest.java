package book.ch01.udp;

import book.ch01.time.Sleeper;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class UdpReceiverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void stopsByItselfWhenEveryDatagramHasArrived() throws Exception {
        try (var receiver = UdpReceiver.start(0, Duration.ofSeconds(30), InstantSource.system());
                var sender = new UdpSender(receiver.address().getPort(), 100, 50, InstantSource.system())) {
            sender.sendAll(Duration.ZERO, Sleeper.REAL);

            assertTrue(receiver.awaitDone(WAIT));
            assertTrue(receiver.report().complete());
            assertEquals(0.0, receiver.report().lossRate());
        }
    }

    @Test
    void stopsAfterTheIdleTimeoutWhenTheRestNeverCome() throws Exception {
        try (var receiver = UdpReceiver.start(0, Duration.ofSeconds(1), InstantSource.system());
                var sender = new UdpSender(receiver.address().getPort(), 100, 10, InstantSource.system())) {
            for (int sequence = 0; sequence < 6; sequence++) { // 6, 7, 8 and 9 are "lost"
                sender.send(sequence);
            }

            assertTrue(receiver.awaitDone(WAIT));
            assertEquals(0.4, receiver.report().lossRate(), 1e-12);
        }
    }

    @Test
    void countsAForeignDatagramAsMalformedAndKeepsReceiving() throws Exception {
        try (var receiver = UdpReceiver.start(0, Duration.ofSeconds(30), InstantSource.system());
                var sender = new UdpSender(receiver.address().getPort(), 100, 1, InstantSource.system());
                var stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            stranger.send(new DatagramPacket(new byte[5], 5, receiver.address()));
            sender.send(0);

            assertTrue(receiver.awaitDone(WAIT));
            assertEquals(1, receiver.report().malformed());
            assertTrue(receiver.report().complete());
        }
    }

    @Test
    void sendingToAPortNobodyListensOnDoesNotFail() throws IOException {
        int freePort;
        try (var probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            freePort = probe.getLocalPort();
        }
        try (var sender = new UdpSender(freePort, 100, 3, InstantSource.system())) {
            sender.send(0); // no exception: an unconnected UDP socket never hears "port unreachable"
            sender.send(1);
            assertEquals(3, sender.total());
        }
    }
}
