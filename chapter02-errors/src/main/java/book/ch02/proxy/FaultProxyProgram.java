package book.ch02.proxy;

import book.ch02.cli.CommandLine;
import book.ch02.cli.Option;
import book.ch02.cli.Program;
import book.ch02.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code fault-proxy}: the proxy as a command, to put between any client and server on this
 * machine and watch the client cope. It forwards to loopback only and says so if asked for
 * anything else: a fault injector pointed at a real host is an outage, not a test.
 */
public final class FaultProxyProgram implements Program {

    private final PrintStream out;

    public FaultProxyProgram() {
        this(System.out);
    }

    public FaultProxyProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "fault-proxy";
    }

    @Override
    public String summary() {
        return "TCP proxy on loopback that injects latency, throttling, slicing, black holes, resets, truncation, corruption";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("listen", "PORT", "0", "loopback port to listen on (0 = any free port)"),
                Option.value("upstream", "PORT", null, "the server's loopback port (or 127.0.0.1:PORT); required"),
                Option.value("direction", "DIR", "downstream", "where faults act: upstream (requests), downstream (responses), both"),
                Option.value("latency", "DURATION", null, "delay every chunk, e.g. 100ms"),
                Option.value("jitter", "DURATION", "0ms", "extra random delay up to this, per chunk"),
                Option.value("bandwidth", "RATE", null, "bytes per second, e.g. 64k (k = 1024, m = 1048576)"),
                Option.value("slice", "BYTES", null, "cut data into pieces of at most this many bytes"),
                Option.value("slice-delay", "DURATION", "0ms", "pause between two pieces"),
                Option.flag("blackhole", "read everything, forward nothing: clients' reads time out"),
                Option.value("reset-after", "BYTES", null, "forward this many bytes, then reset the connection"),
                Option.value("truncate-after", "BYTES", null, "forward this many bytes, then close cleanly"),
                Option.value("corrupt-rate", "P", null, "flip one bit in a byte with this probability, e.g. 0.001"),
                Option.value("seed", "N", "42", "seed for jitter and corruption"),
                Option.flag("down", "start down: connections to the port are refused"),
                Option.value("idle-timeout", "DURATION", "60s", "close a connection silent this long"),
                Option.value("max-connections", "N", "64", "connections beyond this are closed at once"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        FaultProxy proxy = start(cmd);
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "fault-proxy-shutdown"));
        try {
            proxy.awaitClosed(); // until Ctrl-C
        } finally {
            proxy.close();
        }
    }

    /** Starts the proxy the command line describes and returns it running; the caller closes it. */
    public FaultProxy start(CommandLine cmd) throws UsageException, IOException, InterruptedException {
        ProxyConfig config = ProxyConfig.forUpstream(upstreamPort(cmd.required("upstream")))
                .withListenPort(cmd.integer("listen", 0, 65535))
                .withIdleTimeout(cmd.duration("idle-timeout"))
                .withMaxConnections(cmd.integer("max-connections", 1, 100_000))
                .withEvents(out::println);
        Faults faults;
        try {
            faults = faults(cmd);
        } catch (IllegalArgumentException e) { // a fault's own check, such as a negative latency
            throw new UsageException(e.getMessage());
        }
        FaultProxy proxy = FaultProxy.start(config);
        proxy.setFaults(faults);
        if (cmd.flag("down")) {
            proxy.down();
        }
        return proxy;
    }

    /** The upstream port; a host, if given, must name 127.0.0.1, where the proxy forwards. */
    static int upstreamPort(String raw) throws UsageException {
        int colon = raw.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : raw.substring(0, colon);
        String port = raw.substring(colon + 1);
        if (!isLoopback(host)) {
            throw new UsageException("--upstream host '" + host + "' is not loopback; this proxy forwards to 127.0.0.1 only");
        }
        if (!host.equals("127.0.0.1") && !host.equalsIgnoreCase("localhost")) { // never forward elsewhere than said
            throw new UsageException("--upstream host '" + host + "' is loopback but not 127.0.0.1; this proxy forwards to 127.0.0.1 only");
        }
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new UsageException("--upstream wants a port between 1 and 65535, not '" + port + "'");
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static Faults faults(CommandLine cmd) throws UsageException {
        long seed = cmd.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        List<Fault> list = new ArrayList<>();
        if (cmd.string("latency") != null) {
            list.add(new Latency(cmd.duration("latency"), cmd.duration("jitter"), seed));
        }
        if (cmd.string("bandwidth") != null) {
            list.add(new Bandwidth(rate(cmd.string("bandwidth"))));
        }
        if (cmd.string("slice") != null) {
            list.add(new Slicer(cmd.integer("slice", 1, 1 << 20), cmd.duration("slice-delay")));
        }
        if (cmd.string("corrupt-rate") != null) {
            list.add(new CorruptBytes(cmd.decimal("corrupt-rate", Double.MIN_VALUE, 1), seed));
        }
        if (cmd.string("truncate-after") != null) {
            list.add(new TruncateAfter(cmd.longValue("truncate-after", 0, Long.MAX_VALUE)));
        }
        if (cmd.string("reset-after") != null) {
            list.add(new ResetAfter(cmd.longValue("reset-after", 0, Long.MAX_VALUE)));
        }
        if (cmd.flag("blackhole")) {
            list.add(new Blackhole());
        }
        Fault[] chosen = list.toArray(Fault[]::new);
        return switch (cmd.string("direction")) {
            case "upstream" -> Faults.upstream(chosen);
            case "downstream" -> Faults.downstream(chosen);
            case "both" -> Faults.both(chosen);
            default -> throw new UsageException("--direction wants upstream, downstream or both, not '"
                    + cmd.string("direction") + "'");
        };
    }

    /** {@code 64k} is 65 536 bytes per second; {@code 2m} is 2 097 152. */
    static long rate(String raw) throws UsageException {
        String r = raw.toLowerCase(Locale.ROOT);
        long unit = r.endsWith("k") ? 1024 : r.endsWith("m") ? 1024 * 1024 : 1;
        String digits = unit == 1 ? r : r.substring(0, r.length() - 1);
        try {
            long value = Long.parseLong(digits) * unit;
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new UsageException("--bandwidth wants a positive rate such as 65536, 64k or 2m, not '" + raw + "'");
    }
}
