package book.ch04.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import book.ch04.time.ManualTicker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read deadline on a real loopback connection, with a hand-driven ticker: each read may wait
 * only what is left of the phase's deadline, and none starts once it has passed.
 */
@Timeout(10)
class DeadlineInputStreamTest {

    private final ManualTicker ticker = new ManualTicker();
    private ServerSocket listener;
    private Socket client;
    private Socket server;
    private DeadlineInputStream in;

    @BeforeEach
    void connect() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        server = listener.accept();
        in = new DeadlineInputStream(server, server.getInputStream(), ticker);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
        listener.close();
    }

    @Test
    void beforeADeadlineIsSetReadsAreUnboundedButNeverZeroTimeout() throws Exception {
        client.getOutputStream().write('a');
        assertEquals('a', in.read());
        assertEquals(Integer.MAX_VALUE, server.getSoTimeout());
    }

    @Test
    void eachReadWaitsAtMostWhatIsLeftRoundedUp() throws Exception {
        in.deadline(Duration.ofMillis(800), "request head");
        client.getOutputStream().write(new byte[] {'a', 'b'});
        assertEquals('a', in.read());
        assertEquals(800, server.getSoTimeout());
        ticker.advance(Duration.ofMillis(500).plusNanos(1));
        byte[] b = new byte[1];
        assertEquals(1, in.read(b, 0, 1));
        assertArrayEquals(new byte[] {'b'}, b);
        assertEquals(300, server.getSoTimeout()); // 299.999999 ms left, rounded up
    }

    @Test
    void noReadStartsOnceTheDeadlineHasPassedEvenWithDataWaiting() throws Exception {
        in.deadline(Duration.ofMillis(800), "request head");
        client.getOutputStream().write('a');
        ticker.advance(Duration.ofMillis(800));
        var e = assertThrows(SocketTimeoutException.class, in::read);
        assertEquals("request head not received within 800 ms", e.getMessage());
        assertThrows(SocketTimeoutException.class, () -> in.read(new byte[1], 0, 1));
    }

    @Test
    void aNewPhaseGetsAFreshDeadlineFromNow() throws Exception {
        in.deadline(Duration.ofMillis(800), "request head");
        ticker.advance(Duration.ofMillis(700));
        in.deadline(Duration.ofSeconds(2), "request body");
        client.getOutputStream().write('a');
        assertEquals('a', in.read());
        assertEquals(2_000, server.getSoTimeout());
    }

    @Test
    void aPeerThatSendsNothingTimesOutWithTheSocketsOwnException() {
        in.deadline(Duration.ofMillis(50), "request head"); // the socket waits 50 real ms: nothing comes
        var e = assertThrows(SocketTimeoutException.class, in::read);
        assertEquals("Read timed out", e.getMessage());
    }
}
