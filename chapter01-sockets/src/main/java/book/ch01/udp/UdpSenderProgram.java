package book.ch01.udp;

import book.ch01.time.Sleeper;
import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/** {@code udp-sender}: sends a numbered stream of datagrams to a loopback port. */
public final class UdpSenderProgram implements Program {

    /** Bounds how long one run can keep sending, whatever the options say. */
    public static final Duration MAX_RUN_TIME = Duration.ofMinutes(10);

    private final PrintStream out;

    public UdpSenderProgram() {
        this(System.out);
    }

    public UdpSenderProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "udp-sender";
    }

    @Override
    public String summary() {
        return "sends numbered datagrams to a loopback UDP port";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("port", "PORT", null, 1, 65_535, "the receiver's (or relay's) UDP port on 127.0.0.1"),
                Option.integer("count", "N", "1000", 1, SequencedDatagram.MAX_TOTAL, "how many datagrams"),
                Option.bytes("size", "64", SequencedDatagram.HEADER_BYTES, SequencedDatagram.MAX_IPV4_PAYLOAD,
                        "bytes per datagram"),
                Option.duration("interval", "1ms", Duration.ZERO, Duration.ofMinutes(1), "pause between datagrams"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int port = cmd.integer("port");
        long count = cmd.longValue("count");
        int size = (int) cmd.bytes("size");
        Duration interval = cmd.duration("interval");
        if (interval.multipliedBy(count).compareTo(MAX_RUN_TIME) > 0) {
            throw new UsageException("--count " + count + " at --interval " + interval.toMillis()
                    + "ms would send for longer than " + MAX_RUN_TIME.toMinutes() + " minutes");
        }
        try (var sender = new UdpSender(port, size, count, InstantSource.system())) {
            sender.sendAll(interval, Sleeper.REAL);
        }
        out.println("sent " + count + " datagrams of " + size + " bytes to 127.0.0.1:" + port);
    }
}
