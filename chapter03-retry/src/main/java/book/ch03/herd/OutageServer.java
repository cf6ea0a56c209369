package book.ch03.herd;

import book.ch03.retry.Ticker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A loopback server that is "down" for a window after it starts: it answers {@code 503}
 * until the window ends and {@code 200} after, and logs when each request arrived. The
 * protocol is one line each way: the client sends {@code ATTEMPT n}, the server answers
 * with a status. Bounded: a line limit, a read timeout and a connection limit.
 */
public final class OutageServer implements AutoCloseable {

    static final int MAX_LINE = 64;
    static final int MAX_CONNECTIONS = 256;
    static final int READ_TIMEOUT_MILLIS = 2_000;

    private final ServerSocket listener;
    private final Ticker ticker;
    private final long startNanos;
    private final long outageNanos;
    private final ArrivalLog log = new ArrivalLog();
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public OutageServer(Duration outage) throws IOException {
        this(outage, Ticker.system());
    }

    /** @param ticker the monotonic time the outage and the arrivals are measured on */
    public OutageServer(Duration outage, Ticker ticker) throws IOException {
        this.ticker = ticker;
        this.startNanos = ticker.nanoTime();
        this.outageNanos = outage.toNanos();
        this.listener = new ServerSocket(0, MAX_CONNECTIONS, InetAddress.getLoopbackAddress());
        workers.submit(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public ArrivalLog log() {
        return log;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                if (!connections.tryAcquire()) {
                    socket.close(); // over the limit: shed, keep serving the others
                    continue;
                }
                try {
                    workers.submit(() -> serve(socket));
                } catch (RejectedExecutionException closing) {
                    socket.close(); // accepted just as the server closed
                    return;
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            String line = readLine(socket);
            long now = ticker.nanoTime() - startNanos;
            log.record(now / 1_000_000, attemptOf(line));
            String status = now < outageNanos ? "503\n" : "200\n";
            OutputStream out = socket.getOutputStream();
            out.write(status.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | IllegalArgumentException e) {
            // a broken or malformed client: its connection is closed, the others go on
        } finally {
            connections.release();
        }
    }

    private static String readLine(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed before the end of the line");
            }
            if (sb.length() == MAX_LINE) {
                throw new IllegalArgumentException("request line exceeds the " + MAX_LINE + "-character limit");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static int attemptOf(String line) {
        if (!line.startsWith("ATTEMPT ")) {
            throw new IllegalArgumentException("expected 'ATTEMPT n', got '" + line + "'");
        }
        return Integer.parseInt(line.substring("ATTEMPT ".length()).trim());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
