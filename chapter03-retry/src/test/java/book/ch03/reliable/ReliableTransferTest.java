package book.ch03.reliable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.reliable.MalformedSegmentException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReliableTransferTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @Nested
    class OverALossyNetwork {
        @ParameterizedTest(name = "loss {0}")
        @ValueSource(doubles = {0.0, 0.1, 0.3})
        void deliversTheStreamExactlyOnceAndInOrder(double loss) throws Exception {
            byte[] data = randomBytes(150_000, 42);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (ReliableReceiver receiver = new ReliableReceiver(sink, 32);
                 LossyRelay relay = new LossyRelay(receiver.address(), new LossyRelay.Impairments(loss, 0.05, 0.05), 7);
                 ReliableSender sender = new ReliableSender(new InetSocketAddress(LOOPBACK, relay.port()), ReliableSender.DEFAULTS)) {
                ReliableSender.Report report = sender.send(data);
                assertTrue(receiver.awaitFinished(10, TimeUnit.SECONDS));
                assertArrayEquals(sha256(data), sha256(sink.toByteArray()));
                assertEquals(data.length, receiver.deliveredBytes(), "each byte delivered once");
                assertEquals(148, report.segments()); // 147 data segments and the FIN
                if (loss == 0) {
                    assertTrue(report.rttSamples() > 0);
                } else {
                    assertTrue(report.transmissions() > report.segments(), "losses were repaired by retransmission");
                    assertTrue(relay.dropped() > 0);
                }
            }
        }
    }

    @Nested
    class BadInput {
        @Test
        void garbageDatagramsAreCountedAndDroppedNeverDelivered() throws Exception {
            byte[] data = randomBytes(20_000, 3);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (ReliableReceiver receiver = new ReliableReceiver(sink, 32);
                 DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                 ReliableSender sender = new ReliableSender(receiver.address(), ReliableSender.DEFAULTS)) {
                byte[] good = Segment.data(0, "forged".getBytes()).encode();
                byte[] corrupt = good.clone();
                corrupt[good.length - 1] ^= 1;
                for (byte[] g : new byte[][] {new byte[5], "hello, receiver, are you there?".getBytes(), 
                        java.util.Arrays.copyOf(good, good.length + 3), corrupt}) {
                    stranger.send(new DatagramPacket(g, g.length, receiver.address()));
                }
                sender.send(data);
                assertTrue(receiver.awaitFinished(10, TimeUnit.SECONDS));
                assertArrayEquals(data, sink.toByteArray());
                assertEquals(1, receiver.garbage(Reason.TOO_SHORT));
                assertEquals(1, receiver.garbage(Reason.BAD_MAGIC));
                assertEquals(1, receiver.garbage(Reason.BAD_LENGTH));
                assertEquals(1, receiver.garbage(Reason.BAD_CHECKSUM));
            }
        }

        @Test
        void givesUpAfterTheConfiguredTimeoutsWhenNobodyAnswers() throws Exception {
            var quick = new ReliableSender.Config(8, 1024, new RtoEstimator.Config(Duration.ofMillis(5),
                    Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(1)), 3, Duration.ofSeconds(10));
            try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                 ReliableSender sender = new ReliableSender((InetSocketAddress) silent.getLocalSocketAddress(), quick)) {
                IOException e = assertThrows(IOException.class, () -> sender.send(new byte[5000]));
                assertEquals("peer unreachable: 3 retransmission timeouts in a row at segment 0 (RTO PT0.02S)", e.getMessage());
            }
        }
    }

    @Nested
    class KarnsRule {
        @Test
        void takesNoRttSampleWhenEverySegmentWasRetransmitted() throws Exception {
            byte[] data = randomBytes(4 * 1024, 5);
            var fast = new ReliableSender.Config(32, 1024, new RtoEstimator.Config(Duration.ofMillis(50),
                    Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(1)), 15, Duration.ofSeconds(10));
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (ReliableReceiver receiver = new ReliableReceiver(sink, 32);
                 FirstCopyDropper dropper = new FirstCopyDropper(receiver.address());
                 ReliableSender sender = new ReliableSender(new InetSocketAddress(LOOPBACK, dropper.port()), fast)) {
                ReliableSender.Report report = sender.send(data);
                assertTrue(receiver.awaitFinished(10, TimeUnit.SECONDS));
                assertArrayEquals(data, sink.toByteArray());
                assertEquals(0, report.rttSamples(), "every ACK answered a retransmitted segment");
                assertNull(report.srtt());
                assertTrue(report.transmissions() >= 2L * report.segments(), "each first copy was dropped");
            }
        }
    }

    /** The sender against a peer that answers with hand-written ACKs, in an order a relay could produce. */
    @Nested
    class Acknowledgements {
        /** An RTO far above any stall of a loaded machine: no timer fires, each segment goes out once. */
        private static ReliableSender.Config patient(int window) {
            return new ReliableSender.Config(window, 1024, new RtoEstimator.Config(Duration.ofSeconds(5),
                    Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMillis(1)), 3, Duration.ofSeconds(30));
        }

        @Test
        void aLateReorderedAckAcknowledgesNothingNewAndTakesNoRttSample() throws Exception {
            try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();
                 DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                 ReliableSender sender = new ReliableSender((InetSocketAddress) peer.getLocalSocketAddress(), patient(8))) {
                Future<ReliableSender.Report> transfer = thread.submit(() -> sender.send(new byte[5 * 1024]));
                List<Integer> seen = new ArrayList<>();
                SocketAddress from = receive(peer, 6, seen);   // 5 data segments and the FIN, all in flight
                ack(peer, from, Segment.ack(3, 0));             // new: 0, 1, 2; one sample, from segment 2
                ack(peer, from, Segment.ack(1, 0b1));           // late: sent when 2 arrived before 1, overtaken
                ack(peer, from, Segment.ack(6, 0));             // new: the rest; one sample, from the FIN
                ReliableSender.Report report = transfer.get(30, TimeUnit.SECONDS);
                assertEquals(List.of(0, 1, 2, 3, 4, 5), seen);
                assertEquals(6, report.transmissions(), "nothing was sent twice");
                assertEquals(2, report.rttSamples(), "the late ACK's SACK bit for segment 2 timed nothing");
            }
        }

        @Test
        void anAckBeyondWhatWasSentAcknowledgesOnlyWhatWasSent() throws Exception {
            try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();
                 DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                 ReliableSender sender = new ReliableSender((InetSocketAddress) peer.getLocalSocketAddress(), patient(2))) {
                Future<ReliableSender.Report> transfer = thread.submit(() -> sender.send(new byte[5 * 1024]));
                List<Integer> seen = new ArrayList<>();
                SocketAddress from = receive(peer, 2, seen);
                ack(peer, from, Segment.ack(6, 0));             // claims all six, when only 0 and 1 were sent
                receive(peer, 2, seen);
                ack(peer, from, Segment.ack(4, 0));
                receive(peer, 2, seen);
                ack(peer, from, Segment.ack(6, 0));
                ReliableSender.Report report = transfer.get(30, TimeUnit.SECONDS);
                assertEquals(List.of(0, 1, 2, 3, 4, 5), seen, "no segment was skipped");
                assertEquals(6, report.transmissions());
            }
        }

        /** Receives {@code n} segments, noting their numbers; returns where they came from. */
        private static SocketAddress receive(DatagramSocket peer, int n, List<Integer> seen) throws Exception {
            peer.setSoTimeout(10_000);
            byte[] buffer = new byte[Segment.HEADER_BYTES + Segment.MAX_PAYLOAD];
            SocketAddress from = null;
            for (int i = 0; i < n; i++) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                peer.receive(p);
                seen.add(Segment.decode(p.getData(), p.getLength()).seq());
                from = p.getSocketAddress();
            }
            return from;
        }

        private static void ack(DatagramSocket peer, SocketAddress to, Segment ack) throws IOException {
            byte[] datagram = ack.encode();
            peer.send(new DatagramPacket(datagram, datagram.length, to));
        }
    }

    /** Drops the first copy of every data segment and FIN, forwards everything else. */
    private static final class FirstCopyDropper implements AutoCloseable {
        private final DatagramSocket front = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        private final DatagramSocket back = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private volatile java.net.SocketAddress sender;

        FirstCopyDropper(InetSocketAddress receiver) throws IOException {
            back.connect(receiver);
            Set<Integer> seen = new HashSet<>();
            threads.submit(() -> relay(front, back, p -> {
                sender = p.getSocketAddress();
                Segment s = Segment.decode(p.getData(), p.getLength());
                return !seen.add(s.seq());
            }));
            threads.submit(() -> relay(back, front, p -> {
                p.setSocketAddress(sender);
                return true;
            }));
        }

        interface Rule {
            boolean forward(DatagramPacket p) throws Exception;
        }

        private Void relay(DatagramSocket in, DatagramSocket out, Rule rule) throws Exception {
            byte[] buffer = new byte[2048];
            while (!in.isClosed()) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    in.receive(p);
                } catch (IOException closed) {
                    return null;
                }
                if (rule.forward(p)) {
                    out.send(out == back ? new DatagramPacket(p.getData(), p.getLength()) : p); // back is connected
                }
            }
            return null;
        }

        int port() {
            return front.getLocalPort();
        }

        @Override
        public void close() {
            front.close();
            back.close();
            threads.close();
        }
    }
}
