package book.ch01.tls;

import book.ch01.fixture.TestPki;
import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import book.ch01.fixture.DemoRoutes;
import book.ch01.http.HttpServerProgram;
import book.ch01.http.LoopbackHttpServer;
import book.ch01.time.Sleeper;
import book.ch01.http.UntilStopped;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/** {@code https-server}: the http-server's routes over HTTPS (TLS 1.3) with the test PKI, for curl --cacert. */
public final class HttpsServerProgram implements Program {

    @Override
    public String name() {
        return "https-server";
    }

    @Override
    public String summary() {
        return "the http-server's routes over TLS 1.3 with a test CA (--mtls: client certificates required)";
    }

    @Override
    public List<Option> options() {
        return TlsServerOptions.OPTIONS;
    }

    @Override
    public void run(CommandLine cmd) throws UsageException, IOException, GeneralSecurityException, InterruptedException {
        Path pkiDir = TlsServerOptions.pkiDir(cmd);
        HttpServerProgram.applyJvmWideLimits(System.out);
        UntilStopped.await(start(cmd.integer("port"), cmd.flag("mtls"), pkiDir, System.out));
    }

    /** A curl command that works as printed: with --mtls it presents the test client certificate. */
    static String curlHint(TestPki pki, int port, boolean mtls) {
        return "curl --cacert " + pki.caPem()
                + (mtls ? " --cert " + pki.clientCertPem() + " --key " + pki.clientKeyPem() : "")
                + " https://localhost:" + port + "/hello";
    }

    /** Makes or reuses the PKI, starts the server and prints how to reach it; the caller closes it. */
    static LoopbackHttpServer start(int port, boolean mtls, Path pkiDir, PrintStream out)
            throws IOException, GeneralSecurityException {
        TestPki pki = TestPki.createIn(pkiDir);
        LoopbackHttpServer server = LoopbackHttpServer.builder()
                .port(port)
                .tls(new Tls13HttpsConfigurator(TlsContexts.create(pki.serverKeyStore(), pki.trustStore(), TestPki.PASSWORD), mtls))
                .routes(HandshakeLog.around(DemoRoutes.create(Sleeper.REAL), out::println))
                .start();
        out.println("test PKI in " + pki.directory() + " (CA certificate: " + pki.caPem() + ")");
        out.println("listening on 127.0.0.1:" + server.port() + (mtls ? " (mutual TLS)" : ""));
        out.println("try: " + curlHint(pki, server.port(), mtls));
        return server;
    }
}
