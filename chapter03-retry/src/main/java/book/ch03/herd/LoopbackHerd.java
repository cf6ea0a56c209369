package book.ch03.herd;

import book.ch03.backoff.Backoff;
import book.ch03.retry.Retry;
import book.ch03.retry.RetryGate;
import book.ch03.retry.RetryListener;
import book.ch03.retry.RetryPolicy;
import book.ch03.retry.Sleeper;
import book.ch03.retry.Ticker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The herd for real: many clients, one virtual thread each, call an {@link OutageServer}
 * that is down for a while, and retry with the given backoff. What the server saw (the
 * arrivals per moment) shows whether the retries came as synchronized spikes or spread out.
 */
public final class LoopbackHerd {

    static final int TIMEOUT_MILLIS = 2_000;
    /** Far more than the deadline allows, so the deadline is what ends a client's retrying. */
    static final int MAX_ATTEMPTS = 100;
    /** Each client draws its jitter from its own seeded generator: a run is repeatable. */
    static final long SEED = 42;

    /** How the herd ended: the server's log and how many clients got their 200. */
    public record Result(ArrivalLog log, int succeeded, int clients) {
    }

    private LoopbackHerd() {
    }

    /** The herd on real time: real sleeps, the arrivals as the server's clock saw them. */
    public static Result run(int clients, Duration outage, Backoff backoff) throws Exception {
        return run(clients, outage, backoff, Ticker.system(), Sleeper.system());
    }

    // tag::herd[]
    public static Result run(int clients, Duration outage, Backoff backoff, Ticker ticker, Sleeper sleeper)
            throws Exception {
        // Bounded by time, not by a small count: with full jitter, 8 draws can all be short and
        // give up inside the outage; 10 s of retrying always outlasts it.
        RetryPolicy<Integer> policy = RetryPolicy.<Integer>builder().maxAttempts(MAX_ATTEMPTS).backoff(backoff)
                .maxDuration(Duration.ofSeconds(10)).retryOnResult(status -> status == 503).build();
        try (OutageServer server = new OutageServer(outage, ticker);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Retry<Integer> retry = Retry.of(policy, ticker, sleeper,
                        new SplittableRandom(SEED + c), RetryListener.NONE, RetryGate.UNLIMITED); // same draws every run
                AtomicInteger attempt = new AtomicInteger();
                calls.add(threads.submit(() -> retry.call(() -> call(server.port(), attempt.incrementAndGet()))));
            }
            int ok = 0;
            for (Future<Integer> call : calls) {
                ok += call.get(30, TimeUnit.SECONDS) == 200 ? 1 : 0;
            }
            return new Result(server.log(), ok, clients);
        }
    }
    // end::herd[]

    /** One attempt: connect, say which attempt this is, read the status. */
    static int call(int port, int attempt) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(("ATTEMPT " + attempt + "\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            if (status == null) {
                throw new IOException("the server closed the connection without a status");
            }
            return Integer.parseInt(status.trim());
        }
    }
}
