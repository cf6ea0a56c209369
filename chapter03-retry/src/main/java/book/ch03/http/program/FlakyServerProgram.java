package book.ch03.http.program;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.cli.ServerPrograms;
import book.ch03.cli.UsageException;
import book.ch03.fixture.ScriptedHttpServer;
import book.ch03.fixture.Step;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * {@code flaky-server}: an HTTP server on loopback that fails in a scripted way, for
 * trying a retrying client by hand: a list of answers, or failures for a while after start.
 */
public final class FlakyServerProgram implements Program {

    @Override
    public String name() {
        return "flaky-server";
    }

    @Override
    public String summary() {
        return "an HTTP server that answers a scripted sequence of failures (503, 429, drop ...)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.port("port", "0", "the port to listen on (0: any free port)"),
                Option.text("script", "LIST", "503,503,200", "answers in order: statuses (100-599) or 'drop'; then 200"),
                Option.duration("fail-for", null, Duration.ofMillis(1), Duration.ofHours(1),
                        "instead of --script: 503 for this long after start"),
                Option.integer("retry-after", "SECONDS", null, 0, 86_400, "add Retry-After: SECONDS to every 429 and 503"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        ServerPrograms.limitHttpServerTimes();
        ServerPrograms.serveUntilStopped(start(cmd, System.out));
    }

    /** Starts the server and says where it listens; the caller closes it. */
    public ScriptedHttpServer start(CommandLine cmd, PrintStream out) throws Exception {
        int port = cmd.integer("port");
        String retryAfter = cmd.has("retry-after") ? Integer.toString(cmd.integer("retry-after")) : null;
        if (cmd.given("fail-for") && cmd.given("script")) {
            throw new UsageException("option --fail-for replaces --script: give one of them");
        }
        IntFunction<Step> script;
        if (cmd.has("fail-for")) {
            script = ScriptedHttpServer.failingFor(cmd.duration("fail-for"), withRetryAfter(Step.status(503), retryAfter));
        } else {
            List<Step> steps = new ArrayList<>();
            for (String token : cmd.string("script").split(",")) {
                steps.add(withRetryAfter(parse(token.strip()), retryAfter));
            }
            script = n -> n < steps.size() ? steps.get(n) : Step.status(200);
        }
        ScriptedHttpServer server = new ScriptedHttpServer(logging(script, out), port);
        out.println("listening on 127.0.0.1:" + server.port());
        return server;
    }

    private static IntFunction<Step> logging(IntFunction<Step> script, PrintStream out) {
        return n -> {
            Step step = script.apply(n);
            out.println("request " + (n + 1) + ": " + step);
            return step;
        };
    }

    private static Step parse(String token) throws UsageException {
        if (token.equals("drop")) {
            return Step.drop();
        }
        try {
            return Step.status(Integer.parseInt(token));
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --script '" + token + "' is not a status (100-599) or 'drop'");
        }
    }

    private static Step withRetryAfter(Step step, String seconds) {
        boolean asksToWait = step.status() == 429 || step.status() == 503;
        return seconds != null && asksToWait ? step.withHeader("Retry-After", seconds) : step;
    }
}
