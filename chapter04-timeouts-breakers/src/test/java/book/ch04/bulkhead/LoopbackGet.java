package book.ch04.bulkhead;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A one-request HTTP/1.1 GET on a fresh loopback socket: the I/O a bulkhead guards, bounded by a read timeout. */
final class LoopbackGet {

    private LoopbackGet() {
    }

    /** Returns the status code; the socket is closed however the call ends (interrupt included). */
    static int get(URI uri, int readTimeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", uri.getPort()), 2_000);
            socket.setSoTimeout(readTimeoutMillis);
            socket.getOutputStream().write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] line = new byte[12];                 // "HTTP/1.1 200"
            int n = in.readNBytes(line, 0, line.length);
            if (n < line.length) {
                throw new IOException("closed before a status line");
            }
            return Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII));
        }
    }
}
