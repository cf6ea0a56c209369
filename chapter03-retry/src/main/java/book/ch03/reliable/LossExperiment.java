package book.ch03.reliable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One transfer of random bytes through a {@link LossyRelay}, measured: how many transmissions
 * each segment took, how long it all took, and whether the receiver's stream hashes the same
 * as the sender's. The rows of the table in the text come from here.
 */
public final class LossExperiment {

    /** One row: the loss rate and what it cost. */
    public record Row(double loss, ReliableSender.Report report, long bytes, boolean intact, long duplicatesDropped) {
        /** Delivered payload bytes per second, in MB/s (10^6). */
        public double goodputMBps() {
            return bytes / (report.elapsed().toNanos() / 1e9) / 1e6;
        }
    }

    private LossExperiment() {
    }

    public static Row run(double loss, double duplicate, double reorder, int bytes, long seed)
            throws IOException, InterruptedException {
        byte[] data = new byte[bytes];
        new SplittableRandom(seed).nextBytes(data);
        ByteArrayOutputStream sink = new ByteArrayOutputStream(bytes);
        try (ReliableReceiver receiver = new ReliableReceiver(sink, ReliableSender.DEFAULTS.window());
             LossyRelay relay = new LossyRelay(receiver.address(), new LossyRelay.Impairments(loss, duplicate, reorder), seed);
             ReliableSender sender = new ReliableSender(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port()), ReliableSender.DEFAULTS)) {
            ReliableSender.Report report = sender.send(data);
            if (!receiver.awaitFinished(10, TimeUnit.SECONDS)) {
                throw new IOException("receiver did not see the end of the stream");
            }
            boolean intact = Arrays.equals(sha256(data), sha256(sink.toByteArray()));
            return new Row(loss, report, bytes, intact, receiver.duplicates());
        }
    }

    // tag::table[]
    public static void printTable(List<Row> rows, PrintStream out) {
        out.println("| loss p | segments | transmissions | per segment | 1/(1-p) | 1/(1-p)^2 | timeouts "
                + "| fast retransmits | final RTO | time | goodput | SHA-256 |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Row r : rows) {
            ReliableSender.Report t = r.report();
            out.printf("| %.2f | %d | %d | %.3f | %.3f | %.3f | %d | %d | %d ms | %d ms | %.2f MB/s | %s |%n",
                    r.loss(), t.segments(), t.transmissions(), t.transmissionsPerSegment(), 1 / (1 - r.loss()),
                    1 / Math.pow(1 - r.loss(), 2), t.timeouts(), t.fastRetransmits(), t.rto().toMillis(),
                    t.elapsed().toMillis(), r.goodputMBps(), r.intact() ? "equal" : "DIFFERENT");
        }
    }
    // end::table[]

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
