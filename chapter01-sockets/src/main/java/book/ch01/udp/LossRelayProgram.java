package book.ch01.udp;

import book.ch01.echo.Loopback;
import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.ShutdownSignal;
import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;

/** {@code loss-relay}: a bad network between a UDP sender and its receiver, on loopback. */
public final class LossRelayProgram implements Program {

    private final PrintStream out;

    public LossRelayProgram() {
        this(System.out);
    }

    public LossRelayProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "loss-relay";
    }

    @Override
    public String summary() {
        return "forwards UDP datagrams, dropping, duplicating and reordering some";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.port("port", "0", "UDP port to listen on (0: any free port)"),
                Option.integer("to", "PORT", null, 1, 65_535, "the UDP port on 127.0.0.1 to forward to"),
                Option.decimal("drop", "P", "0.0", 0, 1, "probability that a datagram is dropped"),
                Option.decimal("duplicate", "P", "0.0", 0, 1, "probability that a datagram is sent twice"),
                Option.decimal("reorder", "P", "0.0", 0, 1, "probability that a datagram is held back behind the next"),
                Option.integer("seed", "N", "1", Long.MIN_VALUE, Long.MAX_VALUE,
                        "seed of the random decisions: same seed, same decisions"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int port = cmd.integer("port");
        int to = cmd.integer("to");
        var config = new RelayConfig(cmd.decimal("drop"), cmd.decimal("duplicate"), cmd.decimal("reorder"));
        long seed = cmd.longValue("seed");
        try (var relay = LossyRelay.start(port, to, config, new SplittableRandom(seed))) {
            ShutdownSignal signal = ShutdownSignal.install(relay);
            try {
                out.println("listening on " + Loopback.format(relay.address()) + ", forwarding to 127.0.0.1:" + to);
                relay.awaitClosed(); // until Ctrl-C
            } finally {
                out.println(relay.counts());
                signal.close();
            }
        }
    }
}
