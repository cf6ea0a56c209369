package book.ch01.bench;

import book.ch01.echo.BlockingServer;
import book.ch01.echo.EchoHandler;
import book.ch01.echo.Loopback;
import book.ch01.echo.ServerConfig;
import book.ch01.echo.ThreadModel;
import book.ch01.nio.NioEchoConfig;
import book.ch01.nio.NioEchoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/*
 * The question: how many small request/response round trips per second does an echo server
 * sustain with 1, 16 and 256 clients at once, when it serves them with a virtual thread per
 * connection, with a fixed pool of 2 x cores platform threads, or with one selector thread?
 *
 * One benchmark call runs a "session" on each of N client connections at once (N client
 * virtual threads): connect, 32 round trips of a 64-byte message, close. Sessions end, so a
 * server that queues connections (the pool) still finishes them: it serves 4 at a time and
 * the other N - 4 clients wait with their first message unanswered. The figure to read is the
 * auxiliary counter "roundTrips" (round trips per second over all connections); the primary
 * score counts calls, each of which is N sessions.
 *
 * The baseline is the floor: the same 64-byte round trips on one connection kept open, to a
 * bare echo thread with no limits and no connect/close per session.
 *
 * Run:  mvn -q -Pbench -pl chapter01-sockets verify -Djmh.include=EchoThroughputBenchmark
 * Expect (two cores): every server well under the baseline at 1 connection, where wake-ups and
 * the connect/close of each session dominate, the pool ahead there (the kernel wakes its thread
 * directly); at 16 and 256 all three within the run's noise. The pool's cost is not throughput
 * but waiting: a client whose connection is queued gets no echo until a session ahead ends.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EchoThroughputBenchmark {

    static final int MESSAGE_BYTES = 64;
    static final int ROUND_TRIPS_PER_SESSION = 32;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Round trips completed, reported by JMH per second next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class RoundTrips {
        public long roundTrips;

        @Setup(Level.Iteration)
        public void reset() {
            roundTrips = 0;
        }
    }

    @State(Scope.Benchmark)
    public static class Servers {
        // virtual: right for blocking code, a thread per connection at the cost of a heap object
        // pool: wrong for long-lived connections, each holds one of 2 x cores threads and the rest queue
        // nio: right when one thread must hold them all, at the cost of the selector loop's code
        @Param({"virtual", "pool", "nio"})
        public String server;

        @Param({"1", "16", "256"})
        public int connections;

        private AutoCloseable running;
        private int port;
        private ExecutorService clients;

        @Setup(Level.Trial)
        public void start() throws IOException {
            int limit = 4 * connections + 64; // sessions of one call may overlap the last call's closes
            if (server.equals("nio")) {
                NioEchoServer nio = NioEchoServer.start(NioEchoConfig.defaults().withMaxConnections(limit));
                running = nio;
                port = nio.port();
            } else {
                ThreadModel threads = server.equals("pool")
                        ? ThreadModel.platformPool(2 * Runtime.getRuntime().availableProcessors())
                        : ThreadModel.virtualThreads();
                BlockingServer blocking = BlockingServer.start(ServerConfig.defaults().withMaxConnections(limit)
                        .withBacklog(1024).withThreadModel(threads), new EchoHandler());
                running = blocking;
                port = blocking.port();
            }
            clients = Executors.newVirtualThreadPerTaskExecutor();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            clients.close();
            running.close();
        }
    }

    @State(Scope.Benchmark)
    public static class RawPingPong {
        private ServerSocket listener;
        private Thread echo;
        private Socket client;

        @Setup(Level.Trial)
        public void start() throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            echo = Thread.ofPlatform().name("raw-echo").start(this::echoOne);
            client = Loopback.connect(listener.getLocalPort(), TIMEOUT);
        }

        private void echoOne() {
            try (Socket socket = listener.accept()) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the client closed at tear-down
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            client.close();
            listener.close();
            echo.join(TIMEOUT);
        }
    }

    /** The floor: one open connection, a bare echo thread. */
    @Benchmark
    public void baseline(RawPingPong raw, RoundTrips counter) throws IOException {
        roundTrips(raw.client, new byte[MESSAGE_BYTES], new byte[MESSAGE_BYTES]);
        counter.roundTrips += ROUND_TRIPS_PER_SESSION;
    }

    /** N sessions at once, one per client connection. */
    @Benchmark
    public void sessions(Servers servers, RoundTrips counter) throws Exception {
        List<Future<?>> running = new ArrayList<>(servers.connections);
        for (int i = 0; i < servers.connections; i++) {
            running.add(servers.clients.submit(() -> session(servers.port)));
        }
        for (Future<?> session : running) {
            session.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        counter.roundTrips += (long) servers.connections * ROUND_TRIPS_PER_SESSION;
    }

    private static Void session(int port) throws IOException {
        try (Socket socket = Loopback.connect(port, TIMEOUT)) {
            roundTrips(socket, new byte[MESSAGE_BYTES], new byte[MESSAGE_BYTES]);
        }
        return null;
    }

    private static void roundTrips(Socket socket, byte[] message, byte[] reply) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        for (int i = 0; i < ROUND_TRIPS_PER_SESSION; i++) {
            message[0] = (byte) i;
            out.write(message);
            if (in.readNBytes(reply, 0, MESSAGE_BYTES) != MESSAGE_BYTES || reply[0] != message[0]) {
                throw new IOException("round trip " + i + " got a short or wrong echo");
            }
        }
    }
}
