package book.ch03.resume.upload.client;

import book.ch03.resume.checkpoint.Checkpoint;
import book.ch03.resume.checkpoint.CheckpointFile;
import book.ch03.resume.files.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Objects;

/**
 * The client half of a resumable upload. It sends a file in chunks and, after each chunk the
 * server confirms, saves a {@link Checkpoint}. A new instance, in a new process, given only the
 * checkpoint file, picks up where the server is: it never resends what the server holds and
 * never builds on bytes it has not verified (see {@link ResumePlanner}).
 */
public final class ResumableUploader {

    /** Bytes per PATCH: the most a broken connection can cost to resend. */
    public static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
    /** The longest wait for one request, so a dead server is noticed. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What one run did.
     *
     * @param uploadPath  the upload on the server
     * @param length      the file's length
     * @param resumedFrom the offset this run started at (0 for a new upload)
     * @param bytesSent   chunk bytes this run sent and the server confirmed
     * @param sha256      hex SHA-256 of the file, equal to the server's
     * @param start       why the run started where it did
     */
    public record Result(String uploadPath, long length, long resumedFrom, long bytesSent, String sha256, String start) { }

    private final TusClient tus;
    private final CheckpointFile checkpoint;
    private final int chunkBytes;

    public ResumableUploader(HttpClient http, URI base, CheckpointFile checkpoint, int chunkBytes, Duration timeout) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be at least 1, not " + chunkBytes);
        }
        this.tus = new TusClient(http, base, timeout);
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
        this.chunkBytes = chunkBytes;
    }

    /** Re-plans after a 409 at most this many times in one run: the server moved while we looked. */
    static final int MAX_RESYNCS = 3;

    /**
     * Uploads {@code file}, resuming from the checkpoint if it can be trusted. A 409 (the server
     * is at another offset) re-syncs from the server; any other failure is thrown, and the
     * checkpoint lets the next run, in this process or a new one, resume.
     */
    public Result upload(Path file) throws IOException, InterruptedException {
        for (int resyncs = 0; ; resyncs++) {
            try {
                return uploadOnce(file);
            } catch (TusClient.OffsetConflictException e) {
                if (resyncs == MAX_RESYNCS) {
                    throw e;
                }
            }
        }
    }

    // tag::upload[]
    private Result uploadOnce(Path file) throws IOException, InterruptedException {
        ResumePlanner.Start start = new ResumePlanner(tus, checkpoint).plan(file);
        Checkpoint saved = start.checkpoint();
        MessageDigest sha256 = start.prefixDigest(); // of the bytes the server holds, re-read from disk
        long offset = saved.offset();
        String serverDigest = start.serverDigest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (offset < saved.length()) {
                byte[] chunk = read(channel, offset, (int) Math.min(chunkBytes, saved.length() - offset));
                TusClient.Progress confirmed = tus.patch(saved.uploadPath(), offset, chunk);
                if (confirmed.offset() != offset + chunk.length) {
                    throw new IOException("server confirmed offset " + confirmed.offset() + " after a chunk at "
                            + offset + " of " + chunk.length + " bytes");
                }
                sha256.update(chunk);
                offset = confirmed.offset();
                serverDigest = confirmed.prefixSha256();
                saved = saved.advancedTo(offset, Sha256.hexSoFar(sha256));
                checkpoint.save(saved); // only what the server confirmed; a crash here loses nothing
            }
        }
        String digest = Sha256.hex(sha256.digest());
        if (!digest.equals(serverDigest)) {
            throw new IOException("server's SHA-256 " + serverDigest + " differs from the file's " + digest);
        }
        checkpoint.delete();
        return new Result(saved.uploadPath(), saved.length(), start.checkpoint().offset(),
                saved.length() - start.checkpoint().offset(), digest, start.reason());
    }
    // end::upload[]

    private static byte[] read(FileChannel channel, long position, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file shrank during the upload, at " + (position + buffer.position()));
            }
        }
        return buffer.array();
    }
}
