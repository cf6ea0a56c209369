package book.ch02.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * Moves the bytes of one direction of one connection: read a chunk, pass it through the
 * direction's faults, write it. One virtual thread each, so blocking reads and the faults'
 * sleeps cost no platform thread. Memory is one fixed buffer: when the destination is slow the
 * pump stops reading and TCP's flow control pushes back on the sender, instead of the proxy
 * buffering without limit.
 */
final class Pump implements Runnable {

    private final ProxiedConnection connection;
    private final Direction direction;
    private final Socket from;
    private final Socket to;
    private final FaultProxy proxy;
    private List<Fault> chainFaults = List.of();
    private ToxicChain.Chain chain;

    Pump(ProxiedConnection connection, Direction direction, Socket from, Socket to, FaultProxy proxy) {
        this.connection = connection;
        this.direction = direction;
        this.from = from;
        this.to = to;
        this.proxy = proxy;
    }

    // tag::pump-loop[]
    @Override
    public void run() {
        byte[] buffer = new byte[proxy.config().bufferSize()];
        try {
            InputStream in = from.getInputStream();
            Outlet socket = new SocketOutlet(to.getOutputStream());
            chain = new ToxicChain.Chain(socket, List.of());
            connection.onClose(() -> chain.close()); // a delay line's thread stops with the connection
            while (!connection.isClosed()) {
                int n = read(in, buffer);
                if (n < 0) {
                    outlet(socket).finish();       // half-close: pass the end of stream on, when it is due
                    return;
                }
                connection.touch();
                outlet(socket).send(new Chunk(buffer, 0, n, proxy.config().ticker().nanoTime()));
            }
        } catch (SocketTimeoutException e) {
            connection.close("no traffic either way for " + proxy.config().idleTimeout().toMillis() + " ms");
        } catch (IOException e) {
            // An error is passed on as an error: a clean close here would tell the other
            // peer that the stream ended normally, and a cut response would pass for whole.
            connection.reset(direction.label() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close(direction.label() + " pump interrupted");
        }
    }
    // end::pump-loop[]

    /** The chain for the faults now configured: rebuilt only when this direction's list changed. */
    private Outlet outlet(Outlet socket) throws InterruptedException {
        List<Fault> faults = proxy.faults().on(direction); // one volatile read per chunk
        if (faults != chainFaults) {
            chain.retire(); // what the old faults still hold goes first
            chain = ToxicChain.build(faults, proxy.config().ticker(), proxy.counters(), socket);
            chainFaults = faults;
        }
        return chain.head();
    }

    /** A read that survives the socket's timeout while the other direction is still busy. */
    private int read(InputStream in, byte[] buffer) throws IOException {
        while (true) {
            try {
                return in.read(buffer);
            } catch (SocketTimeoutException e) {
                // A black hole never closes, not even an idle connection: only the client's timeout ends it.
                if (connection.idleFor(proxy.config().idleTimeout()) && !proxy.faults().holdsConnectionsOpen()) {
                    throw e;
                }
            }
        }
    }

    /** The end of the chain: the destination socket. */
    private final class SocketOutlet implements Outlet {

        private final OutputStream out;

        SocketOutlet(OutputStream out) {
            this.out = out;
        }

        @Override
        public void send(Chunk chunk) throws IOException {
            out.write(chunk.bytes(), chunk.offset(), chunk.length()); // socket streams do not buffer
            proxy.counters().forwarded(direction, chunk.length());
            connection.touch();
        }

        @Override
        public void finish() throws IOException {
            to.shutdownOutput();
            connection.sourceFinished(direction); // counted when the end reaches the peer, not when it was read
        }

        @Override
        public void endCleanly(String reason) {
            connection.endCleanly(to, reason + " (" + direction.label() + ")");
        }

        @Override
        public void reset(String reason) {
            connection.resetAfterDelivery(to, reason + " (" + direction.label() + ")");
        }
    }
}
