package book.ch03.resume.range;

import book.ch03.classify.FailureClassifier;
import book.ch03.resume.files.AtomicFiles;
import book.ch03.resume.files.Sha256;
import book.ch03.retry.Retry;
import book.ch03.retry.RetryGate;
import book.ch03.retry.RetryListener;
import book.ch03.retry.RetryPolicy;
import book.ch03.retry.Sleeper;
import book.ch03.retry.Ticker;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d{1,18})");

    /** Retrying a download stops this long after its first failure; each attempt may take far longer. */
    public static final Duration RETRY_WINDOW = Duration.ofMinutes(5);

    /** A status that ends an attempt; the chapter's classifier decides whether another may help. */
    public static final class UnexpectedStatusException extends IOException {
        private final int status;

        UnexpectedStatusException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Retry<Result> retry;

    /**
     * @param timeout     the longest wait for a response's headers, and then for each piece of its body
     * @param maxAttempts requests made before giving up, the first included
     */
    public RangeDownloader(HttpClient http, Duration timeout, int maxAttempts) {
        this(http, timeout, maxAttempts, Sleeper.system(), RetryListener.NONE);
    }

    /**
     * With the sleeper and a listener that hears every attempt injected. The chapter's retry loop:
     * full-jitter backoff, a GET retried on what the shared table allows for an idempotent request
     * (a 404 is not retried; a 503 or a cut body is), {@link #RETRY_WINDOW} from the first failure.
     */
    public RangeDownloader(HttpClient http, Duration timeout, int maxAttempts, Sleeper sleeper,
                           RetryListener listener) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        this.http = http;
        this.timeout = timeout;
        RetryPolicy<Result> policy = RetryPolicy.<Result>builder().maxAttempts(maxAttempts).maxDuration(RETRY_WINDOW)
                .retryOnFailure(RangeDownloader::retryable).build();
        this.retry = Retry.of(policy, Ticker.system(), sleeper, () -> ThreadLocalRandom.current().nextLong(),
                listener, RetryGate.UNLIMITED);
    }

    /** A GET is idempotent: what may have reached the server may go again, if the failure is transient. */
    static boolean retryable(Throwable failure) {
        return failure instanceof UnexpectedStatusException e ? FailureClassifier.isRetryableStatus(e.status(), true)
                : FailureClassifier.isRetryable(failure, true);
    }

    /** What the attempts share: the bytes fetched so far, and whether the file changed under us. */
    private static final class Progress {
        int attempts;
        long fetched;
        boolean restarted;
    }

    /**
     * Downloads, resuming after each break; throws the last attempt's failure (a 404 at once, with
     * the earlier failures suppressed on it and the reason retrying stopped).
     */
    public Result download(URI uri, Path target) throws IOException, InterruptedException {
        Progress progress = new Progress();
        try {
            return retry.call(() -> attempt(uri, target, progress));
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** One request for what the part lacks. */
    private Result attempt(URI uri, Path target, Progress progress) throws IOException, InterruptedException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Path etagFile = target.resolveSibling(target.getFileName() + ".part.etag");
        int attempt = ++progress.attempts;
        String etag = Files.exists(etagFile) ? Files.readString(etagFile, StandardCharsets.UTF_8) : null;
        long have = etag != null && Files.exists(part) ? Files.size(part) : 0;
        // tag::resume-get[]
        HttpRequest.Builder get = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (have > 0) {
            get.header("Range", "bytes=" + have + "-").header("If-Range", etag);
        }
        HttpResponse<InputStream> r = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            long total;
            if (r.statusCode() == 206 && startsAt(r, have)) {
                total = total(r);                 // the server sends only what we lack
            } else if (r.statusCode() == 200) {
                progress.restarted |= have > 0;   // the file changed (If-Range failed): start over
                have = 0;
                total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                AtomicFiles.write(etagFile, r.headers().firstValue("ETag").orElse("")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (r.statusCode() == 416 && have > 0 && unsatisfiedLength(r) == have) {
                // the part is whole already: an earlier run died between its last byte and the rename
                return finish(part, etagFile, target, new Result(have, attempt, progress.fetched, progress.restarted));
            } else {
                throw new UnexpectedStatusException(r.statusCode(),
                        "GET " + uri + " (Range bytes=" + have + "-) got " + r.statusCode());
            }
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    have == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
                copy(body, out);
            } finally {
                progress.fetched += Files.size(part) - have; // what arrived, even if the connection broke
            }
            if (total >= 0 && Files.size(part) == total) {
                return finish(part, etagFile, target, new Result(total, attempt, progress.fetched, progress.restarted));
            }
            // an EOF: the classifier's "cut after the request was sent", retried for a GET
            throw new EOFException("body ended at " + Files.size(part) + " of " + total + " bytes");
        }
        // end::resume-get[]
    }

    /**
     * Copies the body, closing it when no byte has come for {@code timeout}. The request's
     * timeout ends when the headers arrive; without this, a server that stalls mid-body would
     * hold the download for ever.
     */
    private void copy(InputStream body, OutputStream out) throws IOException, InterruptedException {
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                for (long idle; (idle = System.nanoTime() - lastByte.get()) < timeout.toNanos(); ) {
                    Thread.sleep(Duration.ofNanos(timeout.toNanos() - idle));
                }
                stalled.set(true);
                body.close(); // wakes the blocked read below with an IOException
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the copy ended first: nothing to watch
            } catch (IOException e) {
                // closing a broken body: the read sees the failure itself
            }
        });
        try {
            byte[] buffer = new byte[Sha256.BUFFER_BYTES];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                lastByte.set(System.nanoTime());
            }
        } catch (IOException e) {
            if (stalled.get()) { // a read timeout to the classifier: retried for a GET
                SocketTimeoutException timedOut = new SocketTimeoutException("the body stalled: no byte for " + timeout);
                timedOut.initCause(e);
                throw timedOut;
            }
            throw e;
        } finally {
            watchdog.interrupt();
            watchdog.join();
        }
    }

    /** Gives the whole part its real name; the ETag beside it has served its purpose. */
    private static Result finish(Path part, Path etagFile, Path target, Result result) throws IOException {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(etagFile);
        return result;
    }

    /**
     * The length in a 416's {@code Content-Range: bytes *}{@code /LEN}, or -1. A 416 to a range
     * sent with a matching If-Range means the part already holds the whole file: a run died
     * between its last byte and the rename, and asking for the rest would fail for ever.
     */
    private static long unsatisfiedLength(HttpResponse<?> r) {
        Matcher m = UNSATISFIED_RANGE.matcher(r.headers().firstValue("Content-Range").orElse(""));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
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
