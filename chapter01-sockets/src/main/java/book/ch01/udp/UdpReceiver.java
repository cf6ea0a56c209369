package book.ch01.udp;

import book.ch01.echo.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Receives sequenced datagrams on loopback and measures what the network did to them. It
 * stops by itself when every datagram has arrived, or when none has arrived for the idle
 * timeout (the rest are lost: UDP never says so), or when closed.
 */
public final class UdpReceiver implements AutoCloseable {

    /** Asked for so that bursts are not dropped by a full socket buffer; Linux caps it at net.core.rmem_max. */
    public static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(2);

    private final DatagramSocket socket;
    private final InstantSource clock;
    private final DeliveryStats stats = new DeliveryStats();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;

    private UdpReceiver(DatagramSocket socket, InstantSource clock) {
        this.socket = socket;
        this.clock = clock;
        this.thread = Thread.ofVirtual().name("udp-receiver").start(this::receiveLoop);
    }

    /** Binds 127.0.0.1:{@code port} (0: any free port) and starts receiving. */
    public static UdpReceiver start(int port, Duration idleTimeout, InstantSource clock) throws IOException {
        if (idleTimeout.toMillis() < 1 || idleTimeout.toMillis() > Integer.MAX_VALUE) { // 0 would mean forever
            throw new IllegalArgumentException("idleTimeout must be between 1 ms and "
                    + Integer.MAX_VALUE + " ms, not " + idleTimeout.toMillis() + " ms");
        }
        return new UdpReceiver(Loopback.bindDatagram(port, idleTimeout, RECEIVE_BUFFER_BYTES), clock);
    }

    // tag::receive-loop[]
    private void receiveLoop() {
        // as large as any datagram can be: a smaller buffer silently cuts datagrams short
        byte[] buffer = new byte[SequencedDatagram.MAX_IPV4_PAYLOAD];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            while (!complete()) {
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException idle) {
                    if (anyArrived()) {
                        return; // the stream has gone quiet: whatever is missing is lost
                    }
                    continue; // nothing yet: keep waiting for the sender
                }
                record(packet);
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                throw new UncheckedIOException(e); // a real failure, not one caused by close()
            }
            // close() was called: stop with what was measured so far
        } finally {
            done.countDown();
        }
    }

    private synchronized void record(DatagramPacket packet) {
        try {
            var datagram = SequencedDatagram.decode(packet.getData(), packet.getOffset(), packet.getLength());
            stats.record(datagram, SequencedDatagram.epochMicros(clock));
        } catch (MalformedDatagramException e) {
            stats.recordMalformed(); // not ours, or not sane: counted and ignored
        }
        notifyAll();
    }
    // end::receive-loop[]

    private synchronized boolean complete() {
        return stats.report().complete();
    }

    private synchronized boolean anyArrived() {
        return stats.report().arrivals() > 0;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public synchronized DeliveryReport report() {
        return stats.report();
    }

    /** Waits until {@code count} datagrams (copies included) have arrived; false on timeout. */
    public synchronized boolean awaitArrivals(long count, Duration timeout) throws InterruptedException {
        return Waiting.until(this, () -> stats.report().arrivals() >= count, timeout);
    }

    /** Blocks until the receiver stopped by itself (all arrived, or idle) or was closed. */
    public void awaitDone() throws InterruptedException {
        done.await();
    }

    /** Waits until the receiver stopped by itself (all arrived, or idle) or was closed. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the loop ends anyway: its socket is closed
        }
    }
}
