package book.ch01.tls;

import book.ch01.fixture.TestPki;
import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * {@code tls-echo-client}: one line over TLS 1.3 to {@code tls-echo-server}, trusting only the
 * test CA. A failure is reported as a one-line {@link TlsFailure} diagnosis.
 */
public final class TlsEchoClientProgram implements Program {

    @Override
    public String name() {
        return "tls-echo-client";
    }

    @Override
    public String summary() {
        return "sends a line to tls-echo-server, verifying its certificate and host name";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("port", "PORT", null, 1, 65_535, "the server's port on 127.0.0.1 (required)"),
                Option.text("pki-dir", "DIR", null, "the test PKI the server printed (required)"),
                Option.text("server-name", "HOST", "localhost", "the name the server's certificate must carry"),
                Option.text("message", "TEXT", "hello over TLS", "the line to send"),
                Option.flag("client-cert", "present the test client certificate (for --mtls servers)"));
    }

    @Override
    public void run(CommandLine cmd) throws UsageException, IOException, GeneralSecurityException {
        boolean clientCert = cmd.flag("client-cert");
        TestPki pki = existingPki(cmd.required("pki-dir"), clientCert);
        echo(cmd.integer("port"), pki, cmd.string("server-name"), cmd.string("message"), clientCert, System.out);
    }

    /**
     * The PKI the server printed, read and never written: a client that made a new PKI in a wrong
     * folder would leave CA private keys there and then fail with a misleading "not trusted".
     */
    static TestPki existingPki(String dir, boolean clientCert) throws UsageException {
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new UsageException("option --pki-dir '" + dir + "' is not a directory");
        }
        try {
            return clientCert ? TestPki.existing(path, "truststore.p12", "client.p12")
                    : TestPki.existing(path, "truststore.p12");
        } catch (NoSuchFileException e) {
            throw new UsageException("option --pki-dir '" + dir + "' holds no test PKI (" + e.getReason()
                    + "): give the folder the TLS server printed");
        }
    }

    /** Returns the echo; a TLS failure becomes an IOException whose message is the diagnosis. */
    static String echo(int port, TestPki pki, String serverName, String message, boolean clientCert, PrintStream out)
            throws IOException, GeneralSecurityException {
        var context = TlsContexts.create(clientCert ? pki.clientKeyStore() : null, pki.trustStore(), TestPki.PASSWORD);
        try (TlsEchoClient client = TlsEchoClient.connect(port, context, serverName, TlsSettings.DEFAULTS)) {
            SSLSession session = client.session();
            out.println("connected: " + session.getProtocol() + " " + session.getCipherSuite()
                    + ", server " + session.getPeerPrincipal().getName());
            String answer = client.echo(message);
            out.println("echo: " + answer);
            return answer;
        } catch (IOException e) {
            throw new IOException(TlsFailure.diagnose(e).toString(), e);
        }
    }
}
