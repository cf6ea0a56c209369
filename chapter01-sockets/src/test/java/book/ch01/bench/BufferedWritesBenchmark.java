package book.ch01.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/*
 * Question: what do many small writes to a socket cost, and does a BufferedOutputStream fix it?
 *
 * 16,000 bytes go to a loopback server that discards them, as 1,000 writes of 16 bytes straight
 * to the socket's stream (each one a system call and, with TCP_NODELAY on, a segment of its own),
 * as the same 1,000 writes through a BufferedOutputStream (two system calls), and, as the
 * baseline, as one write of 16,000 bytes.
 *
 * Run:  mvn -q -Pbench -pl chapter01-sockets verify -Djmh.include=BufferedWritesBenchmark
 * Expect: unbuffered hundreds of times slower than baseline; buffered a few times slower than
 * baseline (1,000 calls into the buffer) and tens of times faster than unbuffered.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class BufferedWritesBenchmark {

    private static final int WRITES = 1_000;
    private static final int WRITE_BYTES = 16;

    private LoopbackBenchServer server;
    private Socket socket;
    private OutputStream raw;
    private OutputStream buffered;
    private final byte[] small = new byte[WRITE_BYTES];
    private final byte[] whole = new byte[WRITES * WRITE_BYTES];

    @Setup(Level.Trial)
    public void start() throws IOException {
        server = LoopbackBenchServer.discarding();
        socket = server.connect(true); // the book's default: TCP_NODELAY on
        raw = socket.getOutputStream();
        buffered = new BufferedOutputStream(raw, 8 * 1024);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        socket.close();
        server.close();
    }

    /** Baseline: the same 16,000 bytes in one write. */
    @Benchmark
    public void baseline() throws IOException {
        raw.write(whole);
    }

    /** Wrong: 1,000 system calls and 1,000 tiny segments. */
    @Benchmark
    public void unbuffered() throws IOException {
        for (int i = 0; i < WRITES; i++) {
            raw.write(small);
        }
    }

    // tag::buffered[]
    /** Right: the writes fill an 8 KiB buffer in memory; flush() hands it to the socket. */
    @Benchmark
    public void buffered() throws IOException {
        for (int i = 0; i < WRITES; i++) {
            buffered.write(small);
        }
        buffered.flush();
    }
    // end::buffered[]
}
