package book.ch03.resume.upload.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.idempotency.HttpExchanges;
import book.ch03.resume.checkpoint.CheckpointFile;
import book.ch03.resume.upload.client.ResumableUploader;
import book.ch03.retry.FakeClock;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #8 section 3: resumable means across a server restart too. The upload table is on disk
 * (one metadata file per upload, replaced atomically after the data is forced to disk), a
 * restarted server finds every upload again, and an abandoned upload expires.
 */
class UploadDurabilityTest {

    @TempDir
    Path dir;

    private static final SplittableRandom RANDOM = new SplittableRandom(5);

    private Uploads uploads(FakeClock clock) throws IOException {
        return new Uploads(dir, 10, 1 << 30, RANDOM::nextLong, clock, Duration.ofHours(1));
    }

    @Nested
    class InProcess {
        @Test
        void aNewTableOnTheSameDirectoryFindsTheUploadAtItsConfirmedOffset() throws IOException {
            FakeClock clock = new FakeClock(0);
            byte[] bytes = "confirmed bytes".getBytes(StandardCharsets.US_ASCII);
            String path;
            String digest;
            try (Uploads first = uploads(clock)) {
                Upload upload = first.create(100);
                upload.append(new ByteArrayInputStream(bytes), 100);
                upload.persist();
                path = "/uploads/" + upload.id();
                digest = upload.progress().prefixSha256();
                // bytes the server wrote but never confirmed (it died before its 204)
                Files.write(upload.file(), "unconfirmed".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
            }
            try (Uploads second = uploads(clock)) {
                Upload again = second.find(path).orElseThrow();
                assertEquals(new Upload.Progress(bytes.length, 100, digest), again.progress());
                assertEquals(bytes.length, Files.size(again.file()), "the unconfirmed tail was cut off");
            }
        }

        @Test
        void anAbandonedUploadExpiresWithItsFilesAndAnActiveOneDoesNot() throws IOException {
            FakeClock clock = new FakeClock(0);
            try (Uploads table = uploads(clock)) {
                Upload abandoned = table.create(10);
                Upload active = table.create(10);
                clock.advance(Duration.ofMinutes(59).toMillis());
                table.find("/uploads/" + active.id()); // a HEAD or PATCH touches it
                clock.advance(Duration.ofMinutes(2).toMillis());
                table.create(10);                        // the sweep runs on creation
                assertFalse(table.find("/uploads/" + abandoned.id()).isPresent());
                assertFalse(Files.exists(abandoned.file()) || Files.exists(abandoned.meta()));
                assertTrue(table.find("/uploads/" + active.id()).isPresent());
            }
        }

        @Test
        void aCompleteUploadDoesNotExpire() throws IOException {
            FakeClock clock = new FakeClock(0);
            try (Uploads table = uploads(clock)) {
                Upload done = table.create(2);
                done.append(new ByteArrayInputStream(new byte[] {1, 2}), 2);
                done.persist();
                clock.advance(Duration.ofDays(2).toMillis());
                table.create(1);
                assertTrue(table.find("/uploads/" + done.id()).isPresent());
            }
        }

        @Test
        void metadataThatContradictsTheDataIsRefusedNamingTheUpload() throws IOException {
            FakeClock clock = new FakeClock(0);
            Upload upload;
            try (Uploads table = uploads(clock)) {
                upload = table.create(100);
            }
            Files.writeString(upload.meta(), "length=100\noffset=50\n");
            IOException e = assertThrows(IOException.class, () -> uploads(clock));
            assertTrue(e.getMessage().startsWith("upload " + upload.id() + ": metadata says offset 50"), e.getMessage());
        }
    }

    /** The real thing: the server is a separate JVM, killed with SIGKILL mid-upload and started again. */
    @Nested
    class KilledProcess {

        private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

        /** A server process and the port it printed. */
        record Server(Process process, int port) {}

        private Server startServer(Path uploadsDir) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "book.ch03.Main", "upload-server", "--port", "0", "--dir", uploadsDir.toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep its pipe drained
                    return new Server(p, Integer.parseInt(m.group(1)));
                }
            }
            p.destroyForcibly();
            throw new IOException("the upload server exited without saying where it listens");
        }

        @Test
        @Timeout(value = 90, unit = TimeUnit.SECONDS)
        void aServerKilledMidUploadAndRestartedOnItsDirectoryResumesFromTheConfirmedOffset() throws Exception {
            byte[] content = new byte[16 << 20];
            new SplittableRandom(9).nextBytes(content);
            Path file = Files.write(dir.resolve("big.bin"), content);
            Path uploadsDir = dir.resolve("uploads");
            CheckpointFile checkpoint = new CheckpointFile(dir.resolve("big.ckpt"));
            Server first = startServer(uploadsDir);
            try (HttpClient http = HttpExchanges.client(Duration.ofSeconds(5))) {
                ResumableUploader before = new ResumableUploader(http, URI.create("http://127.0.0.1:" + first.port() + "/"),
                        checkpoint, 64 * 1024, Duration.ofSeconds(10));
                CompletableFuture<ResumableUploader.Result> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        return before.upload(file);
                    } catch (IOException | InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                });
                while (confirmedOffset(uploadsDir) < (1 << 20) && !run.isDone()) {
                    Thread.sleep(5);
                }
                first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
                assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
                assertThrows(Exception.class, run::join, "the upload must have been cut, not finished");
            }
            long confirmedAtKill = confirmedOffset(uploadsDir);
            assertTrue(confirmedAtKill >= 1 << 20, "killed at " + confirmedAtKill);

            Server second = startServer(uploadsDir);
            try (HttpClient http = HttpExchanges.client(Duration.ofSeconds(5))) {
                ResumableUploader after = new ResumableUploader(http, URI.create("http://127.0.0.1:" + second.port() + "/"),
                        checkpoint, 64 * 1024, Duration.ofSeconds(10));
                ResumableUploader.Result result = after.upload(file);
                assertEquals(confirmedAtKill, result.resumedFrom(), "resumed at the offset the dead server confirmed");
                assertEquals(content.length - confirmedAtKill, result.bytesSent());
                Path stored = uploadsDir.resolve(result.uploadPath().substring("/uploads/".length()) + ".part");
                assertArrayEquals(content, Files.readAllBytes(stored), "byte-exact after kill -9 and restart");
            } finally {
                second.process().destroyForcibly();
                second.process().waitFor(30, TimeUnit.SECONDS);
            }
        }

        /** The offset the server's metadata confirms, 0 before there is any. */
        private long confirmedOffset(Path uploadsDir) throws IOException {
            if (!Files.isDirectory(uploadsDir)) {
                return 0;
            }
            try (var metas = Files.newDirectoryStream(uploadsDir, "*.upload")) {
                for (Path meta : metas) {
                    for (String line : Files.readAllLines(meta)) {
                        if (line.startsWith("offset=")) {
                            return Long.parseLong(line.substring("offset=".length()));
                        }
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                return 0; // replaced under us by the atomic rename; ask again
            }
            return 0;
        }
    }
}
