package book.ch03.resume.program;

import book.ch03.classify.FailureClassifier;
import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.cli.ProgramChecks;
import book.ch03.idempotency.HttpExchanges;
import book.ch03.resume.checkpoint.CheckpointFile;
import book.ch03.resume.upload.client.ResumableUploader;
import book.ch03.retry.AttemptEvent;
import book.ch03.retry.Outcome;
import book.ch03.retry.Retry;
import book.ch03.retry.RetryGate;
import book.ch03.retry.RetryPolicy;
import book.ch03.retry.Sleeper;
import book.ch03.retry.Ticker;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code upload-client}: uploads a file to {@code upload-server}, resuming from its checkpoint.
 * Kill it (Ctrl-C) half-way and start it again: it continues where the server is.
 */
public final class UploadClientProgram implements Program {

    @Override
    public String name() {
        return "upload-client";
    }

    @Override
    public String summary() {
        return "uploads a file in chunks with a crash-safe checkpoint; rerun after a kill to resume";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.integer("port", "PORT", null, 1, 65_535, "the upload-server's port (required)"),
                Option.text("file", "FILE", null, "the file to upload (required)"),
                Option.text("checkpoint", "FILE", null, "the checkpoint file (default FILE.checkpoint)"),
                Option.bytes("chunk", Integer.toString(ResumableUploader.DEFAULT_CHUNK_BYTES), 1, 64 << 20, "bytes per PATCH"),
                Option.integer("attempts", "N", "3", 1, 100, "runs in this process before giving up (each resumes)"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        Path file = ProgramChecks.readableFile("file", cmd.required("file"));
        String checkpoint = cmd.string("checkpoint");
        // Checked before any upload is opened: a checkpoint that cannot be written would leave an orphan per run.
        Path checkpointFile = checkpoint != null ? ProgramChecks.writableFile("checkpoint", checkpoint)
                : ProgramChecks.writableFile("file", file + ".checkpoint");
        upload(cmd.integer("port"), file, checkpointFile, (int) cmd.bytes("chunk"), cmd.integer("attempts"), System.out);
    }

    /**
     * Uploads with the chapter's retry loop: a broken run is retried after a full-jitter backoff
     * when the classifier allows it for a request that is safe to repeat (each PATCH carries its
     * offset, so a repeat is refused with 409, never applied twice), and each run resumes from
     * the checkpoint. The failure finally thrown names the last cause.
     */
    public static ResumableUploader.Result upload(int port, Path file, Path checkpoint, int chunk, int attempts,
                                                  PrintStream out) throws IOException, InterruptedException {
        return upload(port, file, checkpoint, chunk, attempts, out, Sleeper.system());
    }

    static ResumableUploader.Result upload(int port, Path file, Path checkpoint, int chunk, int attempts,
                                           PrintStream out, Sleeper sleeper) throws IOException, InterruptedException {
        URI base = HttpExchanges.loopback(port, "/");
        RetryPolicy<ResumableUploader.Result> policy = RetryPolicy.<ResumableUploader.Result>builder()
                .maxAttempts(attempts).maxDuration(RETRY_WINDOW)
                .retryOnFailure(failure -> FailureClassifier.isRetryable(failure, true)).build();
        Retry<ResumableUploader.Result> retry = Retry.of(policy, Ticker.system(), sleeper,
                () -> ThreadLocalRandom.current().nextLong(), event -> narrate(event, out), RetryGate.UNLIMITED);
        try (HttpClient http = HttpExchanges.client(Duration.ofSeconds(5))) {
            ResumableUploader uploader = new ResumableUploader(http, base, new CheckpointFile(checkpoint), chunk,
                    ResumableUploader.DEFAULT_REQUEST_TIMEOUT);
            ResumableUploader.Result r;
            try {
                r = retry.call(() -> uploader.upload(file));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("upload to 127.0.0.1:" + port + " failed: " + FailureClassifier.describe(e)
                        + "; the checkpoint keeps the progress", e);
            }
            out.printf("%s%nsent %,d of %,d bytes (resumed from %,d) to %s%nsha256 %s (matches the server's)%n",
                    r.start(), r.bytesSent(), r.length(), r.resumedFrom(), r.uploadPath(), r.sha256());
            return r;
        }
    }

    /** Retrying a whole upload stops this long after its first failure. */
    static final Duration RETRY_WINDOW = Duration.ofMinutes(5);

    private static void narrate(AttemptEvent event, PrintStream out) {
        if (event.failure() == null) {
            return;
        }
        out.println("run " + event.attempt() + " broke: " + FailureClassifier.describe(event.failure()) + "; "
                + (event.outcome() == Outcome.RETRYING
                        ? "next run in " + event.delayMillis() + " ms, resuming from the checkpoint"
                        : "stopping: " + event.outcome() + (event.note() == null ? "" : " (" + event.note() + ")")));
    }
}
