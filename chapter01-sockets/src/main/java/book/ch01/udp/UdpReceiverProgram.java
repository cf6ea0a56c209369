package book.ch01.udp;

import book.ch01.echo.Loopback;
import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.ShutdownSignal;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/** {@code udp-receiver}: listens for numbered datagrams and reports what the network did to them. */
public final class UdpReceiverProgram implements Program {

    private final PrintStream out;

    public UdpReceiverProgram() {
        this(System.out);
    }

    public UdpReceiverProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "udp-receiver";
    }

    @Override
    public String summary() {
        return "receives numbered datagrams; reports loss, duplicates and reordering";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.port("port", "0", "UDP port to listen on (0: any free port)"),
                Option.duration("idle", UdpReceiver.DEFAULT_IDLE_TIMEOUT.toSeconds() + "s", Duration.ofMillis(1),
                        Duration.ofHours(1), "once datagrams arrive, stop when none has for this long"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int port = cmd.integer("port");
        Duration idle = cmd.duration("idle");
        try (var receiver = UdpReceiver.start(port, idle, InstantSource.system())) {
            ShutdownSignal signal = ShutdownSignal.install(receiver);
            try {
                out.println("listening on " + Loopback.format(receiver.address()));
                receiver.awaitDone(); // until complete, idle, or Ctrl-C
                out.println(receiver.report());
            } finally {
                signal.close();
            }
        }
    }
}
