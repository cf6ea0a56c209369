package book.ch01.demo;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;

/** How the demo tells what a read saw when the other side ended the connection. */
final class Reads {

    private Reads() {
    }

    /** "end of stream" for an orderly close (FIN), the exception for a reset (RST). */
    static String outcome(Socket socket) throws IOException {
        try {
            int b = socket.getInputStream().read();
            if (b != -1) {
                throw new IOException("expected the connection to end, but read the byte " + b);
            }
            return "end of stream (read returned -1)";
        } catch (SocketException e) {
            return DemoProgram.oneLine(e);
        }
    }
}
