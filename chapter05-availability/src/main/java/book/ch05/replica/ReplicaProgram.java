package book.ch05.replica;

import book.ch05.cli.CommandLine;
import book.ch05.cli.Option;
import book.ch05.cli.Program;
import book.ch05.cli.UsageException;
import java.time.Duration;
import java.util.List;

/**
 * {@code replica}: one {@link ReplicaServer} as an OS process, printing
 * {@code listening on 127.0.0.1:PORT} once it accepts, and running until interrupted or for
 * {@code --for}. Other programs (the capstone) start several and change them through
 * {@code POST /admin}.
 */
public final class ReplicaProgram implements Program {

    @Override
    public String name() {
        return "replica";
    }

    @Override
    public String summary() {
        return "an HTTP replica with a latency tail, a failure rate, a stall and /health";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.port("port", "0", "port on 127.0.0.1 (0: any free port)"),
                Option.text("name", "NAME", "replica", "name in X-Replica and in answers"),
                Option.duration("latency", "0ms", Duration.ZERO, Behaviour.MAX_LATENCY, "usual latency of a work request"),
                Option.decimal("tail-probability", "P", null, 0, 1, "share of requests that take --tail-latency"),
                Option.duration("tail-latency", null, Duration.ZERO, Behaviour.MAX_LATENCY, "latency of the slow tail"),
                Option.decimal("failure-rate", "P", "0", 0, 1, "share of work requests answered 503"),
                Option.integer("seed", "N", "1", Long.MIN_VALUE, Long.MAX_VALUE, "seed of the tail and failure draws"),
                Option.integer("max-connections", "N", String.valueOf(ReplicaServer.DEFAULT_MAX_CONNECTIONS), 1, 100_000,
                        "connections served at once; more are answered 503"),
                Option.duration("idle-timeout", "30s", Duration.ofMillis(1), Duration.ofHours(1),
                        "close a connection silent this long"),
                Option.duration("for", null, Duration.ofMillis(1), Duration.ofHours(24), "stop after this long (default: until interrupted)"),
                Option.flag("stall", "start stalled: accept, read, never answer"),
                Option.text("ledger", "FILE", null, "an effects journal shared with other replica processes (default: in memory)"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        cmd.requireWith("tail-latency", "tail-probability");
        cmd.requireWith("tail-probability", "tail-latency");
        Behaviour b = Behaviour.FAST.withLatency(cmd.duration("latency"))
                .withFailureRate(cmd.decimal("failure-rate"))
                .withStalled(cmd.flag("stall"));
        if (cmd.has("tail-probability")) {
            b = b.withTail(cmd.decimal("tail-probability"), cmd.duration("tail-latency"));
        }
        String name = cmd.string("name");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new UsageException("option --name '" + name + "' must be 1..64 of A-Z a-z 0-9 . _ -");
        }
        ReplicaServer.Config config = ReplicaServer.Config.of(name)
                .withPort(cmd.integer("port"))
                .withBehaviour(b)
                .withRandom(ReplicaServer.Config.seeded(cmd.longValue("seed")))
                .withMaxConnections(cmd.integer("max-connections"))
                .withIdleTimeout(cmd.duration("idle-timeout"))
                .withLedger(ledger(cmd));
        try (ReplicaServer server = ReplicaServer.start(config)) {
            Thread hook = new Thread(server::close);
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println("listening on 127.0.0.1:" + server.port());
            System.out.flush();
            try {
                if (cmd.has("for")) {
                    Thread.sleep(cmd.duration("for"));
                } else {
                    server.awaitStopped();
                }
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is closing the replica gracefully
                }
            }
            ReplicaServer.Counts c = server.counts();
            System.out.printf("stopped: %d requests, %d ok, %d failed, %d abandoned, %d stalled%n",
                    c.requests(), c.ok(), c.failed(), c.abandoned(), c.stalled());
        }
    }


    /** The in-memory ledger, or a journal file whose folder must exist (checked before serving). */
    private static Ledger ledger(CommandLine cmd) throws UsageException, java.io.IOException {
        if (!cmd.has("ledger")) {
            return new Ledger();
        }
        java.nio.file.Path file = java.nio.file.Path.of(cmd.string("ledger")).toAbsolutePath();
        if (!java.nio.file.Files.isDirectory(file.getParent()) || java.nio.file.Files.isDirectory(file)) {
            throw new UsageException("option --ledger '" + cmd.string("ledger") + "' is not a file in an existing folder");
        }
        return Ledger.journal(file);
    }
}
