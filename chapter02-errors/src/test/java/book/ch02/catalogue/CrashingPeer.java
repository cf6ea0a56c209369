package book.ch02.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A server process for {@link FinOrResetTest} to kill with {@code kill -9}: it listens on a
 * loopback port, prints {@code port N}, accepts one connection, waits until {@code args[0]}
 * bytes are waiting unread in its receive buffer (it never reads them), prints {@code ready},
 * and then sleeps until it is killed. Nothing in it closes the connection: whatever the client
 * sees afterwards is the kernel's doing.
 */
public final class CrashingPeer {

    private CrashingPeer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int unread = Integer.parseInt(args[0]);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println("port " + listener.getLocalPort());
            System.out.flush();
            Socket connection = listener.accept();
            InputStream in = connection.getInputStream();
            long giveUp = System.nanoTime() + 10_000_000_000L; // the test kills it long before
            while (in.available() < unread && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(60_000); // killed here
            connection.close();
        }
    }
}
