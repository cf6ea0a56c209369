package book.ch01.demo;

import book.ch01.echo.BlockingServer;
import book.ch01.echo.EchoClient;
import book.ch01.echo.EchoHandler;
import book.ch01.echo.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Act 1: a raw TCP echo; the client half-closes to say "that is all" and reads until EOF. */
final class EchoAct implements Act {

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    private static final int BIG_BYTES = 1024 * 1024;

    @Override
    public String title() {
        return "TCP echo, half-close, read until EOF";
    }

    @Override
    public void run(Narrator n) throws IOException {
        ServerConfig config = ServerConfig.defaults();
        try (BlockingServer server = BlockingServer.start(config, new EchoHandler())) {
            n.say("set-up: echo server listening on %s (%d connections, %d s read timeout)",
                    server.address(), config.maxConnections(), config.readTimeout().toSeconds());
            EchoClient client = new EchoClient(server.port(), CLIENT_TIMEOUT);

            byte[] hello = "hello, byte stream".getBytes(StandardCharsets.UTF_8);
            long start = n.now();
            byte[] echo = client.echo(hello);
            n.say("client: sent %d bytes, half-closed its side (FIN), read until EOF: %d bytes back "
                    + "in %.1f ms (class loading included): \"%s\"", hello.length, echo.length, n.millisSince(start),
                    new String(echo, StandardCharsets.UTF_8));

            byte[] big = new byte[BIG_BYTES];
            new SplittableRandom(1).nextBytes(big);
            start = n.now();
            byte[] bigEcho = client.echo(big);
            n.say("client: sent %,d bytes while reading the echo, got %,d back in %.1f ms, identical: %s",
                    big.length, bigEcho.length, n.millisSince(start), Arrays.equals(big, bigEcho) ? "yes" : "NO");
            n.say("server: %s", Stats.of(server.stats()));
        }
        n.say("lesson: TCP carries bytes, not messages; a half-close says \"that is all\" and keeps "
                + "the way back open for the answer.");
    }
}
