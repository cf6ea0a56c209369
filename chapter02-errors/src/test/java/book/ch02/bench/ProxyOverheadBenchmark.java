package book.ch02.bench;

import book.ch02.fixture.EchoUpstream;
import book.ch02.proxy.FaultProxy;
import book.ch02.proxy.ProxyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/*
 * The question: what does the fault proxy cost when no fault is set? A test that puts it
 * between client and server should measure the client, not the proxy. What a reader would use
 * instead is socat, so the target is socat's cost, measured by the proxy yardstick outside the
 * book (chapter 2's text): this benchmark shows where the proxy's own time goes, JDK only.
 *
 * Each pair goes to the same upstream directly (the baseline) and through the proxy, in the
 * same run. Transfers are in Throughput mode, one operation = 1 MiB, so ops/s reads as MiB/s.
 * Round trips are in SampleTime mode, so the result file holds the median (p0.50).
 *
 * Run: mvn -q -Pbench -pl chapter02-errors verify -Djmh.include=ProxyOverheadBenchmark
 */
@State(Scope.Thread)
public class ProxyOverheadBenchmark {

    private static final int MESSAGE = 64;
    private static final int TRANSFER = 1 << 20;
    private static final int SOCKET_TIMEOUT_MS = 10_000;

    private EchoUpstream echo;
    private AckingSink sink;
    private FaultProxy echoProxy;
    private FaultProxy virtualEchoProxy;
    private FaultProxy sinkProxy;
    private FaultProxy smallBufferSinkProxy;
    private Socket directEcho;
    private Socket proxiedEcho;
    private Socket virtualProxiedEcho;
    private Socket directSink;
    private Socket proxiedSink;
    private Socket smallBufferSink;
    private final byte[] message = new byte[MESSAGE];
    private final byte[] reply = new byte[MESSAGE];
    private final byte[] transfer = new byte[TRANSFER];

    @Setup
    public void start() throws IOException {
        echo = EchoUpstream.start();
        sink = new AckingSink();
        echoProxy = FaultProxy.start(echo.port());
        virtualEchoProxy = FaultProxy.start(ProxyConfig.forUpstream(echo.port()).withVirtualThreads(true));
        sinkProxy = FaultProxy.start(sink.port());
        smallBufferSinkProxy = FaultProxy.start(ProxyConfig.forUpstream(sink.port()).withBufferSize(1024));
        directEcho = connect(echo.port());
        proxiedEcho = connect(echoProxy.port());
        virtualProxiedEcho = connect(virtualEchoProxy.port());
        directSink = connect(sink.port());
        proxiedSink = connect(sinkProxy.port());
        smallBufferSink = connect(smallBufferSinkProxy.port());
    }

    @TearDown
    public void stop() throws IOException {
        for (Socket s : new Socket[] {directEcho, proxiedEcho, virtualProxiedEcho, directSink, proxiedSink, smallBufferSink}) {
            s.close();
        }
        echoProxy.close();
        virtualEchoProxy.close();
        sinkProxy.close();
        smallBufferSinkProxy.close();
        sink.close();
        echo.close();
    }

    // Baseline: 64 bytes to the echo server and back, no proxy.
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int baselineRoundTripDirect() throws IOException {
        return roundTrip(directEcho);
    }

    // Right way: through the proxy with its defaults: TCP_NODELAY on both legs, one write per
    // read, pumps on platform threads.
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int roundTripThroughProxy() throws IOException {
        return roundTrip(proxiedEcho);
    }

    // Where the added time goes: the same proxy with its pumps on virtual threads, which the
    // JDK's poller wakes and a carrier thread then runs, instead of the kernel waking them directly.
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int roundTripThroughProxyOnVirtualThreads() throws IOException {
        return roundTrip(virtualProxiedEcho);
    }

    // Baseline: 1 MiB to a server that acknowledges it with one byte, no proxy.
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int baselineTransferDirect() throws IOException {
        return send(directSink);
    }

    // Right way: through the proxy with its default buffer per direction (ProxyConfig.DEFAULT_BUFFER_SIZE).
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int transferThroughProxy() throws IOException {
        return send(proxiedSink);
    }

    // Wrong way: a 1 KiB buffer; every KiB costs a read, a write and two thread wake-ups.
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int wrongTransferThroughProxyWithSmallBuffer() throws IOException {
        return send(smallBufferSink);
    }

    private int roundTrip(Socket socket) throws IOException {
        socket.getOutputStream().write(message);
        return socket.getInputStream().readNBytes(reply, 0, MESSAGE);
    }

    private int send(Socket socket) throws IOException {
        socket.getOutputStream().write(transfer);
        return socket.getInputStream().read(); // the sink's acknowledgement
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        return socket;
    }

    /** Reads 1 MiB, answers one byte, repeats: the transfer's far end. */
    static final class AckingSink implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = Thread.ofVirtual().start(this::acceptLoop);

        AckingSink() throws IOException {
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> drain(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void drain(Socket socket) {
            try (socket) {
                socket.setSoTimeout(SOCKET_TIMEOUT_MS * 6);
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[64 * 1024];
                long received = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received += n;
                    for (; received >= TRANSFER; received -= TRANSFER) {
                        out.write(1);
                    }
                }
            } catch (IOException e) {
                // the benchmark closed its socket
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
