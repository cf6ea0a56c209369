package book.ch05.heartbeat;

import book.ch05.detect.FailureDetector;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Receives one peer's heartbeats on 127.0.0.1 (UDP or TCP) and feeds each one to a
 * {@link FailureDetector}, which decides when the silence means death.
 *
 * <p>What it is for: the other half of {@link HeartbeatSender}. It counts the beats, the
 * beats lost on the way (over UDP, from gaps in the sequence numbers: a lost beat is not a
 * death, which is why a detector tolerates a few), and, over TCP, the end of the stream: a
 * peer whose process exits has its kernel close the connection (FIN), which the monitor
 * sees at once, long before any timeout. A peer that hangs, or whose machine loses power or
 * network, sends nothing at all, and only the detector's timeout finds it: that is the case
 * heartbeats exist for.
 *
 * <p>One monitor watches one peer; over TCP it serves one connection at a time (a new one
 * replaces the old). Receiving runs on a virtual thread; {@link #close()} ends it.
 */
public final class HeartbeatMonitor implements AutoCloseable {

    private final FailureDetector detector;
    private final AtomicLong beats = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile long nextExpected;
    private volatile boolean peerClosed;
    private final Closeable socket;
    private final InetSocketAddress address;
    private final Thread thread;
    private volatile Socket connection;

    private HeartbeatMonitor(FailureDetector detector, Closeable socket, InetSocketAddress address,
                             Consumer<HeartbeatMonitor> receiver) {
        this.detector = detector;
        this.socket = socket;
        this.address = address;
        this.thread = Thread.ofVirtual().name("heartbeat-monitor").start(() -> receiver.accept(this));
    }

    /** Listens for UDP beats on 127.0.0.1, on a port the system chooses. */
    public static HeartbeatMonitor udp(FailureDetector detector) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress address = (InetSocketAddress) socket.getLocalSocketAddress();
        return new HeartbeatMonitor(detector, socket, address, self -> {
            byte[] buffer = new byte[HeartbeatSender.BEAT_BYTES];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (!socket.isClosed()) {
                try {
                    packet.setLength(buffer.length);
                    socket.receive(packet);
                } catch (IOException e) {
                    return; // closed
                }
                if (packet.getLength() == HeartbeatSender.BEAT_BYTES) { // anything else is not a beat
                    self.beat(ByteBuffer.wrap(buffer).getLong());
                }
            }
        });
    }

    /** Listens for a TCP connection carrying beats on 127.0.0.1, on a port the system chooses. */
    public static HeartbeatMonitor tcp(FailureDetector detector) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
        return new HeartbeatMonitor(detector, server, address, self -> self.serve(server));
    }

    private void serve(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connection = s;
                peerClosed = false;
                nextExpected = 0;
                DataInputStream in = new DataInputStream(s.getInputStream());
                while (true) {
                    beat(in.readLong());
                }
            } catch (EOFException e) {
                peerClosed = true; // the peer's kernel closed the connection: its process is gone
            } catch (IOException e) {
                if (!server.isClosed()) {
                    peerClosed = true; // reset: gone as well
                }
            }
        }
    }

    // tag::beat[]
    private void beat(long sequence) {
        if (sequence > nextExpected) {
            lost.addAndGet(sequence - nextExpected); // UDP: beats that never arrived
        }
        nextExpected = Math.max(nextExpected, sequence + 1); // a late (reordered) beat is still a beat
        beats.incrementAndGet();
        detector.heartbeat();
    }
    // end::beat[]

    /** Where the sender should send its beats. */
    public InetSocketAddress address() {
        return address;
    }

    public FailureDetector detector() {
        return detector;
    }

    public long beats() {
        return beats.get();
    }

    /** Beats missing from the sequence (UDP loss); a late beat that arrives afterwards is not taken back. */
    public long lost() {
        return lost.get();
    }

    /** Over TCP: the peer closed or reset the connection, and no new one has arrived. */
    public boolean peerClosed() {
        return peerClosed;
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
            Socket c = connection;
            if (c != null) {
                c.close();
            }
        } finally {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
