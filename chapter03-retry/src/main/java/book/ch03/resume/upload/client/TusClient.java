package book.ch03.resume.upload.client;

import book.ch03.resume.upload.UploadProtocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The three requests of the upload protocol, each turned into a value or a specific exception. */
final class TusClient {

    /** The server's view of an upload. */
    record Progress(long offset, long length, String prefixSha256) { }

    /** The server holds a different offset than the client sent at (409). */
    static final class OffsetConflictException extends IOException {
        OffsetConflictException(String path, long sentAt, long serverOffset) {
            super("PATCH " + path + " at offset " + sentAt + " refused: the server is at " + serverOffset);
        }
    }

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    TusClient(HttpClient http, URI base, Duration timeout) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
    }

    /** Creates an upload and returns its path ({@code /uploads/ID}). */
    String create(long length) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request("/uploads").header("Upload-Length", Long.toString(length))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 201 || !location.startsWith("/uploads/")) {
            throw new IOException("creating an upload of " + length + " bytes got " + r.statusCode() + ": " + r.body().strip());
        }
        return location;
    }

    /** The server's progress, or empty if it no longer has the upload. */
    Optional<Progress> head(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request(path).HEAD());
        if (r.statusCode() == 404 || r.statusCode() == 410) {
            return Optional.empty();
        }
        expect(r, 200, "HEAD " + path);
        return Optional.of(progress(r));
    }

    Progress patch(String path, long offset, byte[] chunk) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request(path).header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", UploadProtocol.CHUNK_TYPE)
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)));
        if (r.statusCode() == 409) {
            throw new OffsetConflictException(path, offset, progress(r).offset());
        }
        expect(r, 204, "PATCH " + path);
        return progress(r);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Tus-Resumable", UploadProtocol.TUS_VERSION);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> r, int status, String what) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException(what + " got " + r.statusCode() + ": " + r.body().strip());
        }
    }

    private static Progress progress(HttpResponse<String> r) throws IOException {
        try {
            return new Progress(Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow()),
                    Long.parseLong(r.headers().firstValue("Upload-Length").orElseThrow()),
                    r.headers().firstValue(UploadProtocol.PREFIX_DIGEST).orElseThrow());
        } catch (RuntimeException e) {
            throw new IOException("response " + r.statusCode() + " lacks a valid Upload-Offset, Upload-Length or "
                    + UploadProtocol.PREFIX_DIGEST + " header", e);
        }
    }
}
