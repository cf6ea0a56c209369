package book.ch01.bench;

import book.ch01.http.HttpClientConfig;
import book.ch01.http.LoopbackHttpServer;
import book.ch01.http.PlainText;
import book.ch01.http.StatusAwareClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The question: what does a new HttpClient per request cost, compared with one reused client?
 *
 * <p>Each benchmark GETs the same 6-byte body from a loopback jdk.httpserver over HTTP/1.1.
 * {@code baseline} writes the request by hand on one kept-alive socket: no client library at
 * all, the floor for this server. {@code reusedClient} is the right way; {@code newClientPerRequest}
 * (closed after each request, as it must be) is the wrong way: a new selector thread, a new
 * connection and a close every time.
 *
 * <p>Run: {@code mvn -q -Pbench -pl chapter01-sockets verify -Djmh.include=HttpClientReuseBenchmark}
 * Expect the reused client within a small factor of the raw socket, and a new client per request
 * several times slower than the reused one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpClientReuseBenchmark {

    private static final byte[] RAW_REQUEST =
            "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private LoopbackHttpServer server;
    private URI uri;
    private HttpRequest request;
    private HttpClient reused;
    private Socket raw;
    private InputStream rawIn;
    private OutputStream rawOut;

    @Setup(Level.Trial)
    public void start() throws IOException {
        server = LoopbackHttpServer.builder().route("/hello", exchange -> PlainText.send(exchange, 200, "hello\n")).start();
        uri = server.uri("/hello");
        request = HttpRequest.newBuilder(uri).timeout(HttpClientConfig.DEFAULT_REQUEST_TIMEOUT).build(); // never wait forever
        reused = StatusAwareClient.newHttpClient(HttpClientConfig.DEFAULTS); // HTTP/1.1, 2 s connect timeout
        raw = new Socket(InetAddress.getLoopbackAddress(), server.port());
        raw.setSoTimeout(5000);
        raw.setTcpNoDelay(true);
        rawIn = new BufferedInputStream(raw.getInputStream());
        rawOut = raw.getOutputStream();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        raw.close();
        reused.close();
        server.close();
    }

    /** Baseline: a hand-written HTTP/1.1 request on one kept-alive socket; reads up to the known body. */
    @Benchmark
    public int baseline() throws IOException {
        rawOut.write(RAW_REQUEST);
        rawOut.flush();
        return readResponse(rawIn);
    }

    /** Right: one client, its connection kept alive and reused. */
    @Benchmark
    public int reusedClient() throws IOException, InterruptedException {
        return reused.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    /** Wrong: a client per request: new threads, new connection, a close, every time. */
    @Benchmark
    public int newClientPerRequest() throws IOException, InterruptedException {
        try (HttpClient once = StatusAwareClient.newHttpClient(HttpClientConfig.DEFAULTS)) {
            return once.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        }
    }

    /** Reads one response whose body is the 6 bytes "hello\n": headers to the blank line, then the body. */
    private static int readResponse(InputStream in) throws IOException {
        int matched = 0; // progress through "\r\n\r\n"
        int read = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("server closed the connection");
            }
            read++;
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        byte[] body = in.readNBytes(6);
        if (body.length != 6) {
            throw new IOException("short body: " + body.length + " bytes");
        }
        return read + body.length;
    }
}
