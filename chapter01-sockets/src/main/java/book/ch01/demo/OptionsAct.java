package book.ch01.demo;

import book.ch01.options.AbortiveClose;
import book.ch01.options.ClientSocketConfig;
import book.ch01.fixture.FullBacklogListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;

/**
 * Act 4: the moments a connection fails, each with its own exception: refused at once, a
 * connect timeout (a listener whose accept queue is full), a read timeout (connected, then
 * silence), and a reset where a close would have been an end of stream.
 */
final class OptionsAct implements Act {

    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Override
    public String title() {
        return "socket options: connect vs read timeout, SO_LINGER 0";
    }

    @Override
    public void run(Narrator n) throws IOException {
        refused(n);
        connectTimeout(n);
        readTimeout(n);
        lingerZero(n);
        n.say("lesson: a connect timeout means nothing was sent, a read timeout means the request may "
                + "have been processed; set both, and keep SO_LINGER 0 for connections you mean to abort.");
    }

    private static void refused(Narrator n) throws IOException {
        try (Socket holder = new Socket()) {               // bound, not listening: the port is ours and closed
            holder.bind(new InetSocketAddress(LOOPBACK, 0));
            n.say("inject: connect to 127.0.0.1:%d, a port where nobody listens", holder.getLocalPort());
            attempt(n, "connect", ClientSocketConfig.DEFAULTS,
                    new InetSocketAddress(LOOPBACK, holder.getLocalPort()), false);
        }
    }

    private static void connectTimeout(Narrator n) throws IOException {
        long start = n.now();
        try (FullBacklogListener full = FullBacklogListener.open()) {
            n.say("set-up: a listener on %s with backlog %d that never accepts; %d connects filled its "
                    + "queue in %.0f ms", format(full.address()), FullBacklogListener.BACKLOG,
                    full.queuedConnections(), n.millisSince(start));
            if (full.refusesWhenFull()) {
                n.say("note: this kernel refuses connects to a full queue instead of dropping them, "
                        + "so no connect timeout can be shown here");
                return;
            }
            n.say("inject: one more connect, with a connect timeout of %d ms", CONNECT_TIMEOUT.toMillis());
            attempt(n, "connect", ClientSocketConfig.DEFAULTS.withConnectTimeout(CONNECT_TIMEOUT),
                    full.address(), false);
        }
    }

    private static void readTimeout(Narrator n) throws IOException {
        try (ServerSocket neverAnswers = new ServerSocket(0, 50, LOOPBACK)) {
            InetSocketAddress address = new InetSocketAddress(LOOPBACK, neverAnswers.getLocalPort());
            n.say("inject: connect to a listener that never accepts nor answers, read timeout %d ms",
                    READ_TIMEOUT.toMillis());
            attempt(n, "read", ClientSocketConfig.DEFAULTS.withReadTimeout(READ_TIMEOUT), address, true);
        }
    }

    /** Connects and, if asked, reads one byte; the connect or the read must fail, and the act tells when. */
    private static void attempt(Narrator n, String what, ClientSocketConfig config, InetSocketAddress address,
                                boolean read) throws IOException {
        long start = n.now();
        String unexpected;
        try (Socket socket = config.connect(address)) {
            double connected = n.millisSince(start);
            if (!read) {
                unexpected = String.format(Locale.ROOT, "the connect succeeded in %.1f ms", connected);
            } else {
                n.say("client: connected in %.1f ms; now reading", connected);
                start = n.now();
                unexpected = "the read returned " + socket.getInputStream().read();
            }
        } catch (IOException e) {
            n.say("client: %s failed after %.1f ms with %s", what, n.millisSince(start), DemoProgram.oneLine(e));
            return;
        }
        throw new IOException("expected the " + what + " to fail, but " + unexpected);
    }

    private static void lingerZero(Narrator n) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
            listener.setSoTimeout((int) EchoAct.CLIENT_TIMEOUT.toMillis());
            InetSocketAddress address = new InetSocketAddress(LOOPBACK, listener.getLocalPort());
            for (boolean abort : new boolean[] {false, true}) {
                Socket client = ClientSocketConfig.DEFAULTS.connect(address);
                try (Socket peer = listener.accept()) {
                    peer.setSoTimeout((int) EchoAct.CLIENT_TIMEOUT.toMillis());
                    if (abort) {
                        AbortiveClose.abort(client);
                    } else {
                        client.close();
                    }
                    n.say("inject: the client closes %s; the peer's next read sees %s",
                            abort ? "with SO_LINGER on, timeout 0" : "normally", Reads.outcome(peer));
                } finally {
                    client.close();                         // closing twice is harmless
                }
            }
        }
    }

    private static String format(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
