package book.ch01.demo;

import book.ch01.fixture.DemoRoutes;
import book.ch01.http.HttpClientConfig;
import book.ch01.http.HttpResult;
import book.ch01.http.LoopbackHttpServer;
import book.ch01.time.Sleeper;
import book.ch01.http.StatusAwareClient;
import java.io.IOException;
import java.net.URI;

/**
 * Act 7: HTTP keep-alive. One reused client sends N requests over one connection; a new client
 * per request opens N connections, each with its own handshake, for nothing.
 */
final class HttpAct implements Act {

    static final int REQUESTS = 5;

    @Override
    public String title() {
        return "HTTP: one reused client, one connection";
    }

    @Override
    public void run(Narrator n) throws IOException, InterruptedException {
        try (LoopbackHttpServer server = LoopbackHttpServer.builder().routes(DemoRoutes.create(Sleeper.REAL)).start()) {
            URI hello = server.uri("/hello");
            n.say("set-up: jdk.httpserver on 127.0.0.1:%d; each request is GET %s", server.port(), hello.getPath());

            try (StatusAwareClient warmUp = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {
                expectSuccess(warmUp.get(hello));           // class loading and JIT out of the figures
            }
            int before = server.distinctConnections();
            n.say("set-up: one warm-up request (%d connection, not counted below)", before);

            long start = n.now();
            try (StatusAwareClient reused = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {
                for (int i = 0; i < REQUESTS; i++) {
                    expectSuccess(reused.get(hello));
                }
            }
            int afterReused = server.distinctConnections();
            int reusedConnections = afterReused - before;
            n.say("client: one reused client, %d requests, all 200, in %.0f ms: the server saw %d new %s",
                    REQUESTS, n.millisSince(start), reusedConnections,
                    reusedConnections == 1 ? "connection" : "connections");

            start = n.now();
            for (int i = 0; i < REQUESTS; i++) {
                try (StatusAwareClient fresh = new StatusAwareClient(HttpClientConfig.DEFAULTS)) {
                    expectSuccess(fresh.get(hello));
                }
            }
            n.say("client: a new client per request, %d requests, all 200, in %.0f ms: %d new connections",
                    REQUESTS, n.millisSince(start), server.distinctConnections() - afterReused);
            n.say("server: %d exchanges over %d connections", server.exchanges(), server.distinctConnections());
        }
        n.say("lesson: make one HttpClient and share it; a client per request pays a new connection "
                + "(and over HTTPS a new handshake) every time.");
    }

    private static void expectSuccess(HttpResult result) throws IOException {
        if (!(result instanceof HttpResult.Success)) {
            throw new IOException("expected 200 from /hello, got " + result);
        }
    }
}
