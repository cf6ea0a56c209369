package book.ch01.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * Question: does TCP_NODELAY matter for a small request/response exchange?
 *
 * A client sends a 64-byte request (32-byte header + 32-byte body) to a loopback server that
 * answers with 64 bytes once it has the whole request, and waits for the answer. Written as two
 * writes with Nagle's algorithm on (TCP_NODELAY off), the body waits for the ACK of the header,
 * and the server delays that ACK because it has nothing to send yet: the round trip takes about
 * 40 ms on Linux instead of tens of microseconds. Either fix removes the stall: TCP_NODELAY on,
 * or the whole request in one write.
 *
 * Run:  mvn -q -Pbench -pl chapter01-sockets verify -Djmh.include=NagleBenchmark
 * Expect: twoWritesNagle near 40,000 us/op; the other three within a small factor of baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class NagleBenchmark {

    private static final int HEADER = 32;
    private static final int BODY = 32;
    private static final int REPLY = 64;

    private LoopbackBenchServer server;
    private Socket nagle;
    private Socket noDelay;
    private final byte[] header = new byte[HEADER];
    private final byte[] body = new byte[BODY];
    private final byte[] request = new byte[HEADER + BODY];
    private final byte[] reply = new byte[REPLY];

    @Setup(Level.Trial)
    public void start() throws IOException {
        server = LoopbackBenchServer.replying(HEADER + BODY, REPLY);
        nagle = server.connect(false);
        noDelay = server.connect(true);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        nagle.close();
        noDelay.close();
        server.close();
    }

    // tag::round-trip[]
    private int twoWrites(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(header); // leaves at once: nothing is unacknowledged
        out.write(body);   // with Nagle: waits for the ACK of the header
        return readReply(socket.getInputStream());
    }

    private int oneWrite(Socket socket) throws IOException {
        socket.getOutputStream().write(request); // header and body in one segment
        return readReply(socket.getInputStream());
    }
    // end::round-trip[]

    private int readReply(InputStream in) throws IOException {
        int n = in.readNBytes(reply, 0, REPLY);
        if (n != REPLY) {
            throw new IOException("the server closed after " + n + " of " + REPLY + " reply bytes");
        }
        return n;
    }

    /** Baseline: one write, TCP_NODELAY on. The round trip as fast as loopback allows. */
    @Benchmark
    public int baseline() throws IOException {
        return oneWrite(noDelay);
    }

    /** Wrong: two writes with Nagle on. Stalls on the peer's delayed ACK, about 40 ms a request. */
    @Benchmark
    public int twoWritesNagle() throws IOException {
        return twoWrites(nagle);
    }

    /** Right: two writes with TCP_NODELAY on. The body leaves without waiting for an ACK. */
    @Benchmark
    public int twoWritesNoDelay() throws IOException {
        return twoWrites(noDelay);
    }

    /** Also right: Nagle on, but one write. Nothing small is ever left waiting. */
    @Benchmark
    public int oneWriteNagle() throws IOException {
        return oneWrite(nagle);
    }
}
