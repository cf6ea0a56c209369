package book.ch01.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client socket every echo client starts from: both timeouts set, never "no timeout". */
class LoopbackTest {

    @Test
    void setsTheReadTimeoutAndNoDelayOnTheConnectedSocket() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket socket = Loopback.connect(listener.getLocalPort(), Duration.ofSeconds(7))) {
            assertEquals(7_000, socket.getSoTimeout());
            assertTrue(socket.getTcpNoDelay());
        }
    }

    @Test
    void refusesATimeoutThatTheSocketApiWouldTakeAsForever() {
        // 0 ms, or less than 1 ms rounded down to it, is "wait forever" to connect() and SO_TIMEOUT
        for (Duration forever : List.of(Duration.ZERO, Duration.ofNanos(999_999))) {
            var e = assertThrows(IllegalArgumentException.class, () -> Loopback.connect(1, forever));
            assertEquals("timeout must be at least 1 ms, not " + forever, e.getMessage());
        }
    }
}
