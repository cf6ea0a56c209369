package book.ch03.reliable;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The sending end: splits a byte stream into numbered segments and keeps up to {@code window}
 * of them in flight. One retransmission timer, run as RFC 6298 says, covers the oldest
 * unacknowledged segment; when it expires that segment, and every other one not selectively
 * acknowledged, is sent again and the RTO doubles.
 * Selective ACKs let a hole be repaired early, without waiting for the timer: a segment is
 * lost once a transmission made three or more transmissions after its own has been
 * acknowledged (QUIC's packet threshold, RFC 9002, counted in transmissions so that a lost
 * repair is itself noticed and repaired). RTT samples come only from segments sent once (Karn's rule).
 * Bounded: it gives up after {@code maxConsecutiveTimeouts} timeouts in a row or at the deadline.
 */
public final class ReliableSender implements AutoCloseable {

    /**
     * @param window                 segments in flight at most (1 to 64)
     * @param payloadBytes           bytes per segment
     * @param rto                    the retransmission timer's settings
     * @param maxConsecutiveTimeouts timeouts in a row before the peer is declared gone (Linux: tcp_retries2 = 15)
     * @param deadline               the longest a transfer may take
     */
    public record Config(int window, int payloadBytes, RtoEstimator.Config rto, int maxConsecutiveTimeouts,
                         Duration deadline) {
        public Config {
            if (window < 1 || window > 64) {
                throw new IllegalArgumentException("window must be between 1 and 64, not " + window);
            }
            if (payloadBytes < 1 || payloadBytes > Segment.MAX_PAYLOAD) {
                throw new IllegalArgumentException("payloadBytes must be between 1 and " + Segment.MAX_PAYLOAD
                        + ", not " + payloadBytes);
            }
        }
    }

    /** 32 segments of 1 KiB in flight, the loopback timer, 15 timeouts in a row, one minute in all. */
    public static final Config DEFAULTS = new Config(32, 1024, RtoEstimator.LOOPBACK, 15, Duration.ofMinutes(1));

    /** Transmissions acknowledged after a segment's own that declare it lost (RFC 9002's kPacketThreshold). */
    static final int REORDER_THRESHOLD = 3;

    /**
     * What a transfer took.
     *
     * @param segments        segments in the stream, the FIN included
     * @param transmissions   segments put on the wire, retransmissions included
     * @param timeouts        retransmission timer expiries
     * @param fastRetransmits holes repaired from selective ACKs
     * @param rttSamples      RTT samples taken (none from retransmitted segments)
     * @param elapsed         wall time of the transfer
     * @param srtt            the final smoothed RTT (null if no sample)
     * @param rto             the final retransmission timeout
     */
    public record Report(int segments, long transmissions, long timeouts, long fastRetransmits, long rttSamples,
                         Duration elapsed, Duration srtt, Duration rto) {
        public double transmissionsPerSegment() {
            return (double) transmissions / segments;
        }
    }

    private final DatagramSocket socket;
    private final Config config;

    public ReliableSender(InetSocketAddress peer, Config config) throws IOException {
        this.config = config;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.connect(peer); // datagrams from anyone else are filtered by the kernel
    }

    public Report send(byte[] data) throws IOException, InterruptedException {
        return new Transfer(data).run();
    }

    /** The state of one transfer; used by one thread. */
    private final class Transfer {
        private final byte[] data;
        private final int total;             // data segments plus the FIN
        private final long[] sentAt;
        private final int[] sends;
        private final boolean[] sacked;
        private final long[] sentAs;         // the number of each segment's latest transmission
        private long largestAcked = -1;      // the highest transmission number known to have arrived
        private final RtoEstimator rto = new RtoEstimator(config.rto());
        private int base;                    // oldest unacknowledged
        private int next;                    // next never-sent
        private long timerDeadline = -1;     // nanoTime at which the timer fires; -1 when stopped
        private long transmissions;
        private long timeouts;
        private long fastRetransmits;
        private long samples;
        private int timeoutsInARow;

        Transfer(byte[] data) {
            this.data = data;
            this.total = (data.length + config.payloadBytes() - 1) / config.payloadBytes() + 1;
            sentAt = new long[total];
            sends = new int[total];
            sacked = new boolean[total];
            sentAs = new long[total];
        }

        Report run() throws IOException, InterruptedException {
            long start = System.nanoTime();
            long deadline = start + config.deadline().toNanos();
            byte[] buffer = new byte[Segment.HEADER_BYTES + Segment.MAX_PAYLOAD];
            while (base < total) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("transfer interrupted at segment " + base + " of " + total);
                }
                long now = System.nanoTime();
                if (now - deadline > 0) {
                    throw new IOException("transfer passed its " + config.deadline() + " deadline at segment "
                            + base + " of " + total);
                }
                while (next < total && next < base + config.window()) {
                    transmit(next++, now);
                }
                receiveOrTimeout(buffer, now);
            }
            return new Report(total, transmissions, timeouts, fastRetransmits, samples,
                    Duration.ofNanos(System.nanoTime() - start), rto.srtt(), rto.rto());
        }

        private void receiveOrTimeout(byte[] buffer, long now) throws IOException {
            long waitNanos = timerDeadline - now;
            if (waitNanos > 0) {
                socket.setSoTimeout((int) Math.max(1, (waitNanos + 999_999) / 1_000_000));
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                    Segment s = Segment.decode(p.getData(), p.getLength());
                    if (s.type() == Segment.Type.ACK) {
                        onAck(s, System.nanoTime());
                    }
                    return;
                } catch (SocketTimeoutException | PortUnreachableException e) {
                    // no ACK (an ICMP "port unreachable" is only a hint: the receiver may be restarting)
                } catch (MalformedSegmentException e) {
                    return; // not an ACK of ours: ignore it
                }
            }
            if (timerDeadline >= 0 && System.nanoTime() - timerDeadline >= 0) {
                onTimeout(System.nanoTime());
            }
        }

        // tag::on-ack[]
        private void onAck(Segment ack, long now) throws IOException {
            int cumulative = Math.min(ack.seq(), next); // nothing beyond what was sent can be acknowledged
            int newest = -1; // the highest segment this ACK newly acknowledges
            for (int i = 0; i < 64 && cumulative + 1 + i < next; i++) {
                int seq = cumulative + 1 + i;
                // seq < base: a late, reordered ACK; it acknowledges nothing new and times nothing
                if ((ack.sack() >>> i & 1) == 1 && seq >= base && !sacked[seq]) {
                    sacked[seq] = true;
                    newest = seq;
                    largestAcked = Math.max(largestAcked, sentAs[seq]);
                }
            }
            if (cumulative > base) {
                for (int seq = base; seq < cumulative; seq++) {
                    if (!sacked[seq]) { // acknowledged only now (a SACKed one was counted already)
                        newest = Math.max(newest, seq);
                        largestAcked = Math.max(largestAcked, sentAs[seq]);
                    }
                }
                base = cumulative;
                timeoutsInARow = 0;
                timerDeadline = base < next ? now + rto.rto().toNanos() : -1; // (5.3) restart, or (5.2) stop
            }
            if (newest >= 0 && sends[newest] == 1) { // Karn: a retransmitted segment's ACK is ambiguous
                rto.sample(Duration.ofNanos(now - sentAt[newest]));
                samples++;
            }
            repairHoles(now);
        }
        // end::on-ack[]

        /** Resends every segment that transmissions made well after its own have overtaken. */
        private void repairHoles(long now) throws IOException {
            for (int seq = base; seq < next; seq++) {
                if (!sacked[seq] && sentAs[seq] <= largestAcked - REORDER_THRESHOLD) {
                    fastRetransmits++;
                    transmit(seq, now);
                }
            }
        }

        // tag::on-timeout[]
        private void onTimeout(long now) throws IOException {
            timeouts++;
            if (++timeoutsInARow > config.maxConsecutiveTimeouts()) {
                throw new IOException("peer unreachable: " + config.maxConsecutiveTimeouts()
                        + " retransmission timeouts in a row at segment " + base + " (RTO " + rto.rto() + ")");
            }
            rto.backoff();                        // (5.5) double the RTO
            // (5.4) resend the earliest unacknowledged segment, and with it every segment not
            // selectively acknowledged: after a whole RTO of silence they are presumed lost. One
            // timeout per hole would stall the tail for seconds. Not TCP: no congestion window.
            for (int seq = base; seq < next; seq++) {
                if (!sacked[seq]) {
                    transmit(seq, now);
                }
            }
            timerDeadline = now + rto.rto().toNanos(); // (5.6) restart with the backed-off RTO
        }
        // end::on-timeout[]

        private void transmit(int seq, long now) throws IOException {
            byte[] datagram = segment(seq).encode();
            socket.send(new DatagramPacket(datagram, datagram.length));
            sentAt[seq] = now;
            sentAs[seq] = transmissions; // numbered before the count moves on
            sends[seq]++;
            transmissions++;
            if (timerDeadline < 0) {
                timerDeadline = now + rto.rto().toNanos(); // (5.1) start the timer if it is not running
            }
        }

        private Segment segment(int seq) {
            if (seq == total - 1) {
                return Segment.fin(seq);
            }
            int from = seq * config.payloadBytes();
            return Segment.data(seq, Arrays.copyOfRange(data, from, Math.min(data.length, from + config.payloadBytes())));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
