package book.ch02.proxy;

import book.ch02.proxy.faults.ResetAfter;
import book.ch02.proxy.faults.Latency;
import book.ch02.proxy.faults.Blackhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The faults whose promise is about time and delivery, end to end on loopback with the real
 * clock: latency as a delay line on a stream, a reset that first delivers what it promised to
 * a slow reader, and a black hole that never closes.
 */
@Timeout(60)
class ProxyFaultsOnLoopbackTest {

    private final EventLog events = new EventLog();
    private ServerSocket upstream;
    private Thread server;
    private FaultProxy proxy;

    @AfterEach
    void closeAll() throws Exception {
        if (proxy != null) {
            proxy.close();
            assertEquals(0, proxy.activeThreads(), "proxy threads still running after close()");
        }
        if (upstream != null) {
            upstream.close();
        }
        if (server != null) {
            server.interrupt();
            server.join(5_000);
        }
    }

    /** An upstream that runs {@code script} on its one connection, then closes it. */
    private int upstream(IoScript script) throws IOException {
        upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server = Thread.ofVirtual().start(() -> {
            try (Socket s = upstream.accept()) {
                script.run(s);
            } catch (IOException | InterruptedException e) {
                // the test decides what it expects of the client; a broken upstream shows there
            }
        });
        return upstream.getLocalPort();
    }

    interface IoScript {
        void run(Socket socket) throws IOException, InterruptedException;
    }

    @Test
    void latencyDelaysEveryMessageOfAStreamByTheLatencyNotByItsPositionInTheStream() throws Exception {
        int messages = 20;
        AtomicLongArray sentAt = new AtomicLongArray(messages);
        int port = upstream(s -> {
            OutputStream out = s.getOutputStream();
            for (int k = 0; k < messages; k++) {
                sentAt.set(k, System.nanoTime());
                out.write(new byte[] {(byte) k, 1, 2, 3, 4, 5, 6, 7}); // 8 bytes every 10 ms
                Thread.sleep(10);
            }
            s.shutdownOutput();
            s.getInputStream().read(); // until the client goes
        });
        proxy = FaultProxy.start(ProxyConfig.forUpstream(port).withEvents(events));
        proxy.setFaults(Faults.downstream(Latency.of(Duration.ofMillis(100))));
        long[] late = new long[messages];
        try (Socket client = Wire.connect(proxy.port())) {
            InputStream in = client.getInputStream();
            for (int k = 0; k < messages; k++) {
                byte[] message = in.readNBytes(8);
                late[k] = (System.nanoTime() - sentAt.get(k)) / 1_000_000;
                assertEquals(k, message[0]);
            }
            assertEquals(-1, in.read(), "the end of stream follows the data");
        }
        String all = Arrays.toString(late);
        // A pump that slept would make message k about 100 * (k + 1) - 10 * k ms late: 1,9 s for the last.
        assertTrue(Arrays.stream(late).allMatch(ms -> ms >= 99 && ms < 600), "each message ~100 ms late: " + all);
    }

    @Test
    void resetAfterDeliversEveryPromisedByteToASlowReaderBeforeTheReset() throws Exception {
        int total = 4_000_000;
        int promised = 3_000_000;
        int port = upstream(s -> {
            s.getOutputStream().write(new byte[total]);
            s.getInputStream().read();
        });
        proxy = FaultProxy.start(ProxyConfig.forUpstream(port).withEvents(events));
        proxy.setFaults(Faults.downstream(new ResetAfter(promised)));
        long read = 0;
        try (Socket client = Wire.connect(proxy.port())) {
            client.setReceiveBufferSize(16 * 1024);
            Thread.sleep(300); // a slow reader: every buffer on the way fills up
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            IOException ended = null;
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    read += n;
                }
            } catch (SocketException e) {
                ended = e;
            }
            assertEquals(promised, read, "bytes the client read before the reset");
            assertTrue(ended != null && ended.getMessage().equals("Connection reset"), String.valueOf(ended));
        }
        events.await("every byte delivered first", Wire.GENEROUS);
    }

    @Test
    void aBlackHoleNeverClosesNotOnAHalfCloseNorOnTheIdleTimeout() throws Exception {
        int port = upstream(s -> {
            InputStream in = s.getInputStream();
            s.getOutputStream().write(in.readAllBytes()); // echo, then close
        });
        proxy = FaultProxy.start(ProxyConfig.forUpstream(port).withEvents(events)
                .withIdleTimeout(Duration.ofMillis(100)));
        proxy.setFaults(Faults.downstream(new Blackhole()));
        try (Socket client = Wire.connect(proxy.port(), Duration.ofMillis(800))) {
            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput(); // the upstream answers and closes; the black hole swallows both
            assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read(),
                    "a read timeout, not an end of stream, after 8 idle timeouts");
        }
    }
}
