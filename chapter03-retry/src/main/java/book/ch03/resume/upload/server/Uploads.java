package book.ch03.resume.upload.server;

import book.ch03.resume.range.RangeHandler;
import book.ch03.retry.Ticker;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The uploads a server holds, each in its own file under one directory, with limits on their
 * number and size. Upload ids are random (128 bits), so one client cannot guess and append to
 * another's upload; paths are looked up in a map, never built from what the client sent.
 *
 * <p>The table survives the server: each upload's metadata lives beside its data file
 * ({@link Upload}), and a server started on the same directory picks every upload up again.
 * An upload that no request has touched for {@code abandonedAfter} (on the monotonic ticker,
 * counted from the restart for uploads found on disk) and that is not complete is abandoned:
 * it is deleted, data and metadata, when the next upload is created.
 */
public final class Uploads implements AutoCloseable {

    /** Uploads held at once. */
    public static final int DEFAULT_MAX_UPLOADS = 1000;
    /** The largest upload accepted, in bytes (1 GiB). */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 1L << 30;

    /** An incomplete upload untouched this long is deleted (tus's expiration extension; 24 h). */
    public static final Duration DEFAULT_ABANDONED_AFTER = Duration.ofHours(24);

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    /** A request the limits refuse; {@code status} is the HTTP answer. */
    public static final class LimitException extends IOException {
        private final int status;

        LimitException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Path dir;
    private final int maxUploads;
    private final long maxUploadBytes;
    private final RandomGenerator random;
    private final Map<String, Upload> byId = new ConcurrentHashMap<>();
    private final Ticker ticker;
    private final long abandonedAfterNanos;

    public Uploads(Path dir, int maxUploads, long maxUploadBytes, RandomGenerator random) throws IOException {
        this(dir, maxUploads, maxUploadBytes, random, Ticker.system(), DEFAULT_ABANDONED_AFTER);
    }

    /** With the ticker injected, so that a test walks an upload to its expiry. */
    public Uploads(Path dir, int maxUploads, long maxUploadBytes, RandomGenerator random, Ticker ticker,
                   Duration abandonedAfter) throws IOException {
        this.dir = dir;
        this.maxUploads = maxUploads;
        this.maxUploadBytes = maxUploadBytes;
        this.random = random;
        this.ticker = ticker;
        this.abandonedAfterNanos = abandonedAfter.toNanos();
        load();
    }

    /** Picks up the uploads a previous server left in the directory. */
    private void load() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> metas = Files.newDirectoryStream(dir, "*.upload")) {
            for (Path meta : metas) {
                String name = meta.getFileName().toString();
                String id = name.substring(0, name.length() - ".upload".length());
                Path data = dir.resolve(id + ".part");
                if (ID.matcher(id).matches() && Files.isRegularFile(data)) {
                    byId.put(id, Upload.restore(id, data, ticker.nanoTime()));
                }
            }
        }
    }

    /** Deletes the incomplete uploads no request has touched for the abandonment time. */
    void expireAbandoned() throws IOException {
        long now = ticker.nanoTime();
        for (Upload upload : byId.values()) {
            if (!upload.progress().complete() && now - upload.lastActivityNanos() > abandonedAfterNanos) {
                forget(upload.id());
            }
        }
    }

    public Upload create(long length) throws IOException {
        expireAbandoned();
        if (length > maxUploadBytes) {
            throw new LimitException(413, "Upload-Length " + length + " exceeds the " + maxUploadBytes + "-byte limit");
        }
        if (byId.size() >= maxUploads) {
            throw new LimitException(503, "the server holds its limit of " + maxUploads + " uploads; retry later");
        }
        byte[] idBytes = new byte[16];
        synchronized (random) { // RandomGenerator implementations are not all thread-safe
            random.nextBytes(idBytes);
        }
        String id = HexFormat.of().formatHex(idBytes);
        Files.createDirectories(dir);
        Upload upload = new Upload(id, length, dir.resolve(id + ".part"), ticker.nanoTime());
        byId.put(id, upload);
        return upload;
    }

    /** The upload at {@code /uploads/ID}, if held. */
    public Optional<Upload> find(String path) {
        if (!path.startsWith("/uploads/")) {
            return Optional.empty();
        }
        Upload upload = byId.get(path.substring("/uploads/".length()));
        if (upload != null) {
            upload.touch(ticker.nanoTime());
        }
        return Optional.ofNullable(upload);
    }

    /** Drops an upload and its bytes, as an expiry or a DELETE does. */
    public void forget(String id) throws IOException {
        Upload upload = byId.remove(id);
        if (upload != null) {
            upload.close();
            Files.deleteIfExists(upload.meta()); // first: a file without metadata is never picked up again
            Files.deleteIfExists(upload.file());
        }
    }

    /** Completed uploads as range-servable files; their ETag is their SHA-256. */
    public RangeHandler.Source completed() {
        return path -> find(path).flatMap(upload -> {
            Upload.Progress p = upload.progress();
            return p.complete()
                    ? Optional.of(new RangeHandler.Representation(upload.file(), p.length(), "\"" + p.prefixSha256() + "\""))
                    : Optional.empty();
        });
    }

    @Override
    public void close() throws IOException {
        for (Upload upload : byId.values()) {
            upload.close();
        }
    }
}
