package book.ch05.replica;

import book.ch05.time.Ticker;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * One replica of a small HTTP/1.1 service on 127.0.0.1, whose misbehaviour a test or an operator
 * changes while it runs ({@link Behaviour}): a latency with a heavy tail, a 503 failure rate, a
 * stall (accepts, reads, never answers), corrupt replies, a failing health check, and
 * {@link #kill()} for a process that dies. It serves in-process in tests and as an OS process
 * (the {@code replica} program).
 *
 * <p>Paths: {@code GET /health} (200 "ok", or 503 when unhealthy), {@code GET /heartbeat}
 * (200 and a sequence number), {@code POST /admin?stall=true&failure-rate=0.2&...} (changes the
 * behaviour, answered even when stalled or corrupt), and any other path is work: {@code GET}
 * answers the replica's name; {@code POST} has an effect recorded in the {@link Ledger}, keyed by
 * the {@code Idempotency-Key} header when present. Every answer carries {@code X-Replica: NAME}.
 *
 * <p>While a request waits out its latency the replica watches its connection: a client that
 * closes it (a cancelled hedge, a client that timed out) is counted as {@code abandoned}, and the
 * replica stops working on it. A POST's effect happens when the request arrives, before the
 * latency, so a replica killed while "working" has already charged: the case that makes moving a
 * non-idempotent request to another replica unsafe without its idempotency key.
 *
 * <p>Protects itself like every server in the book: an idle/read timeout, limits on lines,
 * headers and body ({@link Request}), a connection limit answered with a cheap 503, and a
 * graceful {@link #close()} that lets in-flight requests finish within a grace period.
 */
public final class ReplicaServer implements AutoCloseable {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

    /**
     * @param name           shown in {@code X-Replica} and in answers
     * @param port           0 for any free port
     * @param behaviour      how it starts
     * @param ledger         where effects go; share one between replicas of one service
     * @param random         draws the tail and the failures; seeded for exact tests
     * @param maxConnections connections served at once, 1..100000; more are answered 503 and closed
     * @param idleTimeout    how long a connection may sit between requests or inside one
     * @param grace          how long {@link #close()} waits for requests in flight
     */
    public record Config(String name, int port, Behaviour behaviour, Ledger ledger, RandomGenerator random,
            int maxConnections, Duration idleTimeout, Duration grace) {

        public Config {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) { // it goes into a header: no CR, LF or spaces
                throw new IllegalArgumentException("name must be 1..64 of A-Z a-z 0-9 . _ -, not '" + name + "'");
            }
            Objects.requireNonNull(behaviour, "behaviour");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(random, "random");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, not " + port);
            }
            if (maxConnections < 1 || maxConnections > 100_000) {
                throw new IllegalArgumentException("maxConnections must be 1..100000, not " + maxConnections);
            }
            if (idleTimeout.toMillis() < 1 || idleTimeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("idleTimeout must be 1ms..1h, not " + idleTimeout);
            }
            if (grace.isNegative() || grace.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("grace must be 0..1m, not " + grace);
            }
        }

        /** A fast, healthy replica on a free port with its own ledger and a seeded random. */
        public static Config of(String name) {
            return new Config(name, 0, Behaviour.FAST, new Ledger(), seeded(1),
                    DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT, DEFAULT_GRACE);
        }

        /** A seeded generator, so that the same seed draws the same tail and failures. */
        public static RandomGenerator seeded(long seed) {
            return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        }

        public Config withPort(int p) {
            return new Config(name, p, behaviour, ledger, random, maxConnections, idleTimeout, grace);
        }

        public Config withBehaviour(Behaviour b) {
            return new Config(name, port, b, ledger, random, maxConnections, idleTimeout, grace);
        }

        public Config withLedger(Ledger l) {
            return new Config(name, port, behaviour, l, random, maxConnections, idleTimeout, grace);
        }

        public Config withRandom(RandomGenerator r) {
            return new Config(name, port, behaviour, ledger, r, maxConnections, idleTimeout, grace);
        }

        public Config withMaxConnections(int n) {
            return new Config(name, port, behaviour, ledger, random, n, idleTimeout, grace);
        }

        public Config withIdleTimeout(Duration d) {
            return new Config(name, port, behaviour, ledger, random, maxConnections, d, grace);
        }

        public Config withGrace(Duration d) {
            return new Config(name, port, behaviour, ledger, random, maxConnections, idleTimeout, d);
        }
    }

    /**
     * What the replica has seen so far.
     *
     * @param connections accepted connections
     * @param refused     connections over the limit, answered 503 and closed
     * @param requests    work requests received (not health, heartbeat or admin)
     * @param ok          work requests answered 2xx
     * @param failed      work requests answered 503 by the failure rate
     * @param abandoned   requests whose client closed the connection before the answer
     * @param stalled     requests received while stalled (never answered)
     * @param inFlight    work requests received, acted on (a POST's effect is done) and not yet answered
     * @param healthChecks {@code /health} requests answered
     */
    public record Counts(long connections, long refused, long requests, long ok, long failed, long abandoned,
            long stalled, long inFlight, long healthChecks) {}

    private enum State { IDLE, BUSY }

    private final Config config;
    private final ServerSocket listener;
    private final AtomicReference<Behaviour> behaviour;
    private final Semaphore permits;
    private final Map<Socket, AtomicReference<State>> open = new ConcurrentHashMap<>();
    private final Ticker ticker = Ticker.system(); // the latency is real time: it is the lesson
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Thread acceptor;

    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong healthChecks = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();

    private ReplicaServer(Config config, ServerSocket listener) {
        this.config = config;
        this.listener = listener;
        this.behaviour = new AtomicReference<>(config.behaviour());
        this.permits = new Semaphore(config.maxConnections());
    }

    /** Binds 127.0.0.1 and starts accepting on a virtual thread. */
    public static ReplicaServer start(Config config) throws IOException {
        ServerSocket listener = new ServerSocket(config.port(), 128, InetAddress.getLoopbackAddress());
        ReplicaServer server = new ReplicaServer(config, listener);
        server.acceptor = Thread.ofVirtual().name("replica-" + config.name() + "-accept").start(server::acceptLoop);
        return server;
    }

    /** A fast, healthy replica named {@code name} on a free port. */
    public static ReplicaServer start(String name) throws IOException {
        return start(Config.of(name));
    }

    public String name() {
        return config.name();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    public int port() {
        return listener.getLocalPort();
    }

    public Ledger ledger() {
        return config.ledger();
    }

    public Behaviour behaviour() {
        return behaviour.get();
    }

    /** Replaces the behaviour; requests already waiting keep the latency they drew. */
    public void update(UnaryOperator<Behaviour> change) {
        behaviour.updateAndGet(change);
    }

    public Counts counts() {
        return new Counts(connections.get(), refused.get(), requests.get(), ok.get(), failed.get(), abandoned.get(),
                stalled.get(), inFlight.get(), healthChecks.get());
    }

    /** Blocks until the replica has been closed or killed. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * Dies at once, as {@code kill -9} would: the listener and every connection close now, and
     * clients in the middle of a request see the connection end without an answer.
     */
    public void kill() {
        closing = true;
        closeQuietly(listener);
        open.keySet().forEach(ReplicaServer::closeQuietly);
        awaitAcceptorExit();
        stopped.countDown();
    }

    /**
     * The JDK defers closing a listening socket that a thread is blocked on until that thread
     * leaves {@code accept}; until then the kernel still completes handshakes (and then resets
     * them). Waiting for the acceptor makes "killed" mean "refuses connections" when kill returns.
     */
    private void awaitAcceptorExit() {
        Thread t = acceptor;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting, closes idle connections, lets requests in flight finish within the grace period, then kills the rest. */
    @Override
    public void close() {
        closing = true;
        closeQuietly(listener);
        long deadline = ticker.nanoTime() + config.grace().toNanos();
        while (true) {
            open.forEach((socket, state) -> {
                if (state.get() == State.IDLE) {
                    closeQuietly(socket);
                }
            });
            if (open.isEmpty() || deadline - ticker.nanoTime() <= 0) {
                break;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        kill();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                break; // the listener was closed
            }
            connections.incrementAndGet();
            if (!permits.tryAcquire()) {
                refused.incrementAndGet();
                Thread.ofVirtual().start(() -> refuse(socket));
                continue;
            }
            AtomicReference<State> state = new AtomicReference<>(State.IDLE);
            open.put(socket, state);
            if (closing) { // close() may have swept the map before this put
                closeQuietly(socket);
            }
            Thread.ofVirtual().name("replica-" + config.name()).start(() -> serve(socket, state));
        }
    }

    private void refuse(Socket socket) {
        try (socket) {
            socket.setSoLinger(true, 1);
            respond(socket.getOutputStream(), 503, "too many connections\n", true, null);
        } catch (IOException ignored) {
            // the client left first: nothing to tell it
        }
    }

    private void serve(Socket socket, AtomicReference<State> state) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(idleMillis());
            PushbackInputStream in = new PushbackInputStream(new BufferedInputStream(socket.getInputStream()), 1);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (!closing) {
                Request request;
                try {
                    request = Request.read(in);
                } catch (Request.BadRequest e) {
                    respond(out, e.status, e.getMessage() + "\n", true, null);
                    return;
                }
                if (request == null) {
                    return;
                }
                state.set(State.BUSY);
                boolean keepOpen = handle(request, socket, in, out);
                state.set(State.IDLE);
                if (!keepOpen || request.wantsClose()) {
                    return;
                }
            }
        } catch (SocketTimeoutException idle) {
            // idle or too slow inside a request: close, as every server with a read timeout does
        } catch (IOException gone) {
            // the peer left or the replica was killed
        } finally {
            open.remove(socket);
            permits.release();
        }
    }

    /** Serves one request; returns whether the connection stays open. */
    private boolean handle(Request r, Socket socket, PushbackInputStream in, OutputStream out) throws IOException {
        if (r.path().equals("/admin")) {
            return admin(r, out);
        }
        Behaviour b = behaviour.get();
        if (b.stalled()) {
            stalled.incrementAndGet();
            awaitPeerLeaving(socket, in);
            abandoned.incrementAndGet();
            return false;
        }
        if (b.corrupt()) {
            out.write("HTTP/1.1 2?? \u0000\u00ff garbled\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return false;
        }
        switch (r.path()) {
            case "/health" -> {
                healthChecks.incrementAndGet();
                return respond(out, b.healthy() ? 200 : 503, b.healthy() ? "ok\n" : "unhealthy\n", closing, null);
            }
            case "/heartbeat" -> {
                return respond(out, 200, config.name() + " " + heartbeats.incrementAndGet() + "\n", closing, null);
            }
            case "/metrics" -> {
                return respond(out, 200, ReplicaMetrics.render(config.name(), counts()), closing, null);
            }
            default -> {
                return work(r, b, socket, in, out);
            }
        }
    }

    private boolean work(Request r, Behaviour b, Socket socket, PushbackInputStream in, OutputStream out) throws IOException {
        requests.incrementAndGet();
        Duration latency;
        boolean fail;
        synchronized (config.random()) { // a RandomGenerator is not thread-safe
            latency = config.random().nextDouble() < b.tailProbability() ? b.tailLatency() : b.baseLatency();
            fail = config.random().nextDouble() < b.failureRate();
        }
        Ledger.Outcome effect = null;
        if (!fail && r.method().equals("POST")) {
            effect = config.ledger().apply(clientOf(r), r.header("idempotency-key"), r.header("x-request-id"), config.name());
        }
        inFlight.incrementAndGet(); // after the effect: "in flight" means "has acted, not yet answered"
        try {
            if (!waitOrAbandon(socket, in, latency.toNanos())) {
                abandoned.incrementAndGet();
                return false;
            }
            if (fail) {
                failed.incrementAndGet();
                return respond(out, 503, config.name() + " failed\n", closing, null);
            }
            ok.incrementAndGet();
            if (effect == null) {
                return respond(out, 200, config.name() + "\n", closing, null);
            }
            return respond(out, 200, effect.answer() + "\n", closing, effect.replayed() ? "Idempotent-Replayed: true\r\n" : null);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static String clientOf(Request r) {
        String client = r.header("x-client-id");
        return client == null ? "anonymous" : client;
    }

    /**
     * Waits {@code nanos} while watching the connection: returns false as soon as the client
     * closes it (read returns -1 or fails), true when the time is up.
     */
    private boolean waitOrAbandon(Socket socket, PushbackInputStream in, long nanos) throws IOException {
        long deadline = ticker.nanoTime() + nanos; // nanos <= 10 minutes: no overflow
        try {
            while (true) {
                long left = deadline - ticker.nanoTime();
                if (left <= 0) {
                    return true;
                }
                socket.setSoTimeout((int) Math.max(1, (left + 999_999) / 1_000_000));
                int next;
                try {
                    next = in.read();
                } catch (SocketTimeoutException stillThere) {
                    continue;
                } catch (IOException reset) {
                    return false;
                }
                if (next < 0) {
                    return false;
                }
                in.unread(next); // a pipelined request: keep it, and just wait out the rest
                sleepNanos(deadline - ticker.nanoTime());
                return true;
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(idleMillis());
            }
        }
    }

    /** A stalled replica holds the connection until the client gives up or the replica stops. */
    private void awaitPeerLeaving(Socket socket, PushbackInputStream in) throws IOException {
        socket.setSoTimeout(0);
        try {
            while (in.read() >= 0) {
                // discard whatever else the client sends; still never answer
            }
        } catch (IOException gone) {
            // reset by the client, or the replica was killed
        }
    }

    private static void sleepNanos(long nanos) throws IOException {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private boolean admin(Request r, OutputStream out) throws IOException {
        if (!r.method().equals("POST")) {
            return respond(out, 405, "use POST /admin?stall=true&corrupt=false&healthy=true&failure-rate=0.1"
                    + "&latency-ms=5&tail-probability=0.01&tail-latency-ms=1000\n", closing, null);
        }
        try {
            Behaviour changed = AdminQuery.apply(behaviour.get(), r.query());
            behaviour.set(changed);
            return respond(out, 200, changed + "\n", closing, null);
        } catch (IllegalArgumentException e) {
            return respond(out, 400, e.getMessage() + "\n", closing, null);
        }
    }

    private int idleMillis() {
        return (int) config.idleTimeout().toMillis(); // <= 1 hour by the config's check
    }

    /** Writes one response; returns whether the connection stays open. */
    private boolean respond(OutputStream out, int status, String body, boolean close, String extraHeaders) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "X-Replica: " + config.name() + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + (extraHeaders == null ? "" : extraHeaders)
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        return !close;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 405 -> "Method Not Allowed";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort: the socket is unusable either way
        }
    }
}
