package book.ch03.reliable;

import book.ch03.cli.CommandLine;
import book.ch03.cli.Option;
import book.ch03.cli.Program;
import book.ch03.cli.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reliable-udp}: sender, lossy relay and receiver in one process on loopback; for each
 * loss rate, sends the same bytes and prints transmissions per segment and goodput.
 */
public final class ReliableUdpProgram implements Program {

    @Override
    public String name() {
        return "reliable-udp";
    }

    @Override
    public String summary() {
        return "reliable delivery over a lossy UDP relay: loss vs transmissions per segment vs goodput";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.text("loss", "P[,P...]", "0,0.1,0.3", "loss probabilities, each direction, each in 0..0.5"),
                Option.decimal("duplicate", "P", "0.01", 0, 0.5, "probability a datagram is duplicated"),
                Option.decimal("reorder", "P", "0.01", 0, 0.5, "probability a datagram is held back behind the next"),
                Option.bytes("bytes", "1000000", 1, 100_000_000, "bytes to send per loss rate"),
                Option.integer("seed", "N", "1", Long.MIN_VALUE, Long.MAX_VALUE,
                        "seed of the relay's and the data's random generators"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        List<Double> losses = new ArrayList<>();
        for (String p : cmd.required("loss").split(",")) {
            double loss;
            try {
                loss = Double.parseDouble(p.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --loss '" + p + "' is not a number such as 0,0.1,0.3");
            }
            if (!(loss >= 0 && loss <= 0.5)) {
                throw new UsageException("option --loss '" + p + "' is out of range 0.0..0.5");
            }
            losses.add(loss);
        }
        run(losses, cmd.decimal("duplicate"), cmd.decimal("reorder"), (int) cmd.bytes("bytes"), cmd.longValue("seed"),
                System.out);
    }

    public static List<LossExperiment.Row> run(List<Double> losses, double duplicate, double reorder, int bytes,
                                               long seed, PrintStream out) throws Exception {
        out.printf("%,d bytes per run, duplicate %.2f, reorder %.2f, seed %d, window %d x %d bytes"
                        + " (after one unmeasured warm-up run)%n%n", bytes, duplicate, reorder, seed,
                ReliableSender.DEFAULTS.window(), ReliableSender.DEFAULTS.payloadBytes());
        LossExperiment.run(0, 0, 0, bytes, seed); // the first run pays for class loading and compilation
        List<LossExperiment.Row> rows = new ArrayList<>();
        for (double loss : losses) {
            rows.add(LossExperiment.run(loss, duplicate, reorder, bytes, seed));
        }
        LossExperiment.printTable(rows, out);
        return rows;
    }
}
