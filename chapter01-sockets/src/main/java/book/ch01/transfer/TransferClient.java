package book.ch01.transfer;

import book.ch01.options.ClientSocketConfig;
import book.ch01.time.Sleeper;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Sends a number of bytes to a {@link SinkServer} and measures how long they took to arrive:
 * the clock stops when the sink acknowledges the total, not when the last write returns.
 */
public final class TransferClient {

    private final ClientSocketConfig sockets;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    /** @param nanoTime a monotonic ticker ({@code System::nanoTime}): elapsed time never reads the wall clock */
    public TransferClient(ClientSocketConfig sockets, LongSupplier nanoTime, Sleeper sleeper) {
        this.sockets = sockets;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    // tag::transfer[]
    public TransferResult send(InetSocketAddress sink, TransferPlan plan) throws IOException {
        long start = nanoTime.getAsLong();
        try (Socket socket = sockets.connect(sink)) {
            OutputStream out = socket.getOutputStream();
            if (plan.paced()) {
                out = new PacedOutputStream(out,
                        new PacingBucket(plan.bytesPerSecond(), plan.burstBytes(), nanoTime), sleeper);
            }
            byte[] chunk = new byte[plan.chunkBytes()];
            for (long left = plan.bytes(); left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
            socket.shutdownOutput(); // FIN: "that was everything"; the sink answers with its count
            long acknowledged;
            try {
                acknowledged = new DataInputStream(socket.getInputStream()).readLong();
            } catch (EOFException e) {
                throw new IOException("the sink closed the connection without acknowledging " + plan.bytes() + " bytes");
            }
            if (acknowledged != plan.bytes()) {
                throw new IOException("the sink acknowledged " + acknowledged + " of " + plan.bytes() + " bytes");
            }
        }
        return new TransferResult(plan.bytes(), Duration.ofNanos(nanoTime.getAsLong() - start));
    }
    // end::transfer[]
}
