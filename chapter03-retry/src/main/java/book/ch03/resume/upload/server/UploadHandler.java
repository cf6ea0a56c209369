package book.ch03.resume.upload.server;

import static book.ch03.resume.upload.UploadProtocol.CHUNK_TYPE;
import static book.ch03.resume.upload.UploadProtocol.PREFIX_DIGEST;
import static book.ch03.resume.upload.UploadProtocol.TUS_VERSION;

import book.ch03.idempotency.HttpExchanges;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

/**
 * The server half of a resumable upload in the manner of tus 1.0 (core protocol and the
 * creation extension): {@code POST /uploads} with {@code Upload-Length} creates an upload;
 * {@code HEAD /uploads/ID} tells how many bytes the server holds ({@code Upload-Offset}) and
 * their SHA-256 ({@code Upload-Prefix-Sha256}, this book's addition so the client can check
 * the server's bytes before building on them); {@code PATCH /uploads/ID} with
 * {@code Upload-Offset} appends a chunk, and a PATCH at any other offset gets 409 with the
 * current offset, so no byte is ever written twice or skipped.
 */
public final class UploadHandler implements HttpHandler {

    /**
     * How long a PATCH waits for an earlier PATCH of the same upload to finish: after a cut,
     * the server may still be reading the dead connection's last bytes when the client resumes.
     */
    static final Duration LOCK_WAIT = Duration.ofSeconds(5);

    private final Uploads uploads;
    private final long maxChunkBytes;

    public UploadHandler(Uploads uploads, long maxChunkBytes) {
        this.uploads = uploads;
        this.maxChunkBytes = maxChunkBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Tus-Resumable", TUS_VERSION);
            String method = exchange.getRequestMethod();
            if (!TUS_VERSION.equals(exchange.getRequestHeaders().getFirst("Tus-Resumable"))) {
                reply(exchange, 412, "this server speaks Tus-Resumable " + TUS_VERSION, Map.of("Tus-Version", TUS_VERSION));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/uploads") && method.equals("POST")) {
                create(exchange);
                return;
            }
            Upload upload = uploads.find(path).orElse(null);
            if (upload == null) {
                reply(exchange, 404, "no upload at " + path + " (it expired or never existed); create a new one", Map.of());
                return;
            }
            switch (method) {
                case "HEAD" -> progress(exchange, upload, 200);
                case "PATCH" -> patch(exchange, upload);
                case "DELETE" -> {
                    uploads.forget(upload.id());
                    reply(exchange, 204, "", Map.of());
                }
                default -> reply(exchange, 405, "use HEAD, PATCH or DELETE on an upload", Map.of("Allow", "HEAD, PATCH, DELETE"));
            }
        }
    }

    private void create(HttpExchange exchange) throws IOException {
        long length = parseHeader(exchange, "Upload-Length");
        if (length < 0) {
            reply(exchange, 400, "Upload-Length must be a non-negative whole number", Map.of());
            return;
        }
        try {
            Upload upload = uploads.create(length);
            reply(exchange, 201, "", Map.of("Location", "/uploads/" + upload.id(), "Upload-Offset", "0"));
        } catch (Uploads.LimitException e) {
            reply(exchange, e.status(), e.getMessage(), Map.of());
        }
    }

    // tag::patch[]
    private void patch(HttpExchange exchange, Upload upload) throws IOException {
        if (!CHUNK_TYPE.equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            reply(exchange, 415, "a PATCH carries Content-Type: " + CHUNK_TYPE, Map.of());
            return;
        }
        long claimed = parseHeader(exchange, "Upload-Offset");
        if (claimed < 0) {
            reply(exchange, 400, "a PATCH carries Upload-Offset: the offset its chunk starts at", Map.of());
            return;
        }
        if (!upload.tryLock(LOCK_WAIT)) { // a second writer would interleave bytes
            progress(exchange, upload, 409);
            return;
        }
        try {
            Upload.Progress before = upload.progress();
            if (claimed != before.offset()) {
                progress(exchange, upload, 409); // the client is out of step: tell it where we are
                return;
            }
            long room = Math.min(before.length() - before.offset(), maxChunkBytes);
            long declared = parseHeader(exchange, "Content-Length");
            if (declared > room) {
                reply(exchange, 413, "chunk of " + declared + " bytes exceeds the " + room
                        + " bytes this upload accepts at offset " + before.offset(), Map.of());
                return;
            }
            InputStream body = exchange.getRequestBody();
            try {
                upload.append(body, room); // a cut connection throws here, after keeping what arrived
            } finally {
                upload.persist();          // on disk before it is confirmed: the 204 is a promise
            }
            progress(exchange, upload, 204);
        } finally {
            upload.unlock();
        }
    }
    // end::patch[]

    private static void progress(HttpExchange exchange, Upload upload, int status) throws IOException {
        Upload.Progress p = upload.progress();
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        reply(exchange, status, status == 409 ? "Upload-Offset does not match; the upload is at " + p.offset() : "",
                Map.of("Upload-Offset", Long.toString(p.offset()), "Upload-Length", Long.toString(p.length()),
                        PREFIX_DIGEST, p.prefixSha256()));
    }

    private static void reply(HttpExchange exchange, int status, String message, Map<String, String> headers)
            throws IOException {
        if (message.isEmpty()) {
            HttpExchanges.send(exchange, status, headers, new byte[0]);
        } else {
            HttpExchanges.sendText(exchange, status, message, headers);
        }
    }

    /** A header's value as a non-negative number, or -1 if absent or not one. */
    private static long parseHeader(HttpExchange exchange, String name) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value == null || !value.matches("\\d{1,18}")) {
            return -1;
        }
        return Long.parseLong(value);
    }
}
