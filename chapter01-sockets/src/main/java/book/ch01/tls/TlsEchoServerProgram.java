package book.ch01.tls;

import book.ch01.fixture.TestPki;
import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import book.ch01.http.UntilStopped;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/** {@code tls-echo-server}: the TLS 1.3 line echo on loopback, with the book's test PKI made on the spot. */
public final class TlsEchoServerProgram implements Program {

    @Override
    public String name() {
        return "tls-echo-server";
    }

    @Override
    public String summary() {
        return "TLS 1.3 line echo on loopback with a test CA (--mtls: client certificates required)";
    }

    @Override
    public List<Option> options() {
        return TlsServerOptions.OPTIONS;
    }

    @Override
    public void run(CommandLine cmd) throws UsageException, IOException, GeneralSecurityException, InterruptedException {
        Path pkiDir = TlsServerOptions.pkiDir(cmd);
        TlsEchoServer server = start(cmd.integer("port"), cmd.flag("mtls"), pkiDir, System.out);
        UntilStopped.await(server);
    }

    /** Makes or reuses the PKI, starts the server and prints how to reach it; the caller closes it. */
    static TlsEchoServer start(int port, boolean mtls, Path pkiDir, PrintStream out)
            throws IOException, GeneralSecurityException {
        TestPki pki = TestPki.createIn(pkiDir);
        TlsEchoServer server = TlsEchoServer.start(port, TlsContexts.create(pki.serverKeyStore(), pki.trustStore(), TestPki.PASSWORD),
                mtls, TlsSettings.DEFAULTS, out::println);
        out.println("test PKI in " + pki.directory() + " (CA certificate: " + pki.caPem() + ")");
        out.println("listening on 127.0.0.1:" + server.port() + (mtls ? " (mutual TLS)" : ""));
        out.println("try: openssl s_client -connect 127.0.0.1:" + server.port() + " -CAfile " + pki.caPem()
                + " -servername localhost -verify_hostname localhost -tls1_3"
                + (mtls ? " -cert " + pki.clientCertPem() + " -key " + pki.clientKeyPem() : ""));
        return server;
    }
}
