package book.ch01.transfer;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import book.ch01.options.ClientSocketConfig;
import book.ch01.echo.Loopback;
import book.ch01.time.Sleeper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code transfer}: sends N bytes over loopback TCP and reports the time and throughput. */
public final class TransferProgram implements Program {

    public static final long MAX_BYTES = 10_000_000_000L;
    /** A paced run that would take longer than this is refused up front. */
    public static final Duration MAX_PACED_TIME = Duration.ofMinutes(10);

    private final PrintStream out;

    public TransferProgram() {
        this(System.out);
    }

    public TransferProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "transfer";
    }

    @Override
    public String summary() {
        return "sends N bytes over loopback TCP; reports time and throughput";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.bytes("bytes", "100000000", 0, MAX_BYTES, "how many bytes to send"),
                Option.bytes("chunk", String.valueOf(TransferPlan.DEFAULT_CHUNK_BYTES), 1, 16L << 20, "bytes per write"),
                Option.bytes("rate", "0", 0, 1L << 30, "pace the writes to this many bytes a second (0: as fast as possible)"),
                Option.integer("port", "PORT", null, 1, 65_535, "a running sink-server's port (default: start one here)"),
                Option.integer("repeat", "N", "1", 1, 100, "transfers in a row; the first also pays for a cold JVM"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        var plan = new TransferPlan(cmd.bytes("bytes"), (int) cmd.bytes("chunk"), cmd.bytes("rate"));
        int repeat = cmd.integer("repeat");
        if (plan.predictedPacing().multipliedBy(repeat).compareTo(MAX_PACED_TIME) > 0) {
            throw new UsageException("--bytes " + plan.bytes() + " at --rate " + plan.bytesPerSecond()
                    + (repeat > 1 ? ", " + repeat + " times," : "")
                    + " would take longer than " + MAX_PACED_TIME.toMinutes() + " minutes");
        }
        if (cmd.has("port")) {
            int port = cmd.integer("port");
            transfers(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), plan, repeat);
            return;
        }
        try (SinkServer sink = SinkServer.start(0)) {
            out.println("started a sink on " + Loopback.format(sink.address()));
            transfers(sink.address(), plan, repeat);
        }
    }

    private void transfers(InetSocketAddress sink, TransferPlan plan, int repeat) throws IOException {
        var client = new TransferClient(ClientSocketConfig.DEFAULTS, System::nanoTime, Sleeper.REAL);
        for (int i = 0; i < repeat; i++) {
            if (Thread.currentThread().isInterrupted()) {
                return; // Ctrl-C between transfers
            }
            out.println(client.send(sink, plan));
        }
        if (plan.paced()) {
            out.printf(Locale.ROOT, "paced at %,d B/s in bursts of %,d bytes: (size - burst) / rate predicts %.3f s%n",
                    plan.bytesPerSecond(), plan.burstBytes(), plan.predictedPacing().toNanos() / 1e9);
        }
    }
}
