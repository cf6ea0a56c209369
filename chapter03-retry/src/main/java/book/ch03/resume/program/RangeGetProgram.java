package book.ch03.resume.program;

import book.ch03.classify.FailureClassifier;
import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.cli.ProgramChecks;
import book.ch03.idempotency.HttpExchanges;
import book.ch03.resume.files.Sha256;
import book.ch03.resume.range.RangeDownloader;
import book.ch03.retry.Sleeper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code range-get}: downloads a finished upload, resuming a broken download with Range and If-Range. */
public final class RangeGetProgram implements Program {

    @Override
    public String name() {
        return "range-get";
    }

    @Override
    public String summary() {
        return "downloads with HTTP range requests, resuming FILE.part after a break";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.integer("port", "PORT", null, 1, 65_535, "the server's port (required)"),
                Option.text("path", "PATH", null, "what to fetch, e.g. /uploads/ID (required)"),
                Option.text("out", "FILE", null, "where to write it (required)"),
                Option.integer("attempts", "N", "5", 1, 100, "requests before giving up"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int port = cmd.integer("port");
        String path = ProgramChecks.urlPath("path", cmd.required("path"));
        Path out = ProgramChecks.writableFile("out", cmd.required("out"));
        get(port, path, out, cmd.integer("attempts"), System.out);
    }

    public static RangeDownloader.Result get(int port, String path, Path out, int attempts, PrintStream log)
            throws Exception {
        try (HttpClient http = HttpExchanges.client(Duration.ofSeconds(5))) {
            RangeDownloader.Result r;
            try {
                r = new RangeDownloader(http, Duration.ofSeconds(30), attempts, Sleeper.system(),
                        event -> log.println("  " + event)).download(HttpExchanges.loopback(port, path), out);
            } catch (IOException e) {
                throw new IOException("download of " + path + " failed: " + FailureClassifier.describe(e), e);
            }
            log.printf("%,d bytes in %d request(s), %,d bytes fetched%s; sha256 %s%n", r.bytes(), r.attempts(), r.fetched(),
                    r.restarted() ? " (the file changed, so it started over)" : "", Sha256.ofFile(out));
            return r;
        }
    }
}
