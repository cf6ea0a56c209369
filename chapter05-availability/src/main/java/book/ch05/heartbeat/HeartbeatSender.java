package book.ch05.heartbeat;

import book.ch05.time.Sleeper;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a heartbeat every interval from the application itself: an 8-byte sequence number,
 * one UDP datagram each, or one after the other on a TCP connection.
 *
 * <p>What it is for: proving that the application is alive and working, not only its
 * kernel. A TCP connection stays established while the process is stuck in a deadlock, a
 * GC pause or an infinite loop (the kernel answers keepalive probes and ACKs data by
 * itself); a heartbeat that the application's own loop sends stops when the loop stops.
 * {@link #pause()} makes it stop on purpose, as a hung application would, with the socket
 * still open. Over UDP a beat can be lost or reordered, which the monitor counts; over TCP a
 * beat is never lost but can be delayed behind a retransmission.
 *
 * <p>The interval is 1 ms..1 h; a real system uses about a third of the detection time it
 * wants (Akka: 1 s). The beats are sent on a virtual thread, paced by an injected
 * {@link Sleeper}. A send that fails ends the sender ({@link #failure()}): the monitor's
 * detector notices the silence, which is the point.
 */
public final class HeartbeatSender implements AutoCloseable {

    /** A beat on the wire: its sequence number, big-endian. */
    public static final int BEAT_BYTES = Long.BYTES;

    /** Sends one beat; the transport. */
    private interface Channel extends AutoCloseable {
        void send(long sequence) throws IOException;

        @Override
        void close() throws IOException;
    }

    private final Channel channel;
    private final Duration interval;
    private final Sleeper sleeper;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean paused;
    private volatile IOException failure;
    private final Thread thread;

    private HeartbeatSender(Channel channel, Duration interval, Sleeper sleeper) {
        this.channel = channel;
        this.interval = interval;
        this.sleeper = sleeper;
        this.thread = Thread.ofVirtual().name("heartbeat-sender").start(this::run);
    }

    /** Beats as UDP datagrams to {@code target}. */
    public static HeartbeatSender udp(InetSocketAddress target, Duration interval, Sleeper sleeper) throws IOException {
        checkInterval(interval);
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(target.getAddress(), 0));
        return new HeartbeatSender(new Channel() {
            @Override
            public void send(long sequence) throws IOException {
                byte[] beat = ByteBuffer.allocate(BEAT_BYTES).putLong(sequence).array();
                socket.send(new DatagramPacket(beat, beat.length, target));
            }

            @Override
            public void close() {
                socket.close();
            }
        }, interval, sleeper);
    }

    /** Beats on one TCP connection to {@code target}, connected within {@code connectTimeout}. */
    public static HeartbeatSender tcp(InetSocketAddress target, Duration interval, Duration connectTimeout,
                                      Sleeper sleeper) throws IOException {
        checkInterval(interval);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // a beat is 8 bytes: Nagle must not hold it back
            socket.connect(target, Math.clamp(connectTimeout.toMillis(), 1, Integer.MAX_VALUE));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        return new HeartbeatSender(new Channel() {
            @Override
            public void send(long sequence) throws IOException {
                out.writeLong(sequence);
                out.flush();
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        }, interval, sleeper);
    }

    private static void checkInterval(Duration interval) {
        if (interval == null || interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("interval must be in 1ms..1h, not " + interval);
        }
    }

    // tag::send-loop[]
    private void run() {
        long sequence = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (!paused) { // a hung application: the loop stops, the socket stays open
                    channel.send(sequence++);
                    sent.incrementAndGet();
                }
                sleeper.sleep(interval);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed
        } catch (IOException e) {
            failure = e; // the monitor will notice the silence
        }
    }
    // end::send-loop[]

    /** Stops sending, as a hung application would, leaving the socket open. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public long sent() {
        return sent.get();
    }

    /** Why sending stopped, or {@code null} while it goes on. */
    public IOException failure() {
        return failure;
    }

    /** Stops the beats and closes the socket (over TCP the monitor then reads the end of the stream). */
    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
        }
    }
}
