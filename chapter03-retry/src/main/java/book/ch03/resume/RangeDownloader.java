package book.ch03.resume;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads into {@code FILE.part} and, when the connection breaks, asks only for the rest:
 * {@code Range: bytes=HAVE-} with {@code If-Range: ETAG}. A 206 continues the part; a 200
 * means the file changed on the server, and the part is thrown away and refilled from the
 * start. The ETag is kept next to the part ({@code FILE.part.etag}), so a new process resumes too.
 */
public final class RangeDownloader {

    /**
     * @param bytes     the file's length
     * @param attempts  requests made
     * @param fetched   body bytes received over all attempts (more than {@code bytes} only if it restarted)
     * @param restarted whether a changed file forced a start from zero
     */
    public record Result(long bytes, int attempts, long fetched, boolean restarted) { }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    private final HttpClient http;
    private final Duration timeout;
    private final int maxAttempts;

    public RangeDownloader(HttpClient http, Duration timeout, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        this.http = http;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
    }

    public Result download(URI uri, Path target) throws IOException, InterruptedException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Path etagFile = target.resolveSibling(target.getFileName() + ".part.etag");
        long fetched = 0;
        boolean restarted = false;
        IOException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            String etag = Files.exists(etagFile) ? Files.readString(etagFile, StandardCharsets.UTF_8) : null;
            long have = etag != null && Files.exists(part) ? Files.size(part) : 0;
            // tag::resume-get[]
            HttpRequest.Builder get = HttpRequest.newBuilder(uri).timeout(timeout).GET();
            if (have > 0) {
                get.header("Range", "bytes=" + have + "-").header("If-Range", etag);
            }
            try {
                HttpResponse<InputStream> r = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = r.body()) {
                    long total;
                    if (r.statusCode() == 206 && startsAt(r, have)) {
                        total = total(r);                 // the server sends only what we lack
                    } else if (r.statusCode() == 200) {
                        restarted |= have > 0;            // the file changed (If-Range failed): start over
                        have = 0;
                        total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                        AtomicFiles.write(etagFile, r.headers().firstValue("ETag").orElse("")
                                .getBytes(StandardCharsets.UTF_8));
                    } else {
                        throw new IOException("GET " + uri + " (Range bytes=" + have + "-) got " + r.statusCode());
                    }
                    // end::resume-get[]
                    try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            have == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
                        body.transferTo(out);
                    } finally {
                        fetched += Files.size(part) - have; // what arrived, even if the connection broke
                    }
                    if (total >= 0 && Files.size(part) == total) {
                        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        Files.deleteIfExists(etagFile);
                        return new Result(total, attempt, fetched, restarted);
                    }
                    last = new IOException("body ended at " + Files.size(part) + " of " + total + " bytes");
                }
            } catch (IOException e) {
                last = e; // the part keeps what arrived; the next attempt asks for the rest
            }
        }
        throw new IOException("download of " + uri + " incomplete after " + maxAttempts + " attempts", last);
    }

    private static boolean startsAt(HttpResponse<?> r, long have) {
        Matcher m = CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
        return m.matches() && Long.parseLong(m.group(1)) == have;
    }

    private static long total(HttpResponse<?> r) {
        Matcher m = CONTENT_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
        return m.matches() ? Long.parseLong(m.group(3)) : -1;
    }
}
