package book.ch01.udp;

import book.ch01.echo.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A loopback UDP relay that behaves like a bad network: it drops, duplicates and reorders
 * the datagrams it forwards, with a seeded random generator so that a run can be repeated,
 * and it counts every decision so a receiver's measurements can be checked exactly.
 *
 * <p>Reordering holds one datagram back and sends it right after the next forwarded one.
 */
public final class LossyRelay implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final RelayConfig config;
    private final RandomGenerator random;
    private final Thread thread;
    private long received, dropped, duplicated, reordered, forwarded; // guarded by this
    private byte[] held; // at most one datagram waits for its successor
    private boolean heldTwice;

    private LossyRelay(DatagramSocket socket, InetSocketAddress target, RelayConfig config, RandomGenerator random) {
        this.socket = socket;
        this.target = target;
        this.config = config;
        this.random = random;
        this.thread = Thread.ofVirtual().name("lossy-relay").start(this::relayLoop);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any) and forwards to 127.0.0.1:{@code targetPort}. */
    public static LossyRelay start(int port, int targetPort, RelayConfig config, RandomGenerator random)
            throws IOException {
        var target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort); // checks the port first
        return new LossyRelay(Loopback.bindDatagram(port, config.holdTimeout(), UdpReceiver.RECEIVE_BUFFER_BYTES), target, config, random);
    }

    private void relayLoop() {
        byte[] buffer = new byte[SequencedDatagram.MAX_IPV4_PAYLOAD];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            while (true) {
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException quiet) {
                    releaseHeld(false); // no successor came: send it in order after all
                    continue;
                }
                relay(Arrays.copyOf(buffer, packet.getLength()));
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                throw new UncheckedIOException(e); // a real failure, not one caused by close()
            }
            // close() was called
        }
    }

    // tag::relay[]
    private synchronized void relay(byte[] datagram) throws IOException {
        received++;
        // always three draws per datagram, so one seed gives one sequence of decisions
        boolean drop = random.nextDouble() < config.dropRate();
        boolean twice = random.nextDouble() < config.duplicateRate();
        boolean hold = random.nextDouble() < config.reorderRate();
        if (drop) {
            dropped++;
        } else {
            if (twice) {
                duplicated++;
            }
            if (hold && held == null) {
                held = datagram;
                heldTwice = twice;
            } else {
                forward(datagram, twice);
                releaseHeld(true);
            }
        }
        notifyAll();
    }

    private synchronized void releaseHeld(boolean afterALaterOne) throws IOException {
        if (held != null) {
            forward(held, heldTwice);
            held = null;
            if (afterALaterOne) {
                reordered++;
            }
            notifyAll();
        }
    }
    // end::relay[]

    private void forward(byte[] datagram, boolean twice) throws IOException {
        for (int copy = 0; copy < (twice ? 2 : 1); copy++) {
            socket.send(new DatagramPacket(datagram, datagram.length, target));
            forwarded++;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public synchronized RelayCounts counts() {
        return new RelayCounts(received, dropped, duplicated, reordered, forwarded);
    }

    /**
     * Waits until {@code count} datagrams have come in and none is held back, so that every
     * decision has reached the wire; false on timeout.
     */
    public synchronized boolean awaitSettled(long count, Duration timeout) throws InterruptedException {
        return Waiting.until(this, () -> received >= count && held == null, timeout);
    }

    /** Blocks until the relay has stopped (it stops only when closed). */
    public void awaitClosed() throws InterruptedException {
        thread.join();
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
