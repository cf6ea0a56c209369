package book.ch01.demo;

import book.ch01.fixture.TestPki;
import book.ch01.fixture.TestPki;
import book.ch01.tls.TlsContexts;
import book.ch01.tls.TlsEchoClient;
import book.ch01.tls.TlsEchoServer;
import book.ch01.tls.TlsFailure;
import book.ch01.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * Act 6: TLS 1.3 with the book's test CA. The right certificate succeeds; a certificate from a
 * CA the client does not trust, and a trusted one for another host, each fail with a one-line
 * diagnosis. The test PKI is made once, in a temporary directory deleted at the end.
 */
final class TlsAct implements Act {

    static final String SERVER_NAME = "localhost";

    @Override
    public String title() {
        return "TLS 1.3: the test CA, an untrusted certificate, a wrong host name";
    }

    @Override
    public void run(Narrator n) throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("book-demo-pki-");
        try {
            long start = n.now();
            TestPki pki = TestPki.createIn(dir);
            n.say("set-up: keytool made a test CA, server certificates and a second, untrusted CA "
                    + "in %.1f s", n.millisSince(start) / 1000);
            SSLContext client = TlsContexts.client(pki.trustStore(), TestPki.PASSWORD);
            n.say("client trusts only the book's test CA and verifies the host name \"%s\"", SERVER_NAME);
            echo(n, pki, pki.serverKeyStore(), client, "the certificate for localhost from the test CA");
            echo(n, pki, pki.untrustedServerKeyStore(), client, "a certificate for localhost from an untrusted CA");
            echo(n, pki, pki.wrongHostKeyStore(), client, "a certificate from the test CA for wrong.example");
        } finally {
            deleteTree(dir);
        }
        n.say("lesson: trust a chosen CA and check the host name; the one-line diagnosis says which of "
                + "the two failed.");
    }

    private static void echo(Narrator n, TestPki pki, Path serverKey, SSLContext client, String what)
            throws IOException, GeneralSecurityException {
        var serverContext = TlsContexts.create(serverKey, pki.trustStore(), TestPki.PASSWORD);
        try (TlsEchoServer server = TlsEchoServer.start(0, serverContext, false, TlsSettings.DEFAULTS,
                line -> n.say("server: " + line))) {
            n.say("set-up: TLS echo server on 127.0.0.1:%d presents %s", server.port(), what);
            long start = n.now();
            try (TlsEchoClient connection = TlsEchoClient.connect(server.port(), client, SERVER_NAME,
                    TlsSettings.DEFAULTS)) {
                double handshake = n.millisSince(start);
                SSLSession session = connection.session();
                String echo = connection.echo("hello over TLS");
                n.say("client: handshake in %.0f ms: %s, %s, server %s; echo \"%s\"", handshake,
                        session.getProtocol(), session.getCipherSuite(), session.getPeerPrincipal().getName(), echo);
            } catch (IOException e) {
                n.say("client: refused after %.0f ms: %s", n.millisSince(start), TlsFailure.diagnose(e));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
