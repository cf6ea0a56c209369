package book.ch03.resume.upload.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.idempotency.HttpExchanges;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadProtocolTest {

    @TempDir
    Path dir;
    private UploadServer server;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        server = new UploadServer(0, dir);
        http = HttpExchanges.client(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        server.close();
    }

    private HttpRequest.Builder tus(String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10)).header("Tus-Resumable", "1.0.0");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String create(long length) throws Exception {
        HttpResponse<String> r = send(tus("/uploads").header("Upload-Length", Long.toString(length))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, r.statusCode(), r.body());
        return r.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> patch(String path, long offset, String chunk) throws Exception {
        return send(tus(path).header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(chunk)));
    }

    @Nested
    class Offsets {
        @Test
        void chunksAppendAndHeadReportsTheOffset() throws Exception {
            String upload = create(10);
            assertEquals("5", patch(upload, 0, "hello").headers().firstValue("Upload-Offset").orElseThrow());
            HttpResponse<String> head = send(tus(upload).HEAD());
            assertEquals(200, head.statusCode());
            assertEquals("5", head.headers().firstValue("Upload-Offset").orElseThrow());
            assertEquals("10", head.headers().firstValue("Upload-Length").orElseThrow());
            assertEquals(204, patch(upload, 5, "world").statusCode());
            Path stored = server.uploads().find(upload).orElseThrow().file();
            assertEquals("helloworld", Files.readString(stored));
        }

        @Test
        void patchAtTheWrongOffsetGets409WithTheCurrentOffsetAndWritesNothing() throws Exception {
            String upload = create(10);
            patch(upload, 0, "hello");
            HttpResponse<String> again = patch(upload, 0, "hello"); // a retry of an applied chunk
            assertEquals(409, again.statusCode());
            assertEquals("5", again.headers().firstValue("Upload-Offset").orElseThrow());
            HttpResponse<String> ahead = patch(upload, 7, "xyz"); // a gap
            assertEquals(409, ahead.statusCode());
            assertEquals("hello", Files.readString(server.uploads().find(upload).orElseThrow().file()));
        }
    }

    @Nested
    class BadRequests {
        @Test
        void unknownUploadGets404() throws Exception {
            HttpResponse<String> r = send(tus("/uploads/ffffffffffffffffffffffffffffffff").HEAD());
            assertEquals(404, r.statusCode());
        }

        @Test
        void missingTusResumableGets412WithTheSupportedVersion() throws Exception {
            HttpResponse<String> r = send(HttpRequest.newBuilder(server.uri("/uploads")).timeout(Duration.ofSeconds(10))
                    .header("Upload-Length", "5")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(412, r.statusCode());
            assertEquals("1.0.0", r.headers().firstValue("Tus-Version").orElseThrow());
        }

        @Test
        void badOrOversizedUploadLengthIsRefused() throws Exception {
            assertEquals(400, send(tus("/uploads").header("Upload-Length", "-1").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
            HttpResponse<String> huge = send(tus("/uploads").header("Upload-Length", Long.toString(Uploads.DEFAULT_MAX_UPLOAD_BYTES + 1))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(413, huge.statusCode());
            assertEquals("Upload-Length 1073741825 exceeds the 1073741824-byte limit", huge.body().strip());
        }

        @Test
        void chunkPastTheDeclaredLengthGets413AndWritesNothing() throws Exception {
            String upload = create(4);
            HttpResponse<String> r = patch(upload, 0, "hello");
            assertEquals(413, r.statusCode());
            assertEquals("chunk of 5 bytes exceeds the 4 bytes this upload accepts at offset 0", r.body().strip());
            assertEquals(0, Files.size(server.uploads().find(upload).orElseThrow().file()));
        }

        @Test
        void patchWithoutTheChunkContentTypeGets415() throws Exception {
            String upload = create(4);
            HttpResponse<String> r = send(tus(upload).header("Upload-Offset", "0")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("abcd")));
            assertEquals(415, r.statusCode());
            assertTrue(r.body().contains("application/offset+octet-stream"));
        }
    }
}
