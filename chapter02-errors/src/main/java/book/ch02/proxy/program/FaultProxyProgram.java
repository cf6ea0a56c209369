package book.ch02.proxy.program;

import book.ch02.proxy.faults.TruncateAfter;
import book.ch02.proxy.faults.Slicer;
import book.ch02.proxy.faults.ResetAfter;
import book.ch02.proxy.faults.Latency;
import book.ch02.proxy.faults.CorruptBytes;
import book.ch02.proxy.faults.Blackhole;
import book.ch02.proxy.faults.Bandwidth;
import book.ch02.proxy.ProxyConfig;
import book.ch02.proxy.Faults;
import book.ch02.proxy.FaultProxy;
import book.ch02.proxy.Fault;
import book.ch02.cli.CommandLine;
import book.ch02.cli.Option;
import book.ch02.cli.Program;
import book.ch02.cli.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
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

    /** The longest latency, jitter or pause: a minute is already far past any client's timeout. */
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    /** The most bytes a --reset-after or --truncate-after may count: a tebibyte. */
    static final long MAX_COUNT = 1L << 40;

    @Override
    public List<Option> options() {
        return List.of(
                Option.port("listen", "0", "loopback port to listen on (0 = any free port)"),
                Option.text("upstream", "PORT", null, "the server's loopback port (or 127.0.0.1:PORT); required"),
                Option.choice("direction", "downstream", "where faults act: upstream (requests), downstream (responses), both",
                        "upstream", "downstream", "both"),
                Option.duration("latency", null, Duration.ofMillis(1), MAX_DELAY, "delay every chunk by this, from when it was read"),
                Option.duration("jitter", null, Duration.ofMillis(1), MAX_DELAY, "with --latency: extra random delay up to this, per chunk"),
                Option.bytes("bandwidth", null, 1, 1L << 30, "bytes per second, e.g. 64k (k = 1024, m = 1048576)"),
                Option.bytes("slice", null, 1, 1 << 20, "cut data into pieces of at most this many bytes"),
                Option.duration("slice-delay", null, Duration.ofMillis(1), MAX_DELAY, "with --slice: pause between two pieces"),
                Option.flag("blackhole", "read everything, forward nothing, never close: clients' reads time out"),
                Option.bytes("reset-after", null, 0, MAX_COUNT, "deliver this many bytes, then reset the connection"),
                Option.bytes("truncate-after", null, 0, MAX_COUNT, "forward this many bytes, then close cleanly"),
                Option.decimal("corrupt-rate", "P", null, 1e-9, 1, "flip one bit in a byte with this probability, e.g. 0.001"),
                Option.integer("seed", "N", "42", Long.MIN_VALUE, Long.MAX_VALUE, "seed for jitter and corruption"),
                Option.flag("down", "start down: connections to the port are refused until 'up' is read on stdin"),
                Option.duration("idle-timeout", "60s", Duration.ofMillis(1), Duration.ofHours(1),
                        "close a connection silent this long (a black hole's connections excepted)"),
                Option.integer("max-connections", "N", "64", 1, 10_000, "connections beyond this are closed at once"),
                Option.choice("threads", "platform", "pumps on platform threads (woken by the kernel directly) or virtual (for thousands of connections)",
                        "virtual", "platform"));
    }

    @Override
    public void run(CommandLine cmd) throws Exception {
        FaultProxy proxy = start(cmd);
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "fault-proxy-shutdown"));
        Thread control = Thread.ofVirtual().name("fault-proxy-stdin").start(() -> control(proxy, System.in));
        try {
            proxy.awaitClosed(); // until Ctrl-C
        } finally {
            control.interrupt();
            proxy.close();
        }
    }

    // tag::control[]
    /**
     * Reads {@code up} and {@code down} lines from {@code in} (the terminal, or a pipe) and
     * takes the proxy down or brings it back, until the input ends or the proxy closes:
     * a proxy started {@code --down} is a server that has not come back yet.
     */
    public void control(FaultProxy proxy, InputStream in) {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                switch (line.strip()) {
                    case "up" -> proxy.up();
                    case "down" -> proxy.down();
                    case "" -> { }
                    default -> out.println("control: '" + line.strip() + "' is not 'up' or 'down'");
                }
            }
        } catch (IOException e) {
            out.println("control: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
    // end::control[]

    /** Starts the proxy the command line describes and returns it running; the caller closes it. */
    public FaultProxy start(CommandLine cmd) throws UsageException, IOException, InterruptedException {
        cmd.requireWith("jitter", "latency");
        cmd.requireWith("slice-delay", "slice");
        int listen = cmd.integer("listen");
        ProxyConfig config = ProxyConfig.forUpstream(upstreamPort(cmd.required("upstream")))
                .withListenPort(listen)
                .withIdleTimeout(cmd.duration("idle-timeout"))
                .withMaxConnections(cmd.integer("max-connections"))
                .withVirtualThreads(cmd.string("threads").equals("virtual"))
                .withEvents(out::println);
        Faults faults = faults(cmd);
        FaultProxy proxy;
        try {
            proxy = FaultProxy.start(config);
        } catch (BindException e) {
            throw new UsageException("option --listen '" + listen + "': port " + listen + " is in use");
        }
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
        String refused = "option --upstream '" + raw + "' ";
        if (!isLoopback(host)) {
            throw new UsageException(refused + "is not loopback; this proxy forwards to 127.0.0.1 only");
        }
        if (!host.equals("127.0.0.1") && !host.equalsIgnoreCase("localhost")) { // never forward elsewhere than said
            throw new UsageException(refused + "is loopback but not 127.0.0.1; this proxy forwards to 127.0.0.1 only");
        }
        if (port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535) {
            return Integer.parseInt(port);
        }
        throw new UsageException(refused + "is not a port in 1..65535 (or 127.0.0.1:PORT)");
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static Faults faults(CommandLine cmd) throws UsageException {
        long seed = cmd.longValue("seed");
        List<Fault> list = new ArrayList<>();
        if (cmd.has("latency")) {
            Duration jitter = cmd.has("jitter") ? cmd.duration("jitter") : Duration.ZERO;
            list.add(new Latency(cmd.duration("latency"), jitter, seed));
        }
        if (cmd.has("bandwidth")) {
            list.add(new Bandwidth(cmd.bytes("bandwidth")));
        }
        if (cmd.has("slice")) {
            Duration pause = cmd.has("slice-delay") ? cmd.duration("slice-delay") : Duration.ZERO;
            list.add(new Slicer((int) cmd.bytes("slice"), pause));
        }
        if (cmd.has("corrupt-rate")) {
            list.add(new CorruptBytes(cmd.decimal("corrupt-rate"), seed));
        }
        if (cmd.has("truncate-after")) {
            list.add(new TruncateAfter(cmd.bytes("truncate-after")));
        }
        if (cmd.has("reset-after")) {
            list.add(new ResetAfter(cmd.bytes("reset-after")));
        }
        if (cmd.flag("blackhole")) {
            list.add(new Blackhole());
        }
        Fault[] chosen = list.toArray(Fault[]::new);
        return switch (cmd.string("direction")) {
            case "upstream" -> Faults.upstream(chosen);
            case "both" -> Faults.both(chosen);
            default -> Faults.downstream(chosen);
        };
    }
}
