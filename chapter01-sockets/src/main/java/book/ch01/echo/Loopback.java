package book.ch01.echo;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * The chapter's one way to reach loopback. Connects a client socket to a port on 127.0.0.1 with
 * both timeouts set, so that neither the connect nor any read can wait forever; binds the UDP
 * programs' sockets there; prints an address. A timeout under a millisecond is refused: the
 * socket API would round it to 0, which it reads as "no timeout at all".
 */
public final class Loopback {

    private Loopback() {
    }

    // tag::connect[]
    public static Socket connect(int port, Duration timeout) throws IOException {
        int millis = Math.toIntExact(timeout.toMillis());
        if (millis < 1) {                       // 0 would mean "forever" to connect and to every read
            throw new IllegalArgumentException("timeout must be at least 1 ms, not " + timeout);
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), millis);
            socket.setSoTimeout(millis);        // the JDK's default is 0: no timeout
            socket.setTcpNoDelay(true);         // request/response: send small writes at once
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
    // end::connect[]

    /**
     * A datagram socket bound to 127.0.0.1:{@code port} (0: any free port) with a receive buffer
     * sized for bursts and a receive timeout, so that no receive waits forever; closed again if
     * any step fails.
     */
    public static DatagramSocket bindDatagram(int port, Duration receiveTimeout, int receiveBufferBytes)
            throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.setReceiveBufferSize(receiveBufferBytes);
            socket.setSoTimeout(Math.toIntExact(receiveTimeout.toMillis()));
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** An address as the programs print it: {@code 127.0.0.1:PORT}, ready to paste. */
    public static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
