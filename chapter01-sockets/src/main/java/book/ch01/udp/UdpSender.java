package book.ch01.udp;

import book.ch01.time.Sleeper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Sends a numbered stream of datagrams to a loopback port: {@code total} datagrams of
 * {@code size} bytes each, every one carrying its sequence number and send time. Sending never
 * fails because the receiver is gone or slow: UDP reports nothing back.
 */
public final class UdpSender implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final int size;
    private final long total;
    private final InstantSource clock;

    public UdpSender(int targetPort, int size, long total, InstantSource clock) throws IOException {
        new SequencedDatagram(0, total, 0).encode(size); // validates size and total before a socket is opened
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.size = size;
        this.total = total;
        this.clock = clock;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    // tag::send[]
    /** Sends the datagram numbered {@code sequence}, stamped with the current time. */
    public void send(long sequence) throws IOException {
        byte[] payload = new SequencedDatagram(sequence, total, SequencedDatagram.epochMicros(clock)).encode(size);
        socket.send(new DatagramPacket(payload, payload.length, target));
    }

    /** Sends the whole stream, pausing {@code interval} between datagrams. */
    public void sendAll(Duration interval, Sleeper sleeper) throws IOException, InterruptedException {
        for (long sequence = 0; sequence < total; sequence++) {
            send(sequence);
            if (sequence + 1 < total) {
                sleeper.sleep(interval);
            }
        }
    }
    // end::send[]

    public long total() {
        return total;
    }

    @Override
    public void close() {
        socket.close();
    }
}
