package book.ch03.resume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The uploads a server holds, each in its own file under one directory, with limits on their
 * number and size. Upload ids are random (128 bits), so one client cannot guess and append to
 * another's upload; paths are looked up in a map, never built from what the client sent.
 */
public final class Uploads implements AutoCloseable {

    /** Uploads held at once. */
    public static final int DEFAULT_MAX_UPLOADS = 1000;
    /** The largest upload accepted, in bytes (1 GiB). */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 1L << 30;

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

    public Uploads(Path dir, int maxUploads, long maxUploadBytes, RandomGenerator random) {
        this.dir = dir;
        this.maxUploads = maxUploads;
        this.maxUploadBytes = maxUploadBytes;
        this.random = random;
    }

    public Upload create(long length) throws IOException {
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
        Upload upload = new Upload(id, length, dir.resolve(id + ".part"));
        byId.put(id, upload);
        return upload;
    }

    /** The upload at {@code /uploads/ID}, if held. */
    public Optional<Upload> find(String path) {
        if (!path.startsWith("/uploads/")) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.get(path.substring("/uploads/".length())));
    }

    /** Drops an upload and its bytes, as an expiry or a DELETE does. */
    public void forget(String id) throws IOException {
        Upload upload = byId.remove(id);
        if (upload != null) {
            upload.close();
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
