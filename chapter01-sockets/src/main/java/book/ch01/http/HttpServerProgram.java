package book.ch01.http;

import book.ch01.fixture.DemoRoutes;
import book.ch01.time.Sleeper;
import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** {@code http-server}: the JDK's HTTP server on loopback with the {@link DemoRoutes}, logging each new connection. */
public final class HttpServerProgram implements Program {

    @Override
    public String name() {
        return "http-server";
    }

    @Override
    public String summary() {
        return "jdk.httpserver on loopback: /hello /slow?ms= /status?code= /echo /fail";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.port("port", "0", "port to listen on (0: any free port)"),
                Option.bytes("max-body", String.valueOf(HttpServerConfig.DEFAULT_MAX_REQUEST_BODY_BYTES), 0, 1L << 30,
                        "largest request body accepted; larger gets 413"));
    }

    /** The JDK server's JVM-wide limits this program sets unless given with -D: (property, value). */
    private static final String[][] JVM_WIDE_LIMITS = {
            {"sun.net.httpserver.maxReqTime", "10"},      // seconds to receive a request (the JDK multiplies by 1000)
            {"jdk.httpserver.maxConnections", "256"}};    // open connections, idle ones included

    @Override
    public void run(CommandLine cmd) throws UsageException, IOException, InterruptedException {
        applyJvmWideLimits(System.out);
        LoopbackHttpServer server = start(cmd.integer("port"), cmd.bytes("max-body"), System.out);
        UntilStopped.await(server);
    }

    /**
     * Sets the JDK server's read deadline and connection limit, which exist only as system
     * properties read when the first server starts; a program may set them, a library must not.
     */
    public static void applyJvmWideLimits(PrintStream out) {
        for (String[] limit : JVM_WIDE_LIMITS) {
            if (System.getProperty(limit[0]) == null) {
                System.setProperty(limit[0], limit[1]);
            }
            out.println(limit[0] + "=" + System.getProperty(limit[0]));
        }
    }

    /** Starts the server and prints where it listens; the caller closes it. */
    static LoopbackHttpServer start(int port, long maxBodyBytes, PrintStream out) throws IOException {
        LoopbackHttpServer server = LoopbackHttpServer.builder()
                .port(port)
                .config(HttpServerConfig.DEFAULTS.withMaxRequestBodyBytes(maxBodyBytes))
                .routes(DemoRoutes.create(Sleeper.REAL))
                .onNewConnection(client -> out.println("new connection from " + client))
                .start();
        out.println("listening on 127.0.0.1:" + server.port());
        out.println("try: curl -i " + server.uri("/hello") + "   (Ctrl-C stops the server)");
        return server;
    }
}
