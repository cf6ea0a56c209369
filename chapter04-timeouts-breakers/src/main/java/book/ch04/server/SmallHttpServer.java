package book.ch04.server;

import book.ch04.time.Ticker;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chapter's small HTTP/1.1 server on raw sockets: what a server needs so that slow clients
 * cannot take it down, where the JDK's {@code jdk.httpserver} offers only JVM-wide properties.
 * A request's head must arrive whole within the head deadline and its body within the body
 * deadline (whole-request deadlines, not per-read timeouts, so a trickle cannot stretch them);
 * heads and bodies have size limits; at most {@code maxConnections} connections are served at
 * once, and the one over the limit gets a 503 with {@code Retry-After}, written by the accept
 * loop without reading the request, which costs microseconds and no thread.
 *
 * <p>One request per connection ({@code Connection: close}), one virtual thread per connection.
 * {@link #close()} stops accepting, gives running requests {@link Limits#grace()} to finish,
 * then closes what is left. Specified by {@code SmallHttpServerTest}.
 */
public final class SmallHttpServer implements AutoCloseable {

    /**
     * @param headDeadline   the request line and headers must arrive within this, from accept
     * @param bodyDeadline   the body must arrive within this, from the end of the head
     * @param maxHeadBytes   a larger head is answered 431
     * @param maxBodyBytes   a larger declared body is answered 413
     * @param maxConnections connections served at once; beyond, a cheap 503
     * @param retryAfter     the {@code Retry-After} of that 503
     * @param grace          how long {@link #close()} waits for running requests
     */
    public record Limits(Duration headDeadline, Duration bodyDeadline, int maxHeadBytes, int maxBodyBytes,
                         int maxConnections, Duration retryAfter, Duration grace) {

        /** 10 s for a head (a browser on a slow phone needs far less), 30 s for a 1 MiB body, 256 connections. */
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30),
                8 * 1024, 1024 * 1024, 256, Duration.ofSeconds(1), Duration.ofSeconds(5));

        public Limits {
            positive("headDeadline", headDeadline);
            positive("bodyDeadline", bodyDeadline);
            positive("retryAfter", retryAfter);
            positive("grace", grace);
            if (maxHeadBytes < 64 || maxBodyBytes < 0 || maxConnections < 1) {
                throw new IllegalArgumentException("need maxHeadBytes >= 64, maxBodyBytes >= 0, maxConnections >= 1: "
                        + maxHeadBytes + ", " + maxBodyBytes + ", " + maxConnections);
            }
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(name + " must be 1ms..1h: " + d);
            }
        }
    }

    /** A request as the handler sees it; header names in lower case. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {}

    /** What the handler answers. */
    public record Response(int status, String body) {}

    /** The application. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws IOException, InterruptedException;
    }

    /** A request the server refuses, with the status that says why. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Limits limits;
    private final Handler handler;
    private final Ticker ticker;
    private final ServerSocket listener;
    private final Semaphore slots;
    private final byte[] overloaded;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Thread acceptor;

    private SmallHttpServer(Limits limits, Handler handler, Ticker ticker) throws IOException {
        this.limits = limits;
        this.handler = handler;
        this.ticker = ticker;
        this.slots = new Semaphore(limits.maxConnections());
        this.overloaded = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: " + Math.max(1, limits.retryAfter().toSeconds())
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        this.acceptor = Thread.ofPlatform().name("small-http-accept").daemon().start(this::acceptLoop);
    }

    /** Serves {@code handler} on 127.0.0.1, on a free port. */
    public static SmallHttpServer start(Limits limits, Handler handler) throws IOException {
        return new SmallHttpServer(limits, handler, Ticker.system());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Requests answered by the handler. */
    public long served() {
        return served.get();
    }

    /** Connections over the limit, answered 503 without being read. */
    public long rejected() {
        return rejected.get();
    }

    /** Requests whose head or body missed its deadline (answered 408 and closed). */
    public long timedOut() {
        return timedOut.get();
    }

    /** Requests refused for their size or form (400, 413, 431). */
    public long refused() {
        return refused.get();
    }

    /** Connections being served now. */
    public int openConnections() {
        return open.size();
    }

    // tag::accept[]
    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!slots.tryAcquire()) {
                rejectCheaply(socket); // no thread, no parsing: the overload answer must cost less than work
                continue;
            }
            open.add(socket);
            threads.execute(() -> {
                try {
                    serve(socket);
                } finally {
                    open.remove(socket);
                    slots.release();
                }
            });
        }
    }

    private void rejectCheaply(Socket socket) {
        rejected.incrementAndGet();
        try (socket) {
            socket.getOutputStream().write(overloaded); // 90 bytes fit any empty send buffer: no block
            socket.shutdownOutput();
        } catch (IOException e) {
            // the client is gone: nothing to tell it
        }
    }
    // end::accept[]

    private void serve(Socket socket) {
        try (socket) {
            DeadlineInputStream deadlined = new DeadlineInputStream(socket, socket.getInputStream(), ticker);
            InputStream in = new BufferedInputStream(deadlined);
            OutputStream out = socket.getOutputStream();
            Response response;
            try {
                // tag::phases[]
                deadlined.deadline(limits.headDeadline(), "request head");
                Request head = readHead(in);
                deadlined.deadline(limits.bodyDeadline(), "request body");
                Request request = readBody(in, head);
                // end::phases[]
                response = handler.handle(request);
                served.incrementAndGet();
            } catch (SocketTimeoutException e) {
                timedOut.incrementAndGet();
                response = new Response(408, e.getMessage());
            } catch (Refused e) {
                refused.incrementAndGet();
                response = new Response(e.status, e.getMessage());
            }
            write(out, response);
        } catch (IOException e) {
            // the client went away mid-request: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Request readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // how much of CR LF CR LF we have seen
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("EOF inside the request head");
            }
            if (head.size() >= limits.maxHeadBytes()) {
                throw new Refused(431, "request head exceeds " + limits.maxHeadBytes() + " bytes");
            }
            head.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new Refused(400, "bad request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new Refused(400, "bad header line " + i);
            }
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Request(requestLine[0], requestLine[1], headers, new byte[0]);
    }

    private Request readBody(InputStream in, Request head) throws IOException {
        String length = head.headers().get("content-length");
        if (length == null) {
            return head;
        }
        long n;
        try {
            n = Long.parseLong(length);
        } catch (NumberFormatException e) {
            throw new Refused(400, "bad content-length");
        }
        if (n < 0 || n > limits.maxBodyBytes()) {
            throw new Refused(413, "body of " + length + " bytes exceeds the " + limits.maxBodyBytes() + "-byte limit");
        }
        byte[] body = in.readNBytes((int) n);
        if (body.length < n) {
            throw new IOException("EOF inside the request body");
        }
        return new Request(head.method(), head.target(), head.headers(), body);
    }

    private static void write(OutputStream out, Response r) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + r.status() + " " + reason(r.status()) + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(limits.grace().toMillis(), TimeUnit.MILLISECONDS)) {
                open.forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException e) {
                        // closing after the grace period: nothing more to do
                    }
                });
                threads.awaitTermination(5, TimeUnit.SECONDS);
            }
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
