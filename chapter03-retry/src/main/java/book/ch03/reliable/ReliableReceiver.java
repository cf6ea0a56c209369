package book.ch03.reliable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving end: delivers each segment's payload to the sink exactly once and in order,
 * however the network drops, duplicates or reorders them. Early segments wait in a buffer
 * bounded by the window; duplicates and segments beyond the window are dropped; every data
 * segment is answered with a cumulative ACK plus a 64-bit selective-ACK map. Datagrams that
 * are not valid segments are counted by reason and dropped, never delivered.
 */
public final class ReliableReceiver implements AutoCloseable {

    private final DatagramSocket socket;
    private final OutputStream sink;
    private final int window;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Map<MalformedSegmentException.Reason, AtomicLong> garbage = new EnumMap<>(MalformedSegmentException.Reason.class);
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final Map<Integer, byte[]> early = new HashMap<>(); // receiver thread only
    private int next; // the next segment to deliver; receiver thread only
    private volatile IOException failure;

    public ReliableReceiver(OutputStream sink, int window) throws IOException {
        if (window < 1 || window > 64) {
            throw new IllegalArgumentException("window must be between 1 and 64 (the SACK map's width), not " + window);
        }
        this.sink = sink;
        this.window = window;
        for (MalformedSegmentException.Reason r : MalformedSegmentException.Reason.values()) {
            garbage.put(r, new AtomicLong());
        }
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(100); // wakes up to notice close()
        thread.submit(this::loop);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void loop() {
        byte[] buffer = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                p.setLength(buffer.length);
                socket.receive(p);
                Segment s = Segment.decode(p.getData(), p.getLength());
                if (s.type() != Segment.Type.ACK) {
                    accept(s);
                    byte[] ack = Segment.ack(next, sackMap()).encode();
                    socket.send(new DatagramPacket(ack, ack.length, p.getSocketAddress()));
                }
            } catch (MalformedSegmentException e) {
                garbage.get(e.reason()).incrementAndGet();
            } catch (SocketTimeoutException idle) {
                // loop round to check for close
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    failure = e; // the sink failed: stop, and say so
                    finished.countDown();
                }
                return;
            }
        }
    }

    // tag::accept[]
    private void accept(Segment s) throws IOException {
        if (s.seq() < next || early.containsKey(s.seq())) {
            duplicates.incrementAndGet(); // delivered or buffered already: exactly once means drop it
            return;
        }
        if (s.seq() >= next + window) {
            return; // beyond the window: the sender may not send it yet; it will come again
        }
        early.put(s.seq(), s.type() == Segment.Type.FIN ? null : s.payload());
        while (early.containsKey(next)) {
            byte[] payload = early.remove(next);
            next++;
            if (payload == null) { // FIN: everything before it has been delivered
                sink.flush();
                finished.countDown();
                return;
            }
            sink.write(payload);
            delivered.addAndGet(payload.length);
        }
    }
    // end::accept[]

    private long sackMap() {
        long map = 0;
        for (int i = 0; i < 64; i++) {
            if (early.containsKey(next + 1 + i)) {
                map |= 1L << i;
            }
        }
        return map;
    }

    /** Waits for the end of the stream (the FIN delivered in order). */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException, IOException {
        boolean done = finished.await(timeout, unit);
        if (failure != null) {
            throw failure;
        }
        return done;
    }

    public long deliveredBytes() {
        return delivered.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long garbage(MalformedSegmentException.Reason reason) {
        return garbage.get(reason).get();
    }

    @Override
    public void close() {
        socket.close();
        thread.close();
    }
}
