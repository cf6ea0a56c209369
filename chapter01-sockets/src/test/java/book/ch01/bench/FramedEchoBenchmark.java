package book.ch01.bench;

import book.ch01.echo.BlockingServer;
import book.ch01.echo.Loopback;
import book.ch01.echo.ServerConfig;
import book.ch01.echo.ThreadModel;
import book.ch01.framing.FrameDecoder;
import book.ch01.framing.FrameFormat;
import book.ch01.framing.FramedEchoClient;
import book.ch01.framing.FramedEchoHandler;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
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

/*
 * The question: what does the chapter's framed echo (a length prefix, buffered streams, the
 * BlockingServer's per-connection thread) cost on a small round trip, next to the plainest
 * blocking ping-pong that moves the same 64 bytes over loopback?
 *
 * All four keep one persistent connection and measure one round trip: write 64 bytes, read
 * 64 bytes back (plus a 4-byte header when framed).
 *
 * Run:  mvn -q -Pbench -pl chapter01-sockets verify -Djmh.include=FramedEchoBenchmark
 * What you should see (medians on a shared 2-core machine): framed on platform threads within
 * a few percent of baseline (16.5 vs 16.2 us); framed on virtual threads about 1.8x (29.8 us),
 * the cost of waking a parked virtual thread; two writes with Nagle on, about 47 ms.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class FramedEchoBenchmark {

    static final int SIZE = 64;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final byte[] payload = new byte[SIZE];
    private final byte[] reply = new byte[SIZE];

    private ServerSocket pingPongListener;
    private Thread pingPongServer;
    private Socket pingPongClient;
    private BlockingServer virtualServer;
    private BlockingServer platformServer;
    private FramedEchoClient framedOnVirtual;
    private FramedEchoClient framedOnPlatform;
    private Socket naiveSocket;
    private FrameDecoder naiveReplies;

    @Setup(Level.Trial)
    public void start() throws IOException {
        pingPongListener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pingPongServer = Thread.ofPlatform().name("ping-pong").start(this::pingPong);
        pingPongClient = Loopback.connect(pingPongListener.getLocalPort(), TIMEOUT);

        int limit = FrameFormat.DEFAULT_MAX_FRAME_BYTES;
        virtualServer = BlockingServer.start(ServerConfig.defaults(), new FramedEchoHandler(limit));
        platformServer = BlockingServer.start(
                ServerConfig.defaults().withThreadModel(ThreadModel.platformPool(4)), new FramedEchoHandler(limit));
        framedOnVirtual = FramedEchoClient.connect(virtualServer.port(), limit, TIMEOUT);
        framedOnPlatform = FramedEchoClient.connect(platformServer.port(), limit, TIMEOUT);

        naiveSocket = Loopback.connect(virtualServer.port(), TIMEOUT);
        naiveSocket.setTcpNoDelay(false);                   // the JDK's default: Nagle on
        naiveReplies = new FrameDecoder(new BufferedInputStream(naiveSocket.getInputStream()), limit);
    }

    /** The baseline's server: read exactly 64 bytes, write them back, on a platform thread. */
    private void pingPong() {
        try (Socket socket = pingPongListener.accept()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Duration.ofMinutes(10).toMillis());
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[SIZE];
            while (in.readNBytes(buffer, 0, SIZE) == SIZE) {
                out.write(buffer);
            }
        } catch (IOException e) {
            // the benchmark's teardown closed the connection
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        pingPongClient.close();
        pingPongListener.close();
        pingPongServer.join(TIMEOUT);
        naiveSocket.close();
        framedOnVirtual.close();
        framedOnPlatform.close();
        virtualServer.close();
        platformServer.close();
    }

    // Baseline: the plainest blocking ping-pong, TCP_NODELAY on both ends, no framing.
    @Benchmark
    public byte[] baseline() throws IOException {
        pingPongClient.getOutputStream().write(payload);
        pingPongClient.getInputStream().readNBytes(reply, 0, SIZE);
        return reply;
    }

    // Right: the chapter's framed echo on its default, a virtual thread per connection; ~1.8x baseline here.
    @Benchmark
    public byte[] framedOnVirtualThreads() throws IOException {
        return framedOnVirtual.roundTrip(payload);
    }

    // Right, too: the same on platform threads; matches baseline, so framing itself costs ~nothing.
    @Benchmark
    public byte[] framedOnPlatformThreads() throws IOException {
        return framedOnPlatform.roundTrip(payload);
    }

    // Wrong: header and payload in two writes with Nagle on; each payload waits ~40 ms for an ACK.
    @Benchmark
    public byte[] framedTwoWritesWithNagle() throws IOException {
        OutputStream out = naiveSocket.getOutputStream();
        out.write(ByteBuffer.allocate(4).putInt(SIZE).array());
        out.write(payload);
        return naiveReplies.readFrame();
    }
}
