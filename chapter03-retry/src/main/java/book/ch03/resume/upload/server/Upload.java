package book.ch03.resume.upload.server;

import book.ch03.resume.files.AtomicFiles;
import book.ch03.resume.files.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upload on the server: a file that only grows, its confirmed length ({@code offset}), and
 * a running SHA-256 of what it holds. Bytes are appended as they arrive, so a connection cut
 * mid-chunk still keeps everything before the cut, and the client resends only the rest.
 *
 * <p>Durable across a crash of the server process: beside the data file {@code ID.part} sits a
 * small metadata file {@code ID.upload} (length and confirmed offset), replaced atomically
 * (temp file, fsync, rename) by {@link #persist()} after the data file is forced to disk. The
 * server answers 204 only after that, so every byte it confirms survives {@code kill -9} and a
 * power cut; {@link #restore} cuts off whatever the data file holds past the confirmed offset.
 */
public final class Upload implements AutoCloseable {

    private final String id;
    private final long length;
    private final Path file;
    private final FileChannel channel;
    private final MessageDigest sha256;
    private final ReentrantLock writer = new ReentrantLock(); // one PATCH at a time
    private final Path meta;
    private long offset; // guarded by this
    private volatile long lastActivityNanos;

    /** A new upload: its empty data file and its metadata, on disk before the 201 that names it. */
    Upload(String id, long length, Path file, long nowNanos) throws IOException {
        this(id, length, file, FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ), Sha256.newDigest(), 0, nowNanos);
        persist();
    }

    private Upload(String id, long length, Path file, FileChannel channel, MessageDigest sha256, long offset,
                   long nowNanos) {
        this.id = id;
        this.length = length;
        this.file = file;
        this.meta = metaFile(file);
        this.channel = channel;
        this.sha256 = sha256;
        this.offset = offset;
        this.lastActivityNanos = nowNanos;
    }

    /** The metadata file beside a data file: {@code ID.upload} beside {@code ID.part}. */
    static Path metaFile(Path dataFile) {
        String name = dataFile.getFileName().toString();
        return dataFile.resolveSibling(name.substring(0, name.length() - ".part".length()) + ".upload");
    }

    /**
     * An upload as a crashed (or stopped) server left it: the confirmed offset from the metadata,
     * the data file cut back to it (bytes past it were never confirmed), the digest re-read.
     */
    static Upload restore(String id, Path file, long nowNanos) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(metaFile(file))) {
            p.load(in);
        }
        long length = Long.parseLong(p.getProperty("length"));
        long offset = Long.parseLong(p.getProperty("offset"));
        if (offset < 0 || offset > length || Files.size(file) < offset) {
            throw new IOException("upload " + id + ": metadata says offset " + offset + " of " + length
                    + " but the data file holds " + Files.size(file) + " bytes");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        channel.truncate(offset);
        return new Upload(id, length, file, channel, Sha256.ofPrefix(file, offset), offset, nowNanos);
    }

    /** Forces the data to disk, then records the offset: what a 204 confirms is durable. */
    synchronized void persist() throws IOException {
        channel.force(false);
        AtomicFiles.write(meta, ("length=" + length + "\noffset=" + offset + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    Path meta() {
        return meta;
    }

    /** When a request last touched it, on the server's ticker: abandoned uploads expire. */
    long lastActivityNanos() {
        return lastActivityNanos;
    }

    void touch(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    /** The offset and the SHA-256 of the bytes before it, read together. */
    public record Progress(long offset, long length, String prefixSha256) {
        public boolean complete() {
            return offset == length;
        }
    }

    public synchronized Progress progress() {
        return new Progress(offset, length, Sha256.hexSoFar(sha256)); // a copy: digest() would reset it
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
        byte[] buffer = new byte[Sha256.BUFFER_BYTES];
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
