package book.ch04.server;

import book.ch04.time.Ticker;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input with a deadline for a whole part of a request (its head, its body) instead of
 * a timeout per read. A per-read timeout ({@code SO_TIMEOUT}) restarts at every byte, so a
 * client that sends one byte every few seconds (slowloris) holds the connection forever; here
 * every read waits at most what is left of the deadline, so the whole head arrives within it or
 * the read throws {@link SocketTimeoutException}.
 *
 * <p>Wrap the socket's raw stream in this and put any buffering on top, so that each read from
 * the socket is bounded. The deadline is set per phase with {@link #deadline}; before the first
 * call reads are unbounded. Runs on a monotonic {@link Ticker}. Copyable unit "read-deadline"
 * with {@code Ticker}.
 *
 * <p>Specified by: DeadlineInputStreamTest, SmallHttpServerTest
 */
public final class DeadlineInputStream extends FilterInputStream {

    private final Socket socket;
    private final Ticker ticker;
    private long startNanos;
    private long budgetNanos = Long.MAX_VALUE;
    private String what = "data";

    public DeadlineInputStream(Socket socket, InputStream in, Ticker ticker) {
        super(in);
        this.socket = socket;
        this.ticker = ticker;
        this.startNanos = ticker.nanoTime();
    }

    /** From now on, reads must deliver {@code what} within {@code budget} (from now, in total). */
    public void deadline(Duration budget, String what) {
        this.startNanos = ticker.nanoTime();
        this.budgetNanos = budget.toNanos();
        this.what = what;
    }

    // tag::bounded-read[]
    @Override
    public int read() throws IOException {
        armForNextRead();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        armForNextRead();
        return super.read(b, off, len);
    }

    /** Each read may wait only what is left of the deadline: a trickle cannot extend it. */
    private void armForNextRead() throws IOException {
        long left = budgetNanos - (ticker.nanoTime() - startNanos);
        if (left <= 0) {
            throw new SocketTimeoutException(what + " not received within " + budgetNanos / 1_000_000 + " ms");
        }
        long millis = Math.min(Integer.MAX_VALUE, Math.ceilDiv(left, 1_000_000L));
        socket.setSoTimeout((int) millis); // >= 1: 0 would mean forever
    }
    // end::bounded-read[]
}
