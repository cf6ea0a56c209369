package book.ch02.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The end of a chain in memory, safe to feed from a delay line's own thread. */
final class ConcurrentOutlet implements Outlet {

    private final List<byte[]> pieces = new CopyOnWriteArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public void send(Chunk chunk) {
        pieces.add(Arrays.copyOfRange(chunk.bytes(), chunk.offset(), chunk.offset() + chunk.length()));
    }

    @Override
    public void finish() {
        finished.countDown();
    }

    @Override
    public void endCleanly(String reason) {
        finished.countDown();
    }

    @Override
    public void reset(String reason) {
        finished.countDown();
    }

    boolean awaitFinished() throws InterruptedException {
        return finished.await(10, TimeUnit.SECONDS);
    }

    List<byte[]> pieces() {
        return List.copyOf(pieces);
    }
}
