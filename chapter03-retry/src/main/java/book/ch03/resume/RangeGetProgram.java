package book.ch03.resume;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.idempotency.HttpExchanges;
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
        return List.of(Option.value("port", "PORT", null, "the server's port (required)"),
                Option.value("path", "PATH", null, "what to fetch, e.g. /uploads/ID (required)"),
                Option.value("out", "FILE", null, "where to write it (required)"),
                Option.value("attempts", "N", "5", "requests before giving up"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        get(cmd.integer("port", 1, 65_535), cmd.required("path"), Path.of(cmd.required("out")),
                cmd.integer("attempts", 1, 100), System.out);
    }

    public static RangeDownloader.Result get(int port, String path, Path out, int attempts, PrintStream log)
            throws Exception {
        try (HttpClient http = HttpExchanges.client(Duration.ofSeconds(5))) {
            RangeDownloader.Result r = new RangeDownloader(http, Duration.ofSeconds(30), attempts)
                    .download(HttpExchanges.loopback(port, path), out);
            log.printf("%,d bytes in %d request(s), %,d bytes fetched%s; sha256 %s%n", r.bytes(), r.attempts(), r.fetched(),
                    r.restarted() ? " (the file changed, so it started over)" : "", ResumableUploader.sha256(out));
            return r;
        }
    }
}
