/*
 * Unit "tls-client" of chapter 1 (copy these six files together: TlsContexts, TlsSettings,
 * HandshakeDeadline, TlsEchoClient, Lines, TlsFailure; they use the JDK alone).
 * This file: connect, verify chain and host name, send a line, read the echo.
 * Defaults: TLS 1.3 only, host-name verification on (endpoint identification "HTTPS"), SNI set,
 * connect 2 s, whole handshake 5 s, read 30 s, lines of at most 8 KiB. Trust is the set of CAs in
 * a PKCS12 trust store, validated by the JDK's PKIX code: there is no trust-all switch.
 * Limits: one line-based echo per connection at a time; not thread-safe per client.
 * Specified by: TlsEchoTest, TlsProgramsTest.
 */
package book.ch01.tls;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The client side of the TLS echo: connects to loopback with a connect timeout, then runs a
 * TLS 1.3 handshake that checks the server's certificate against the trust store AND against
 * the name we meant to reach. Without the second check, any certificate from a trusted CA (for
 * any host at all) would be accepted.
 *
 * <p>Specified by: TlsEchoTest, TlsProgramsTest
 */
public final class TlsEchoClient implements AutoCloseable {

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int maxLineBytes;

    private TlsEchoClient(SSLSocket socket, int maxLineBytes) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.maxLineBytes = maxLineBytes;
    }

    // tag::connect[]
    /** @param serverName the host name the server's certificate must carry, e.g. {@code localhost} */
    public static TlsEchoClient connect(int port, SSLContext context, String serverName, TlsSettings settings)
            throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    (int) settings.connectTimeout().toMillis());
            tcp.setSoTimeout((int) settings.handshakeTimeout().toMillis()); // bounds each handshake read
            // TLS over the connected socket; serverName, not the IP, is what the certificate must match
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, serverName, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(new String[] {TlsSettings.TLS_1_3});
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // hostname verification: off by default!
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            tls.setSSLParameters(parameters);
            HandshakeDeadline.handshake(tls, settings.handshakeTimeout());     // and the whole handshake
            tls.setSoTimeout((int) settings.readTimeout().toMillis());
            return new TlsEchoClient(tls, settings.maxLineBytes());
        } catch (IOException | RuntimeException e) {
            tcp.close();
            throw e;
        }
    }
    // end::connect[]

    // tag::echo[]
    /** Sends one line and returns the echo. */
    public String echo(String line) throws IOException {
        try {
            Lines.write(out, line);
        } catch (SocketException writeFailed) {
            throw reasonFromPeer(writeFailed);
        }
        String answer = Lines.read(in, maxLineBytes);
        if (answer == null) {
            throw new EOFException("server closed the connection instead of echoing");
        }
        return answer;
    }

    /**
     * A write that fails with "Broken pipe" often hides the real story: the peer sent a TLS alert
     * (in TLS 1.3, for instance, the refusal of our client certificate, which arrives after our
     * handshake has finished) and then closed. The alert is still waiting to be read.
     */
    private IOException reasonFromPeer(SocketException writeFailed) {
        try {
            in.read();
        } catch (IOException reason) {
            reason.addSuppressed(writeFailed);
            return reason;
        }
        return writeFailed;
    }
    // end::echo[]

    public SSLSession session() {
        return socket.getSession();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
