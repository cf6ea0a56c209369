package book.ch02.proxy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** The end of a chain in memory: records each piece sent and how the stream ended. */
final class RecordingOutlet implements Outlet {

    final List<byte[]> pieces = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean finished;
    String endedCleanly;
    String reset;

    @Override
    public void send(Chunk chunk) {
        byte[] piece = java.util.Arrays.copyOfRange(chunk.bytes(), chunk.offset(), chunk.offset() + chunk.length());
        pieces.add(piece);
        bytes.writeBytes(piece);
    }

    @Override
    public void finish() {
        finished = true;
    }

    @Override
    public void endCleanly(String reason) {
        endedCleanly = reason;
    }

    @Override
    public void reset(String reason) {
        reset = reason;
    }

    List<Integer> sizes() {
        return pieces.stream().map(p -> p.length).toList();
    }
}
