package book.ch03.reliable;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback that behaves like a bad network: between a sender and a receiver it
 * drops, duplicates and reorders datagrams, in both directions, decided by a seeded generator
 * so that a run can be repeated. The sender talks to {@link #port()}; the relay talks to the
 * receiver and carries its answers back.
 */
public final class LossyRelay implements AutoCloseable {

    /**
     * @param loss      probability that a datagram is dropped
     * @param duplicate probability that a forwarded datagram is sent twice
     * @param reorder   probability that a datagram is held back and sent after the next one
     */
    public record Impairments(double loss, double duplicate, double reorder) {
        public Impairments {
            for (double p : new double[] {loss, duplicate, reorder}) {
                if (!(p >= 0 && p < 1)) {
                    throw new IllegalArgumentException("probabilities must be in [0, 1), not " + p);
                }
            }
        }
    }

    /** How long a held-back datagram waits for a successor before it is sent anyway. */
    static final int HOLD_MILLIS = 5;

    private final DatagramSocket front; // faces the sender
    private final DatagramSocket back;  // faces the receiver
    private final Impairments impairments;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile SocketAddress sender;
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    public LossyRelay(InetSocketAddress receiver, Impairments impairments, long seed) throws IOException {
        this.impairments = impairments;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        front = new DatagramSocket(new InetSocketAddress(loopback, 0));
        back = new DatagramSocket(new InetSocketAddress(loopback, 0));
        back.connect(receiver);
        front.setSoTimeout(HOLD_MILLIS);
        back.setSoTimeout(HOLD_MILLIS);
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom toReceiver = random.split(); // one stream per direction: thread timing cannot change the decisions
        SplittableRandom toSender = random.split();
        threads.submit(() -> pump(front, back, toReceiver, true));
        threads.submit(() -> pump(back, front, toSender, false));
    }

    public int port() {
        return front.getLocalPort();
    }

    public long forwarded() {
        return forwarded.get();
    }

    public long dropped() {
        return dropped.get();
    }

    // tag::impair[]
    private void pump(DatagramSocket in, DatagramSocket out, SplittableRandom random, boolean fromSender) {
        byte[] buffer = new byte[65_535];
        DatagramPacket held = null;
        while (!in.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    in.receive(p);
                } catch (SocketTimeoutException idle) {
                    held = release(out, held); // nothing followed: send the held datagram now
                    continue;
                }
                if (fromSender) {
                    sender = p.getSocketAddress();
                }
                DatagramPacket copy = new DatagramPacket(p.getData().clone(), p.getLength());
                if (random.nextDouble() < impairments.loss()) {
                    dropped.incrementAndGet();
                    continue;
                }
                if (held == null && random.nextDouble() < impairments.reorder()) {
                    held = copy; // goes out after the next datagram
                    continue;
                }
                send(out, copy);
                if (random.nextDouble() < impairments.duplicate()) {
                    send(out, copy);
                }
                held = release(out, held);
            } catch (IOException e) {
                return; // closed
            }
        }
    }
    // end::impair[]

    private DatagramPacket release(DatagramSocket out, DatagramPacket held) throws IOException {
        if (held != null) {
            send(out, held);
        }
        return null;
    }

    private void send(DatagramSocket out, DatagramPacket p) throws IOException {
        if (out == front) {
            SocketAddress to = sender;
            if (to == null) {
                return; // no sender seen yet: nobody to answer
            }
            p.setSocketAddress(to);
        }
        out.send(p);
        forwarded.incrementAndGet();
    }

    @Override
    public void close() {
        front.close();
        back.close();
        threads.close();
    }
}
