package book.ch05.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Why an application heartbeat, on loopback: TCP keepalive is off unless asked for, waits
 * two hours by default, and even then proves only that the peer's kernel is alive. A peer
 * whose application hangs keeps accepting our bytes.
 */
@Timeout(30)
class TcpKeepaliveIsNotEnoughTest {

    @Test
    @SuppressWarnings("try") // the accepted socket is held open by the try; the body never reads it
    void keepaliveIsOffByDefaultAndOnLinuxFirstProbesAfterTwoHoursOfSilence() throws Exception {
        try (Socket s = new Socket()) {
            assertFalse(s.getKeepAlive(), "off unless the application asks");
        }
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the figures below are Linux's");
        Path sysctl = Path.of("/proc/sys/net/ipv4/tcp_keepalive_time");
        assumeTrue(Files.isReadable(sysctl));
        // (read by lines: Files.readString trusts the size /proc reports and returns one byte)
        assumeTrue(Files.readAllLines(sysctl).get(0).strip().equals("7200"), "this machine's default was changed");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket ignored = server.accept()) {
            client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            assertEquals(7200, client.getOption(ExtendedSocketOptions.TCP_KEEPIDLE), "seconds of silence before a probe");
            assertEquals(9, client.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT), "unanswered probes before giving up");
            assertEquals(75, client.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL), "seconds between probes");
        }
    }

    @Test
    void aPeerWhoseApplicationNeverReadsStillAcceptsOurBytes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket hung = server.accept()) { // accepted, then the application never touches it
            client.setSoTimeout(200);
            OutputStream out = client.getOutputStream();
            out.write(new byte[16 * 1024]); // the peer's kernel buffers and acknowledges it
            out.flush();
            assertFalse(client.isClosed());
            assertFalse(hung.isClosed());
            // Nothing at the TCP level says the application is stuck: only an answer that
            // does not come (a heartbeat, a reply) can.
        }
    }
}
