package book.ch01.demo;

import book.ch01.echo.BlockingServer;
import book.ch01.echo.EchoClient;
import book.ch01.echo.EchoHandler;
import book.ch01.echo.Loopback;
import book.ch01.echo.ServerConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Act 3: the two limits that keep a server from belonging to its worst clients. A silent
 * client is closed by the read timeout; a client over the connection limit is refused at once.
 * Two servers, so that neither story depends on the other's timing.
 */
final class LimitsAct implements Act {

    /** Short for the demo; a real server ships 30 s ({@link ServerConfig#DEFAULT_READ_TIMEOUT}). */
    static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    static final int MAX_CONNECTIONS = 2;

    @Override
    public String title() {
        return "limits: a read timeout for the silent, a connection limit for the many";
    }

    @Override
    public void run(Narrator n) throws IOException {
        silentClient(n);
        oneTooMany(n);
        n.say("lesson: without a read timeout and a connection limit, a server belongs to its "
                + "slowest and most numerous clients.");
    }

    private static void silentClient(Narrator n) throws IOException {
        ServerConfig config = ServerConfig.defaults().withReadTimeout(READ_TIMEOUT);
        try (BlockingServer server = BlockingServer.start(config, new EchoHandler());
             Socket slow = Loopback.connect(server.port(), EchoAct.CLIENT_TIMEOUT)) {
            n.say("set-up: echo server on %s with a read timeout of %d ms", server.address(),
                    READ_TIMEOUT.toMillis());
            pingOnce(slow);
            n.say("inject: a slowloris client sends 1 byte, gets it echoed, then sends nothing at all");
            long start = n.now();
            String seen = Reads.outcome(slow);
            n.say("client: the server closed it after %.0f ms of silence: %s", n.millisSince(start), seen);
            n.say("server: %s", Stats.of(server.stats()));
        }
    }

    private static void oneTooMany(Narrator n) throws IOException {
        ServerConfig config = ServerConfig.defaults().withMaxConnections(MAX_CONNECTIONS);
        try (BlockingServer server = BlockingServer.start(config, new EchoHandler());
             Socket first = Loopback.connect(server.port(), EchoAct.CLIENT_TIMEOUT);
             Socket second = Loopback.connect(server.port(), EchoAct.CLIENT_TIMEOUT)) {
            n.say("set-up: echo server on %s serving at most %d connections", server.address(), MAX_CONNECTIONS);
            pingOnce(first);                                // both are in service, each holds a slot
            pingOnce(second);
            n.say("inject: clients 1 and 2 connect, each gets a byte echoed and keeps its connection open");
            try (Socket third = Loopback.connect(server.port(), EchoAct.CLIENT_TIMEOUT)) {
                long start = n.now();
                String seen = Reads.outcome(third);
                n.say("client 3: connected (the kernel did the handshake), then closed by the server "
                        + "after %.1f ms, %s: refused at once, not queued", n.millisSince(start), seen);
            }
            n.say("server: %s", Stats.of(server.stats()));
            first.shutdownOutput();                         // done; EOF comes after the slot is free
            n.say("client 1: half-closes and leaves (%s)", Reads.outcome(first));
            long start = n.now();
            byte[] echo = new EchoClient(server.port(), EchoAct.CLIENT_TIMEOUT)
                    .echo("my turn".getBytes(StandardCharsets.UTF_8));
            n.say("client 4: \"%s\" echoed in %.1f ms: the freed slot serves the next client",
                    new String(echo, StandardCharsets.UTF_8), n.millisSince(start));
            n.say("server: %s", Stats.of(server.stats()));
        }
    }

    private static void pingOnce(Socket socket) throws IOException {
        socket.getOutputStream().write('!');
        if (socket.getInputStream().read() != '!') {
            throw new IOException("the echo server did not echo a byte");
        }
    }
}
