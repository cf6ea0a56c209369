package book.ch02.catalogue;

import book.ch02.proxy.faults.TruncateAfter;
import book.ch02.proxy.faults.ResetAfter;
import book.ch02.proxy.faults.FlipBit;
import book.ch02.fixture.PeerScripts;
import book.ch02.fixture.LoopbackPeer;
import book.ch02.fixture.LoopbackCertificates;
import book.ch02.fixture.FullBacklogListener;
import book.ch02.fixture.ClosedPort;
import static book.ch02.catalogue.ScenarioTimeouts.NOT_TO_TRIP;
import static book.ch02.catalogue.ScenarioTimeouts.TO_TRIP;
import static book.ch02.catalogue.ScenarioTimeouts.millis;

import book.ch02.fixture.LoopbackCertificates.Identity;
import book.ch02.catalogue.Observation.Thrown;
import book.ch02.checksum.ChecksummedFrameReader;
import book.ch02.checksum.FrameLayout;
import book.ch02.checksum.ChecksummedFrameWriter;
import book.ch02.classify.Phase;
import book.ch02.proxy.Fault;
import book.ch02.proxy.FaultProxy;
import book.ch02.proxy.Faults;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Each common network failure, produced for real on loopback against a plain {@link Socket}
 * speaking the chapter's framed protocol (one request frame, one response frame). Each method
 * returns what Java threw and the phase the client was in; none retries anything.
 */
public final class RawSocketFailures {

    /** Under {@code .invalid}, a top-level domain reserved never to resolve (RFC 2606). */
    public static final String UNKNOWN_HOST = "no-such-host.invalid";
    static final byte[] REQUEST = "PING".getBytes(StandardCharsets.US_ASCII);
    /** Bound on the broken-pipe write loop; the error comes within a few writes on loopback. */
    public static final int MAX_WRITES = 1_000;

    private RawSocketFailures() {
    }

    // tag::exchange[]
    /** One framed request and response, noting how far it got: the phase is what the exception lacks. */
    static Observation exchange(Socket socket, InetSocketAddress address, Duration connectTimeout, Duration readTimeout) {
        Phase phase = Phase.CONNECTING;
        try (socket) {
            socket.connect(address, millis(connectTimeout)); // UnknownHost, refused, connect timeout
            socket.setSoTimeout(millis(readTimeout));
            if (socket instanceof SSLSocket tls) {
                tls.startHandshake(); // certificate failures happen here, before any request byte
            }
            phase = Phase.SENDING;
            new ChecksummedFrameWriter(socket.getOutputStream()).write(REQUEST);
            phase = Phase.AWAITING_RESPONSE;
            InputStream in = socket.getInputStream();
            int first = in.read(); // read timeout, reset
            if (first < 0) {
                throw new EOFException("the peer closed without answering");
            }
            phase = Phase.READING_RESPONSE; // the server processed the request: it is answering
            new ChecksummedFrameReader(new SequenceInputStream(
                    new ByteArrayInputStream(new byte[] {(byte) first}), in)).read(); // EOF, corrupt, malformed
        } catch (IOException e) {
            return new Thrown(e, phase);
        }
        throw new IllegalStateException("expected a failure, but the exchange with " + address + " succeeded");
    }
    // end::exchange[]

    private static Observation exchange(InetSocketAddress address) {
        return exchange(new Socket(), address, NOT_TO_TRIP, NOT_TO_TRIP);
    }

    /** The name does not resolve: {@code UnknownHostException}, before any connection. */
    public static Observation unknownHost() {
        return unknownHost(UNKNOWN_HOST);
    }

    /** A name under {@code .invalid}: the book's resolver refuses it, without any DNS query. */
    public static Observation unknownHost(String name) {
        return exchange(new InetSocketAddress(name, 80)); // the lookup fails; nothing connects
    }

    /** Nothing listens on the port: the kernel answers the SYN with RST. */
    public static Observation connectionRefused() throws IOException {
        return exchange(new InetSocketAddress(InetAddress.getLoopbackAddress(), ClosedPort.find()));
    }

    /** The SYN gets no answer at all (a full accept queue): the connect times out. */
    public static Observation connectTimeout() throws IOException {
        try (var listener = FullBacklogListener.fill()) {
            return exchange(new Socket(), listener.address(), TO_TRIP, NOT_TO_TRIP);
        }
    }

    /** The peer accepts, reads, never answers: the read times out. */
    public static Observation readTimeout() throws IOException {
        try (var peer = LoopbackPeer.start(PeerScripts.neverAnswer())) {
            return exchange(new Socket(), peer.address(), NOT_TO_TRIP, TO_TRIP);
        }
    }

    /** The peer reads the request, then resets the connection. */
    public static Observation connectionReset() throws IOException {
        try (var peer = LoopbackPeer.start(PeerScripts.resetAfterRequest())) {
            return exchange(peer.address());
        }
    }

    /** A healthy server's 100-byte answer, cut by the proxy after 14 bytes: header and 10 payload bytes. */
    public static Observation eofMidMessage() throws IOException {
        return throughProxy(frame(100), new TruncateAfter(FrameLayout.LENGTH_BYTES + 10));
    }

    /** A healthy server's 64 KiB answer, reset by the proxy after 1000 bytes. */
    public static Observation resetMidResponse() throws IOException {
        return throughProxy(frame(64 * 1024), new ResetAfter(1000));
    }

    /** The peer's frame header claims 2 GiB: rejected before anything is allocated. */
    public static Observation malformedFrame() throws IOException {
        try (var peer = LoopbackPeer.start(PeerScripts.answerAndClose(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}))) {
            return exchange(peer.address());
        }
    }

    // tag::corrupt[]
    /** A healthy server's answer, with one bit flipped by the proxy on the way: the CRC32C no longer matches. */
    public static Observation corruptFrame() throws IOException {
        return throughProxy(frame(100), new FlipBit(FrameLayout.LENGTH_BYTES + 50, 3));
    }

    /** A server that answers correctly, behind a proxy that damages the answer. */
    static Observation throughProxy(byte[] answer, Fault fault) throws IOException {
        try (var server = LoopbackPeer.start(PeerScripts.answerAndClose(answer));
                var proxy = FaultProxy.start(server.port())) {
            proxy.setFaults(Faults.downstream(fault));
            return exchange(proxy.address());
        }
    }
    // end::corrupt[]

    /** A well-formed frame with a payload of this many bytes. */
    static byte[] frame(int payloadBytes) throws IOException {
        var out = new ByteArrayOutputStream();
        new ChecksummedFrameWriter(out).write(new byte[payloadBytes]);
        return out.toByteArray();
    }

    /** The server presents a certificate for localhost that no trusted CA signed. */
    public static Observation tlsUntrustedCertificate() throws IOException, GeneralSecurityException, InterruptedException {
        return tls(Identity.SELF_SIGNED);
    }

    /** The server presents a trusted certificate for another host name. */
    public static Observation tlsWrongHostName() throws IOException, GeneralSecurityException, InterruptedException {
        return tls(Identity.WRONG_HOST);
    }

    /** A TLS exchange with host name verification on, as an HTTPS client does it. */
    static Observation tls(Identity identity) throws IOException, GeneralSecurityException, InterruptedException {
        LoopbackCertificates pki = LoopbackCertificates.get();
        ServerSocket listener = pki.serverContext(identity).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (var peer = LoopbackPeer.start(listener, PeerScripts.answerAndClose(new byte[0]))) {
            SSLContext client = pki.clientContext();
            SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket();
            SSLParameters params = socket.getSSLParameters();
            params.setProtocols(new String[] {"TLSv1.3"});
            params.setEndpointIdentificationAlgorithm("HTTPS"); // off by default on a raw SSLSocket!
            socket.setSSLParameters(params);
            return exchange(socket, peer.address(), NOT_TO_TRIP, NOT_TO_TRIP);
        }
    }

    // tag::broken-pipe[]
    /** Writes to a peer that has closed (or reset) until the kernel reports it: bounded in count and time. */
    public static Observation writeToClosedPeer(boolean peerResets) throws IOException, InterruptedException {
        var closed = new CountDownLatch(1);
        try (var peer = LoopbackPeer.start(PeerScripts.closeAfterRequest(peerResets, closed));
                Socket socket = new Socket()) {
            socket.connect(peer.address(), millis(NOT_TO_TRIP));
            socket.setSoTimeout(millis(NOT_TO_TRIP));
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST); // the peer closes once this arrives
            if (!closed.await(NOT_TO_TRIP.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the peer did not close within " + NOT_TO_TRIP);
            }
            byte[] chunk = new byte[8192];
            long deadline = System.nanoTime() + NOT_TO_TRIP.toNanos();
            for (int i = 0; i < MAX_WRITES && System.nanoTime() < deadline; i++) {
                try {
                    out.write(chunk); // the first write after a FIN still succeeds: it provokes the RST
                } catch (IOException e) {
                    return new Thrown(e, Phase.SENDING);
                }
            }
            throw new IllegalStateException("no write failed within " + MAX_WRITES + " writes or " + NOT_TO_TRIP);
        }
    }
    // end::broken-pipe[]
}
