package book.ch01.framing;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * {@code framed-echo-client}: sends N frames of a given size over one connection, checks every
 * echo byte for byte, and prints the round trip's median and 99th percentile.
 */
public final class FramedEchoClientProgram implements Program {

    private final PrintStream out;

    public FramedEchoClientProgram() {
        this(System.out);
    }

    public FramedEchoClientProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "framed-echo-client";
    }

    @Override
    public String summary() {
        return "sends N frames, verifies each echo, prints the round-trip median";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("port", "PORT", null, 1, 65_535, "the framed echo server's port on 127.0.0.1 (required)"),
                Option.integer("count", "N", "1000", 1, 1_000_000, "how many frames to send"),
                Option.bytes("size", "64", 0, FramedEchoServerProgram.MAX_FRAME_LIMIT,
                        "payload bytes per frame (at most --max-frame)"),
                FramedEchoServerProgram.MAX_FRAME,
                Option.integer("seed", "N", "1", Long.MIN_VALUE, Long.MAX_VALUE, "seed of the random payloads"),
                Option.duration("timeout", "10s", Duration.ofMillis(1), Duration.ofHours(1),
                        "bounds the connect and each round trip"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        int port = cmd.integer("port");
        int count = cmd.integer("count");
        int maxFrame = (int) cmd.bytes("max-frame");
        int size = (int) cmd.bytes("size");
        if (size > maxFrame) {
            throw new UsageException("option --size '" + cmd.string("size") + "' is larger than --max-frame " + maxFrame);
        }
        RandomGenerator random = new SplittableRandom(cmd.longValue("seed"));
        Duration timeout = cmd.duration("timeout");
        long[] nanos = new long[count];
        try (FramedEchoClient client = FramedEchoClient.connect(port, maxFrame, timeout)) {
            byte[] payload = new byte[size];
            for (int i = 0; i < count; i++) {
                random.nextBytes(payload);
                long start = System.nanoTime();
                byte[] echo = client.roundTrip(payload);
                nanos[i] = System.nanoTime() - start;
                if (!Arrays.equals(payload, echo)) {
                    throw new IOException("echo " + i + " differs from the frame sent");
                }
            }
        }
        Arrays.sort(nanos);
        out.printf("%d frames of %d bytes echoed and verified; round trip median %.1f us, p99 %.1f us, max %.1f us%n",
                count, size, nanos[count / 2] / 1e3, nanos[(int) Math.min(count - 1, count * 0.99)] / 1e3,
                nanos[count - 1] / 1e3);
    }
}
