package book.ch05.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.detect.FixedTimeoutDetector;
import book.ch05.replica.Eventually;
import book.ch05.time.Sleeper;
import book.ch05.time.Ticker;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sender and a monitor on 127.0.0.1, in real time (the lesson is real silence), every wait
 * bounded: beats keep the peer available, a hung sender is suspected, and over TCP an exited
 * peer is seen at once.
 */
@Timeout(30)
class HeartbeatOnLoopbackTest {

    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration TIMEOUT = Duration.ofMillis(300);


    interface SenderFactory {
        HeartbeatSender start(InetSocketAddress target) throws IOException;
    }

    /**
     * Beats keep the peer available; a paused sender stops sending and is suspected; its next
     * beat clears the suspicion. (Exactly when the suspicion starts is the detector's business,
     * pinned to the nanosecond by {@code FixedTimeoutDetectorTest} with a hand-driven ticker;
     * here, on a loaded machine, a starved sender may already look late before the pause.)
     */
    private static void hungPeerIsSuspectedAndForgivenWhenItBeatsAgain(HeartbeatMonitor monitor,
                                                                      SenderFactory factory) throws Exception {
        try (monitor; HeartbeatSender sender = factory.start(monitor.address())) {
            Eventually.await("five beats", () -> monitor.beats() >= 5);
            assertTrue(monitor.detector().isMonitoring());
            sender.pause();
            long sentAtPause = sender.sent();
            Eventually.await("suspected", () -> !monitor.detector().isAvailable());
            Thread.sleep(3 * INTERVAL.toMillis());
            assertTrue(sender.sent() - sentAtPause <= 1, "a paused sender sends nothing (one may have been under way)");
            sender.resume();
            Eventually.await("available again", () -> monitor.detector().isAvailable());
            assertNull(sender.failure());
        }
    }

    @Nested
    class OverUdp {
        @Test
        void aHungPeerIsSuspectedAndForgivenWhenItBeatsAgain() throws Exception {
            hungPeerIsSuspectedAndForgivenWhenItBeatsAgain(
                    HeartbeatMonitor.udp(new FixedTimeoutDetector(TIMEOUT, Ticker.system())),
                    target -> HeartbeatSender.udp(target, INTERVAL, Sleeper.system()));
        }

        @Test
        void countsTheBeatsLostOnTheWayAndIgnoresWhatIsNotABeat() throws Exception {
            try (HeartbeatMonitor monitor = HeartbeatMonitor.udp(new FixedTimeoutDetector(TIMEOUT, Ticker.system()));
                 DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                for (long seq : new long[] {0, 1, 5, 3, 6}) { // 2, 3, 4 missing when 5 arrives; 3 comes late
                    byte[] beat = ByteBuffer.allocate(8).putLong(seq).array();
                    peer.send(new DatagramPacket(beat, beat.length, monitor.address()));
                }
                peer.send(new DatagramPacket(new byte[3], 3, monitor.address()));
                Eventually.await("five beats", () -> monitor.beats() == 5);
                assertEquals(3, monitor.lost());
                assertFalse(monitor.peerClosed(), "UDP has no connection to close");
            }
        }
    }

    @Nested
    class OverTcp {
        @Test
        void aHungPeerIsSuspectedAndForgivenWhenItBeatsAgain() throws Exception {
            hungPeerIsSuspectedAndForgivenWhenItBeatsAgain(
                    HeartbeatMonitor.tcp(new FixedTimeoutDetector(TIMEOUT, Ticker.system())),
                    target -> HeartbeatSender.tcp(target, INTERVAL, Duration.ofSeconds(2), Sleeper.system()));
        }

        @Test
        void aPeerThatExitsIsSeenAtOnceByItsClosedConnection() throws Exception {
            try (HeartbeatMonitor monitor = HeartbeatMonitor.tcp(new FixedTimeoutDetector(Duration.ofMinutes(5),
                    Ticker.system()))) {
                HeartbeatSender sender = HeartbeatSender.tcp(monitor.address(), INTERVAL, Duration.ofSeconds(2),
                        Sleeper.system());
                Eventually.await("beats", () -> monitor.beats() >= 2);
                assertFalse(monitor.peerClosed());
                sender.close(); // what the kernel does for an exiting process: FIN
                Eventually.await("end of stream seen", monitor::peerClosed);
                assertTrue(monitor.detector().isAvailable(), "the 5 min timeout alone would wait 5 min");
                assertEquals(0, monitor.lost(), "TCP loses no beat");
            }
        }

        @Test
        void aSenderWhoseConnectionBreaksStopsAndSaysWhy() throws Exception {
            HeartbeatMonitor monitor = HeartbeatMonitor.tcp(new FixedTimeoutDetector(TIMEOUT, Ticker.system()));
            try (HeartbeatSender sender = HeartbeatSender.tcp(monitor.address(), INTERVAL, Duration.ofSeconds(2),
                    Sleeper.system())) {
                Eventually.await("beats", () -> monitor.beats() >= 2);
                monitor.close(); // the monitor's side goes away: writes fail with a reset or broken pipe
                Eventually.await("the sender notices", () -> sender.failure() != null);
                long sent = sender.sent();
                Thread.sleep(INTERVAL.toMillis() * 3);
                assertEquals(sent, sender.sent(), "no beat after the failure");
            }
        }
    }

    @Nested
    class Configuration {
        @Test
        void refusesAnIntervalOutsideOneMillisecondToOneHour() {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
            assertEquals("interval must be in 1ms..1h, not PT0S", assertThrows(IllegalArgumentException.class,
                    () -> HeartbeatSender.udp(target, Duration.ZERO, Sleeper.system())).getMessage());
            assertEquals("interval must be in 1ms..1h, not PT1H0.001S", assertThrows(IllegalArgumentException.class,
                    () -> HeartbeatSender.tcp(target, Duration.ofMillis(3_600_001), Duration.ofSeconds(1),
                            Sleeper.system())).getMessage());
            assertEquals("interval must be in 1ms..1h, not null", assertThrows(IllegalArgumentException.class,
                    () -> HeartbeatSender.udp(target, null, Sleeper.system())).getMessage());
        }
    }
}
