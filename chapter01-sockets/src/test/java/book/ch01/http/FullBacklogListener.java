package book.ch01.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener that never accepts, with its accept queue filled, so that the next
 * connect gets no answer at all: the only honest way to produce a connect timeout without
 * sending a packet off the machine. On Linux a SYN that finds the queue full is dropped (the
 * client retransmits and finally times out); some systems answer with a reset instead, and
 * {@link #isFull()} is then false.
 */
final class FullBacklogListener implements AutoCloseable {

    /** Enough to fill a backlog of 1 on any kernel we know (Linux queues backlog + 1). */
    private static final int MAX_FILLERS = 16;
    /** How long a filler connect may take before we conclude the queue is full. */
    private static final int FILLER_CONNECT_TIMEOUT_MILLIS = 500;

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();
    private final boolean full;

    // tag::fill-backlog[]
    FullBacklogListener() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); // backlog 1, never accepts
        boolean queueFull = false;
        try {
            for (int i = 0; i < MAX_FILLERS && !queueFull; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(listener.getLocalSocketAddress(), FILLER_CONNECT_TIMEOUT_MILLIS);
                    fillers.add(filler); // completed by the kernel, waiting in the accept queue
                } catch (SocketTimeoutException e) {
                    filler.close();
                    queueFull = true; // this SYN was dropped: the next one will be too
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        full = queueFull;
    }
    // end::fill-backlog[]

    boolean isFull() {
        return full;
    }

    int port() {
        return listener.getLocalPort();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listener.close();
    }
}
