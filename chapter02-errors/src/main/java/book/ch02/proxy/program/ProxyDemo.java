package book.ch02.proxy.program;

import book.ch02.proxy.faults.TruncateAfter;
import book.ch02.proxy.faults.ResetAfter;
import book.ch02.proxy.faults.Latency;
import book.ch02.proxy.faults.FlipBit;
import book.ch02.proxy.faults.Blackhole;
import book.ch02.proxy.faults.Bandwidth;
import book.ch02.proxy.ProxyStats;
import book.ch02.proxy.Faults;
import book.ch02.proxy.FaultProxy;
import book.ch02.fixture.LoopbackClient;
import book.ch02.fixture.EchoUpstream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A narrated timeline: an echo server, the proxy in front of it, and one client that sends the
 * same kind of message again and again while the proxy injects one fault after another. Each
 * step prints what was injected and what the client saw, with the figures. Takes about a second.
 */
public final class ProxyDemo {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

    private ProxyDemo() {
    }

    public static void run(PrintStream out) throws IOException, InterruptedException {
        try (EchoUpstream echo = EchoUpstream.start(); FaultProxy proxy = FaultProxy.start(echo.port())) {
            out.printf("fault proxy: client -> 127.0.0.1:%d (proxy) -> 127.0.0.1:%d (echo server)%n", proxy.port(), echo.port());
            byte[] big = new byte[256 * 1024];
            new SplittableRandom(1).nextBytes(big);
            byte[] hello = "GET /balance?account=42 HTTP/1.1 (a 48-byte ask)".getBytes(StandardCharsets.US_ASCII);

            step(out, "1. no fault", "");
            try (Socket s = connect(proxy.port(), CLIENT_TIMEOUT)) {
                long t = System.nanoTime();
                byte[] back = roundTrip(s, big);
                out.printf("   sent %d bytes, got %d back in %d ms, SHA-256 equal: %b%n",
                        big.length, back.length, millisSince(t), Arrays.equals(sha256(big), sha256(back)));
            }

            proxy.setFaults(Faults.downstream(new Latency(Duration.ofMillis(100), Duration.ofMillis(20), 42)));
            step(out, "2. latency 100 ms + jitter up to 20 ms", "on responses");
            try (Socket s = connect(proxy.port(), CLIENT_TIMEOUT)) {
                for (int i = 0; i < 3; i++) {
                    long t = System.nanoTime();
                    roundTrip(s, hello);
                    out.printf("   round trip %d: %d ms%n", i + 1, millisSince(t));
                }
            }

            Bandwidth bandwidth = new Bandwidth(512 * 1024);
            proxy.setFaults(Faults.downstream(bandwidth));
            step(out, "3. bandwidth 512 KiB/s", "on responses");
            try (Socket s = connect(proxy.port(), CLIENT_TIMEOUT)) {
                long t = System.nanoTime();
                roundTrip(s, big);
                out.printf("   %d KiB echoed in %d ms; the rate allows no less than %d ms after a %d-byte burst%n",
                        big.length / 1024, millisSince(t),
                        (big.length - bandwidth.burstBytes()) * 1000 / bandwidth.bytesPerSecond(), bandwidth.burstBytes());
            }

            proxy.setFaults(Faults.downstream(new FlipBit(5, 5)));
            step(out, "4. flip bit 5 of byte 5", "on responses");
            try (Socket s = connect(proxy.port(), CLIENT_TIMEOUT)) {
                byte[] back = roundTrip(s, hello);
                out.printf("   sent \"%s\"%n   got  \"%s\"%n   byte 5: 0x%s became 0x%s; no error anywhere, only a checksum above TCP would notice%n",
                        ascii(hello), ascii(back), HexFormat.of().toHexDigits(hello[5]), HexFormat.of().toHexDigits(back[5]));
            }

            proxy.setFaults(Faults.downstream(new TruncateAfter(100)));
            step(out, "5. truncate after 100 bytes", "on responses");
            try (Socket s = connect(proxy.port(), CLIENT_TIMEOUT)) {
                s.getOutputStream().write(big, 0, 1000);
                byte[] back = s.getInputStream().readAllBytes();
                out.printf("   asked for 1000 bytes, got %d, then end of stream: a clean close in mid-message%n", back.length);
            }

            proxy.setFaults(Faults.downstream(new ResetAfter(0)));
            step(out, "6. reset", "on the first response byte");
            try (Socket s = connect(proxy.port(), CLIENT_TIMEOUT)) {
                out.println("   client saw: " + failureOf(s, hello));
            }

            proxy.setFaults(Faults.upstream(new Blackhole()));
            step(out, "7. black hole", "on requests; the client reads with a " + SHORT_TIMEOUT.toMillis() + " ms timeout");
            try (Socket s = connect(proxy.port(), SHORT_TIMEOUT)) {
                out.println("   client saw: " + failureOf(s, hello) + " (the server never got the request)");
            }

            proxy.clearFaults();
            proxy.down();
            step(out, "8. down", "the proxy stops listening");
            try (Socket s = connect(proxy.port(), CLIENT_TIMEOUT)) {
                out.println("   unexpectedly connected to " + s);
            } catch (ConnectException e) {
                out.println("   client saw: " + e);
            }
            proxy.up();
            try (Socket s = connect(proxy.port(), CLIENT_TIMEOUT)) {
                out.printf("   up again on the same port: %d-byte round trip intact: %b%n", hello.length,
                        Arrays.equals(hello, roundTrip(s, hello)));
            }
            ProxyStats stats = proxy.stats();
            out.printf("proxy counted %d connections, %d bytes up, %d bytes down, faults applied %s%n",
                    stats.connectionsAccepted(), stats.bytesUpstream(), stats.bytesDownstream(), stats.faultsApplied());
        }
    }

    private static void step(PrintStream out, String what, String where) {
        out.println(where.isEmpty() ? what : what + ", " + where);
    }

    private static Socket connect(int port, Duration readTimeout) throws IOException {
        return LoopbackClient.connect(port, CLIENT_TIMEOUT, readTimeout);
    }

    /** Writes from a second thread while reading, so a message larger than the socket buffers cannot deadlock. */
    private static byte[] roundTrip(Socket socket, byte[] message) throws IOException, InterruptedException {
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                socket.getOutputStream().write(message);
            } catch (IOException e) {
                // the read below reports what went wrong
            }
        });
        byte[] back = socket.getInputStream().readNBytes(message.length);
        writer.join(CLIENT_TIMEOUT);
        return back;
    }

    private static String failureOf(Socket socket, byte[] message) {
        try {
            socket.getOutputStream().write(message);
            int first = socket.getInputStream().read();
            return "no failure (read returned " + first + ")";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
