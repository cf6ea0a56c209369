package book.ch03.resume;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.cli.ProgramChecks;
import book.ch03.idempotency.HttpExchanges;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

    /** Uploads, retrying a broken run at once up to {@code attempts} times; each run resumes from the checkpoint. */
    public static ResumableUploader.Result upload(int port, Path file, Path checkpoint, int chunk, int attempts,
                                                  PrintStream out) throws IOException, InterruptedException {
        URI base = HttpExchanges.loopback(port, "/");
        try (HttpClient http = HttpExchanges.client(Duration.ofSeconds(5))) {
            ResumableUploader uploader = new ResumableUploader(http, base, new CheckpointFile(checkpoint), chunk,
                    ResumableUploader.DEFAULT_REQUEST_TIMEOUT);
            for (int attempt = 1; ; attempt++) {
                try {
                    ResumableUploader.Result r = uploader.upload(file);
                    out.printf("%s%nsent %,d of %,d bytes (resumed from %,d) to %s%nsha256 %s (matches the server's)%n",
                            r.start(), r.bytesSent(), r.length(), r.resumedFrom(), r.uploadPath(), r.sha256());
                    return r;
                } catch (IOException e) {
                    out.println("run " + attempt + " broke: " + e.getMessage() + "; the checkpoint keeps the progress");
                    if (attempt == attempts) {
                        throw e;
                    }
                }
            }
        }
    }
}
