package book.ch01.http;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * {@code http-client}: sends N GETs to a loopback server, over one reused client or (with
 * {@code --fresh}) a new client per request, and prints what each came to.
 */
public final class HttpClientProgram implements Program {

    @Override
    public String name() {
        return "http-client";
    }

    @Override
    public String summary() {
        return "GETs from a loopback server and classifies each response by status";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("port", "PORT", null, 1, 65_535, "the server's port on 127.0.0.1 (required)"),
                Option.text("path", "PATH", "/hello", "path and query to GET, e.g. /slow?ms=200"),
                Option.duration("timeout", "5s", Duration.ofMillis(1), Duration.ofHours(1),
                        "deadline for each whole exchange"),
                Option.integer("reuse", "N", "1", 1, 10_000, "number of requests"),
                Option.flag("fresh", "a new client per request (the wrong way) instead of one reused client"));
    }

    @Override
    public void run(CommandLine cmd) throws UsageException, InterruptedException, IOException {
        String path = cmd.string("path");
        checkPath(path);
        Duration timeout = cmd.duration("timeout");
        int requests = cmd.integer("reuse");
        int successes = fetch(cmd.integer("port"), path, timeout, requests, cmd.flag("fresh"), System.out);
        if (successes < requests) { // a script that runs this must be able to tell
            throw new IOException((requests - successes) + " of " + requests + " requests did not succeed");
        }
    }

    /** Refuses, before any request, a path that is not the path-and-query part of a URL (a space, a host). */
    static void checkPath(String path) throws UsageException {
        if (!path.startsWith("/") || path.startsWith("//")) {
            throw new UsageException("option --path '" + path + "' must start with a single '/'");
        }
        try {
            URI uri = new URI("http://127.0.0.1" + path);
            if (uri.getRawFragment() != null) {
                throw new UsageException("option --path '" + path + "' has a fragment (#...), which is never sent");
            }
        } catch (URISyntaxException e) {
            throw new UsageException("option --path '" + path + "' is not a URL path: " + e.getReason()
                    + " at index " + e.getIndex() + " (write a space as %20)");
        }
    }

    /** Sends the requests and returns how many came back 2xx. */
    static int fetch(int port, String path, Duration timeout, int requests, boolean fresh, PrintStream out)
            throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        HttpClientConfig config = HttpClientConfig.DEFAULTS.withRequestTimeout(timeout);
        int successes = 0;
        try (StatusAwareClient shared = fresh ? null : new StatusAwareClient(config)) { // null: none to close
            for (int i = 1; i <= requests; i++) {
                long start = System.nanoTime();
                String line;
                try {
                    HttpResult result;
                    if (fresh) {
                        try (StatusAwareClient once = new StatusAwareClient(config)) {
                            result = once.get(uri);
                        }
                    } else {
                        result = shared.get(uri);
                    }
                    successes += result instanceof HttpResult.Success ? 1 : 0;
                    line = describe(result);
                } catch (IOException e) {
                    line = "failed: " + e;
                }
                out.printf("#%d %s (%d ms)%n", i, line, (System.nanoTime() - start) / 1_000_000);
            }
        }
        out.printf("%d of %d requests succeeded, %s%n", successes, requests,
                fresh ? "each over a new client" : "all over one reused client");
        return successes;
    }

    // tag::describe[]
    /** One line per outcome: the caller decides what each status class means. */
    static String describe(HttpResult result) {
        return switch (result) {
            case HttpResult.Success s -> s.status() + " ok: " + oneLine(s.body());
            case HttpResult.Redirect r -> r.status() + " redirect to " + r.location().orElse("(no Location)");
            case HttpResult.ClientError c -> c.status() + " client error, do not retry as is: " + oneLine(c.excerpt());
            case HttpResult.ServerError s -> s.status() + " server error, may retry: " + oneLine(s.excerpt());
            case HttpResult.Unexpected u -> u.status() + " unexpected status: " + oneLine(u.excerpt());
        };
    }
    // end::describe[]

    private static String oneLine(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 80 ? flat : flat.substring(0, 80) + "...";
    }
}
