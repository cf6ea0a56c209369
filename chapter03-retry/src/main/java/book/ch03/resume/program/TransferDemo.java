package book.ch03.resume.program;

import book.ch03.fixture.CuttingProxy;
import book.ch03.idempotency.ChargeClient;
import book.ch03.idempotency.HttpExchanges;
import book.ch03.idempotency.LedgerServer;
import book.ch03.resume.checkpoint.Checkpoint;
import book.ch03.resume.checkpoint.CheckpointFile;
import book.ch03.resume.files.Sha256;
import book.ch03.resume.upload.client.ResumableUploader;
import book.ch03.resume.upload.server.UploadServer;
import book.ch03.retry.Sleeper;
import book.ch03.retry.Ticker;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The narrated part of the chapter's demo about safe retries: a charge whose response is lost
 * (retried with one idempotency key: charged once; without one: charged twice), and an upload
 * whose client is killed half-way and restarted from its checkpoint.
 */
public final class TransferDemo {

    private static final int FILE_BYTES = 4 << 20;
    private static final int CHUNK_BYTES = 256 << 10;

    private TransferDemo() {
    }

    public static void run(PrintStream out) throws Exception {
        out.println("== A lost response, retried ==");
        charge(out, "/charges", ChargeClient.KeyPolicy.ONE_PER_OPERATION);
        charge(out, "/legacy/charges", ChargeClient.KeyPolicy.NONE);
        out.println();
        out.println("== An upload killed half-way, resumed ==");
        Path dir = Files.createTempDirectory("transfer-demo");
        try {
            upload(out, dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void charge(PrintStream out, String path, ChargeClient.KeyPolicy keys) throws Exception {
        try (LedgerServer server = new LedgerServer(0, Ticker.system());
             CuttingProxy proxy = new CuttingProxy(server.port());
             HttpClient http = HttpExchanges.client(Duration.ofSeconds(5))) {
            proxy.enqueue(CuttingProxy.Fault.loseResponse());
            ChargeClient client = new ChargeClient(http, HttpExchanges.loopback(proxy.port(), path), keys,
                    ChargeClient.retry(3, Duration.ofMillis(100), Sleeper.system()));
            ChargeClient.Outcome outcome = client.charge("amount=1000&currency=usd");
            out.printf("POST %s (%s): the server booked the charge, then the connection died before the reply%n",
                    path, keys == ChargeClient.KeyPolicy.NONE ? "no Idempotency-Key" : "one Idempotency-Key for both attempts");
            out.printf("  the client retried: %d attempts, final answer %d%s%n", outcome.attempts(), outcome.status(),
                    outcome.replayed() ? " (Idempotent-Replayed: the stored first answer)" : "");
            int charges = server.ledger().charges().size();
            out.printf("  the ledger holds %d charge%s%s%n", charges, charges == 1 ? "" : "s",
                    charges == 1 ? ": charged exactly once" : ": the customer paid twice");
        }
    }

    private static void upload(PrintStream out, Path dir) throws Exception {
        Path file = dir.resolve("video.bin");
        byte[] content = new byte[FILE_BYTES];
        new SplittableRandom(2026).nextBytes(content);
        Files.write(file, content);
        CheckpointFile checkpoint = new CheckpointFile(dir.resolve("video.bin.checkpoint"));
        try (UploadServer server = new UploadServer(0, dir.resolve("server"));
             CuttingProxy proxy = new CuttingProxy(server.address().getPort())) {
            URI base = HttpExchanges.loopback(proxy.port(), "/");
            long cutAt = FILE_BYTES * 3L / 5;
            proxy.enqueue(CuttingProxy.Fault.cutAfter(cutAt));
            out.printf("uploading %,d bytes in %,d-byte chunks; the network dies after %,d bytes%n", FILE_BYTES, CHUNK_BYTES, cutAt);
            try (HttpClient http = HttpExchanges.client(Duration.ofSeconds(5))) {
                new ResumableUploader(http, base, checkpoint, CHUNK_BYTES, Duration.ofSeconds(10)).upload(file);
                out.println("  (the upload was not interrupted)");
            } catch (IOException e) {
                out.println("  client killed: " + e.getMessage());
            }
            Checkpoint saved = checkpoint.load().orElseThrow();
            out.printf("  checkpoint on disk: upload %s, offset %,d, prefix sha256 %s...%n", saved.uploadPath(),
                    saved.offset(), saved.prefixSha256().substring(0, 16));
            try (HttpClient http = HttpExchanges.client(Duration.ofSeconds(5))) {
                ResumableUploader.Result r = new ResumableUploader(http, base, checkpoint, CHUNK_BYTES,
                        Duration.ofSeconds(10)).upload(file);
                out.printf("a new client, from the checkpoint alone: %s%n", r.start());
                out.printf("  sent the remaining %,d bytes (%.0f%% of the file), not all %,d%n", r.bytesSent(),
                        100.0 * r.bytesSent() / r.length(), r.length());
                boolean same = r.sha256().equals(Sha256.ofFile(file));
                out.printf("  sha256 local %s... server %s... %s%n", Sha256.ofFile(file).substring(0, 16),
                        r.sha256().substring(0, 16), same ? "match" : "DIFFER");
            }
        }
    }
}
