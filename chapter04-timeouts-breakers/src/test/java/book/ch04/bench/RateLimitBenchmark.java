package book.ch04.bench;

import book.ch04.ratelimit.RateLimitFilter;
import book.ch04.ratelimit.TokenBucket;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The question: does rejecting a request with 429 cost the server far less than serving it?
 * A rate limiter that is as expensive as the work it protects protects nothing.
 *
 * <p>One JDK HTTP server on 127.0.0.1 with three paths, each called over its own keep-alive
 * connection by a minimal raw-socket client (so that the client's own cost stays small):
 * baseline answers 200 with no body and no filter (the floor: one HTTP round trip on
 * loopback); rejected goes through the {@link RateLimitFilter} with an empty bucket (429,
 * Retry-After, no handler); served goes through the filter with a full bucket to a handler
 * that does a modest, fixed piece of work (SHA-256 over 64 KiB, a 4 KiB answer).
 * tokenBucket is the limiter's decision alone, without any HTTP.
 *
 * <p>Sample mode: on a shared machine the mean of a loopback round trip is the scheduler's
 * noise; read the median (p0.50) and compare the three paths in the same run.
 *
 * <p>Run: {@code mvn -q -Pbench -pl chapter04-timeouts-breakers verify -Djmh.include=RateLimitBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RateLimitBenchmark {

    private static final byte[] WORK = new byte[64 * 1024];
    private static final byte[] ANSWER = new byte[4 * 1024];

    private HttpServer server;
    private Connection baseline;
    private Connection rejected;
    private Connection served;
    private TokenBucket open;

    /** A keep-alive HTTP/1.1 connection that sends one fixed GET and reads one answer. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] request;
        private final byte[] buffer = new byte[16 * 1024];

        Connection(int port, String path) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(5_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        /** Returns the status; reads the head and a Content-Length body. */
        int exchange() throws IOException {
            out.write(request);
            int filled = 0;
            int headEnd;
            while ((headEnd = headEnd(filled)) < 0) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new IOException("closed");
                }
                filled += n;
            }
            String head = new String(buffer, 0, headEnd, StandardCharsets.US_ASCII);
            int status = Integer.parseInt(head.substring(9, 12));
            int lengthAt = head.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
            int length = lengthAt < 0 ? 0 : Integer.parseInt(head.substring(lengthAt + 15, head.indexOf('\r', lengthAt)).trim());
            int have = filled - headEnd;
            while (have < length) {
                int n = in.read(buffer, 0, Math.min(buffer.length, length - have));
                if (n < 0) {
                    throw new IOException("closed in the body");
                }
                have += n;
            }
            return status;
        }

        private int headEnd(int filled) {
            for (int i = 3; i < filled; i++) {
                if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/baseline", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        TokenBucket empty = TokenBucket.smooth(TokenBucket.MIN_RATE_PER_SECOND, System::nanoTime);
        empty.tryAcquire();                              // the next permit is 11 days away
        server.createContext("/rejected", exchange -> {
            throw new IllegalStateException("a rejected request must not reach the handler");
        }).getFilters().add(new RateLimitFilter(empty));
        server.createContext("/served", exchange -> {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                ANSWER[0] = sha.digest(WORK)[0];
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(ANSWER);
            }
        }).getFilters().add(new RateLimitFilter(TokenBucket.bursty(TokenBucket.MAX_RATE_PER_SECOND, 1_000_000, System::nanoTime)));
        server.start();
        int port = server.getAddress().getPort();
        baseline = new Connection(port, "/baseline");
        rejected = new Connection(port, "/rejected");
        served = new Connection(port, "/served");
        open = TokenBucket.bursty(TokenBucket.MAX_RATE_PER_SECOND, 1_000_000, System::nanoTime);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        baseline.close();
        rejected.close();
        served.close();
        server.stop(0);
    }

    @Benchmark
    public int baseline() throws IOException {
        return baseline.exchange();         // verdict: one HTTP round trip on loopback, the floor
    }

    @Benchmark
    public int rejected() throws IOException {
        return expect(429, rejected.exchange()); // verdict: a 429 costs the floor and no more
    }

    @Benchmark
    public int served() throws IOException {
        return expect(200, served.exchange());   // verdict: the floor plus the work the limiter protects
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean tokenBucket() {
        return open.tryAcquire();            // verdict: the limiter's decision, a clock read and a CAS
    }

    private static int expect(int wanted, int status) {
        if (status != wanted) {
            throw new IllegalStateException("expected " + wanted + ", got " + status);
        }
        return status;
    }
}
