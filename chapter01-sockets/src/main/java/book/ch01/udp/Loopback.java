package book.ch01.udp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The loopback side of the chapter's UDP code: how a receiving socket is bound to 127.0.0.1,
 * and how the programs print an address ({@code 127.0.0.1:PORT}, ready to paste).
 */
public final class Loopback {

    private Loopback() {
    }

    /**
     * A datagram socket bound to 127.0.0.1:{@code port} (0: any free port) with a receive buffer
     * sized for bursts and a receive timeout, so that no receive waits forever; closed again if
     * any step fails.
     */
    static DatagramSocket bind(int port, Duration receiveTimeout) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.setReceiveBufferSize(UdpReceiver.RECEIVE_BUFFER_BYTES);
            socket.setSoTimeout(Math.toIntExact(receiveTimeout.toMillis()));
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
