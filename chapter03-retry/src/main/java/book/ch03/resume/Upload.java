package book.ch03.resume;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upload on the server: a file that only grows, its confirmed length ({@code offset}), and
 * a running SHA-256 of what it holds. Bytes are appended as they arrive, so a connection cut
 * mid-chunk still keeps everything before the cut, and the client resends only the rest.
 */
public final class Upload implements AutoCloseable {

    /** The largest read from the request body at a time, in bytes. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final String id;
    private final long length;
    private final Path file;
    private final FileChannel channel;
    private final MessageDigest sha256;
    private final ReentrantLock writer = new ReentrantLock(); // one PATCH at a time
    private long offset; // guarded by this

    Upload(String id, long length, Path file) throws IOException {
        this.id = id;
        this.length = length;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        this.sha256 = ResumePlanner.sha256();
    }

    /** The offset and the SHA-256 of the bytes before it, read together. */
    public record Progress(long offset, long length, String prefixSha256) {
        public boolean complete() {
            return offset == length;
        }
    }

    public synchronized Progress progress() {
        MessageDigest copy = ResumePlanner.copy(sha256); // digest() would reset the running state
        return new Progress(offset, length, HexFormat.of().formatHex(copy.digest()));
    }

    /** Becomes the one writer, waiting at most {@code wait}; false if another PATCH still runs. */
    boolean tryLock(Duration wait) throws InterruptedIOException {
        try {
            return writer.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for another PATCH of upload " + id);
        }
    }

    void unlock() {
        writer.unlock();
    }

    // tag::append[]
    /** Appends what the body delivers, up to {@code max} bytes; a cut body keeps its received prefix. */
    long append(InputStream body, long max) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long appended = 0;
        while (appended < max) {
            int n = body.read(buffer, 0, (int) Math.min(buffer.length, max - appended));
            if (n < 0) {
                break;
            }
            synchronized (this) { // offset, file and digest move together, or not at all
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    channel.write(bytes, offset + bytes.position());
                }
                sha256.update(buffer, 0, n);
                offset += n;
            }
            appended += n;
        }
        return appended;
    }
    // end::append[]

    public String id() {
        return id;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
