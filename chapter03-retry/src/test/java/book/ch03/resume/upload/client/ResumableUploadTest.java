package book.ch03.resume.upload.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.fixture.CuttingProxy;
import book.ch03.idempotency.HttpExchanges;
import book.ch03.resume.checkpoint.Checkpoint;
import book.ch03.resume.checkpoint.CheckpointFile;
import book.ch03.resume.files.Sha256;
import book.ch03.resume.upload.server.UploadServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumableUploadTest {

    private static final int LENGTH = 48 * 1024;
    private static final int CHUNK = 8 * 1024;

    @TempDir
    Path dir;
    private UploadServer server;
    private CuttingProxy proxy;
    private HttpClient http;
    private Path file;
    private CheckpointFile checkpoint;
    private byte[] content;
    private final List<HttpClient> retired = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new UploadServer(0, dir.resolve("server"));
        proxy = new CuttingProxy(server.address().getPort());
        http = HttpExchanges.client(Duration.ofSeconds(5));
        content = new byte[LENGTH];
        new SplittableRandom(7).nextBytes(content);
        file = dir.resolve("data.bin");
        Files.write(file, content);
        checkpoint = new CheckpointFile(dir.resolve("upload.ckpt"));
    }

    @AfterEach
    void stop() throws Exception {
        retired.add(http);
        for (HttpClient client : retired) {
            client.shutdownNow();
        }
        for (HttpClient client : retired) {
            assertTrue(client.awaitTermination(Duration.ofSeconds(10)), "an HttpClient did not stop");
        }
        proxy.close();
        server.close();
    }

    /**
     * A new client object with its own connections each time: all it knows is the checkpoint
     * file, as after a restart.
     */
    private ResumableUploader freshClient() {
        retired.add(http); // stopped in stop(): closing each one here would wait for its threads
        http.shutdownNow();
        http = HttpExchanges.client(Duration.ofSeconds(5));
        return new ResumableUploader(http, URI.create("http://127.0.0.1:" + proxy.port()), checkpoint, CHUNK,
                Duration.ofSeconds(10));
    }

    private ResumableUploader.Result killThenResume(long cutAt) throws Exception {
        proxy.enqueue(CuttingProxy.Fault.cutAfter(cutAt));
        assertThrows(IOException.class, () -> freshClient().upload(file), "cut at " + cutAt);
        return freshClient().upload(file);
    }

    private byte[] serverCopy(ResumableUploader.Result result) throws IOException {
        return Files.readAllBytes(server.uploads().find(result.uploadPath()).orElseThrow().file());
    }

    @Nested
    class KillAndResume {
        @Test
        void resumesToAByteIdenticalFileAfterAKillAtThirtySeededPoints() throws Exception {
            SplittableRandom seeds = new SplittableRandom(20261123);
            String expected = Sha256.ofFile(file);
            for (int i = 0; i < 30; i++) {
                long cutAt = seeds.nextLong(1, LENGTH);
                checkpoint.delete();
                ResumableUploader.Result result = killThenResume(cutAt);
                assertEquals(expected, result.sha256(), "cut at " + cutAt);
                assertArrayEquals(content, serverCopy(result), "cut at " + cutAt);
                assertEquals(LENGTH - result.resumedFrom(), result.bytesSent(), "only the rest is sent again");
                assertFalse(Files.exists(checkpoint.path()), "a finished upload leaves no checkpoint");
            }
            assertEquals(30, proxy.cuts());
        }

        @Test
        void resumesFromTheServersOffsetNotFromZero() throws Exception {
            ResumableUploader.Result result = killThenResume(LENGTH / 2);
            assertTrue(result.start().startsWith("resumed at the server's offset "), result.start());
            // the server kept what arrived before the cut, less the request headers
            assertTrue(result.resumedFrom() > LENGTH / 2 - 12 * 512, "resumed from " + result.resumedFrom());
            assertTrue(result.bytesSent() < LENGTH / 2 + 12 * 512, "sent " + result.bytesSent());
        }
    }

    @Nested
    class UntrustedCheckpoints {
        private void leaveACheckpointBehind() throws Exception {
            proxy.enqueue(CuttingProxy.Fault.cutAfter(LENGTH / 2));
            assertThrows(IOException.class, () -> freshClient().upload(file));
            assertTrue(checkpoint.load().orElseThrow().offset() > 0);
        }

        @Test
        void bitFlippedCheckpointIsNotTrustedAndTheUploadStartsOver() throws Exception {
            leaveACheckpointBehind();
            byte[] bytes = Files.readAllBytes(checkpoint.path());
            bytes[bytes.length / 3] ^= 0x04;
            Files.write(checkpoint.path(), bytes);
            ResumableUploader.Result result = freshClient().upload(file);
            assertTrue(result.start().startsWith("new upload: checkpoint not trusted: checkpoint checksum mismatch"),
                    result.start());
            assertEquals(0, result.resumedFrom());
            assertArrayEquals(content, serverCopy(result));
        }

        @Test
        void truncatedCheckpointIsNotTrusted() throws Exception {
            leaveACheckpointBehind();
            byte[] bytes = Files.readAllBytes(checkpoint.path());
            Files.write(checkpoint.path(), java.util.Arrays.copyOf(bytes, bytes.length - 10));
            ResumableUploader.Result result = freshClient().upload(file);
            assertEquals("new upload: checkpoint not trusted: checkpoint is truncated: its crc32c line is missing or cut",
                    result.start());
            assertArrayEquals(content, serverCopy(result));
        }

        @Test
        void checkpointForAnUploadTheServerNoLongerHasStartsOver() throws Exception {
            leaveACheckpointBehind();
            String stale = checkpoint.load().orElseThrow().uploadPath();
            server.uploads().forget(stale.substring("/uploads/".length()));
            ResumableUploader.Result result = freshClient().upload(file);
            assertEquals("new upload: server no longer has " + stale, result.start());
            assertArrayEquals(content, serverCopy(result));
        }

        @Test
        void checkpointAheadOfTheServerResyncsToTheServersOffset() throws Exception {
            leaveACheckpointBehind();
            Checkpoint saved = checkpoint.load().orElseThrow();
            long claimed = LENGTH - CHUNK; // as if the server had lost its last writes
            checkpoint.save(saved.advancedTo(claimed,
                    Sha256.hex(Sha256.ofPrefix(file, claimed).digest())));
            ResumableUploader.Result result = freshClient().upload(file);
            assertTrue(result.start().endsWith("(checkpoint said " + claimed + ")"), result.start());
            assertTrue(result.resumedFrom() < claimed);
            assertArrayEquals(content, serverCopy(result));
        }

        @Test
        void localFileChangedSinceTheCheckpointStartsOver() throws Exception {
            leaveACheckpointBehind();
            content[0] ^= 1;
            Files.write(file, content);
            ResumableUploader.Result result = freshClient().upload(file);
            assertEquals("new upload: local file changed since the checkpoint", result.start());
            assertArrayEquals(content, serverCopy(result));
        }
    }
}
