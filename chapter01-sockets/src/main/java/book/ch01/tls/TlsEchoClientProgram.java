package book.ch01.tls;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.Program;
import book.ch01.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
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
        echo(cmd.integer("port"), Path.of(cmd.required("pki-dir")), cmd.string("server-name"),
                cmd.string("message"), cmd.flag("client-cert"), System.out);
    }

    /** Returns the echo; a TLS failure becomes an IOException whose message is the diagnosis. */
    static String echo(int port, Path pkiDir, String serverName, String message, boolean clientCert, PrintStream out)
            throws IOException, GeneralSecurityException {
        TestPki pki = TestPki.createIn(pkiDir);
        var context = TlsContexts.create(clientCert ? pki.clientKeyStore() : null, pki.trustStore());
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
