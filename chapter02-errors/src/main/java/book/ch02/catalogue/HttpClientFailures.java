package book.ch02.catalogue;

import book.ch02.proxy.faults.TruncateAfter;
import book.ch02.proxy.faults.ResetAfter;
import book.ch02.fixture.PeerScripts;
import book.ch02.fixture.LoopbackPeer;
import book.ch02.fixture.LoopbackCertificates;
import book.ch02.fixture.HttpFixture;
import book.ch02.fixture.FullBacklogListener;
import book.ch02.fixture.ClosedPort;
import static book.ch02.catalogue.ScenarioTimeouts.NOT_TO_TRIP;
import static book.ch02.catalogue.ScenarioTimeouts.TO_TRIP;

import book.ch02.fixture.LoopbackCertificates.Identity;
import book.ch02.catalogue.Observation.Answered;
import book.ch02.catalogue.Observation.Thrown;
import book.ch02.classify.HttpHeadersView;
import book.ch02.classify.Phase;
import book.ch02.proxy.Fault;
import book.ch02.proxy.FaultProxy;
import book.ch02.proxy.Faults;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The same failures as {@link RawSocketFailures}, seen through {@code java.net.http.HttpClient},
 * plus the ones only HTTP has: failing statuses and a redirect loop. HttpClient wraps what the
 * socket threw, and it does not say which phase it was in: the phase is {@link Phase#UNKNOWN}.
 */
public final class HttpClientFailures {

    /** Far more than the socket buffers hold, so the client is still writing when the reset comes. */
    static final int UPLOAD_BYTES = 8 << 20;
    /** A status line that is not one. */
    static final String BAD_STATUS_LINE = "HTTP/1.1 abc\r\n\r\n";

    private HttpClientFailures() {
    }

    // tag::send[]
    static HttpClient client(Duration connectTimeout, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)                // without it, a connect can wait minutes
                .followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(HttpClient.Builder.NO_PROXY);           // loopback, never a configured proxy
        if (tls != null) {
            SSLParameters params = new SSLParameters();
            params.setProtocols(new String[] {"TLSv1.3"});
            builder.sslContext(tls).sslParameters(params);     // host name verification stays on
        }
        return builder.build();
    }

    static Observation send(HttpClient client, URI uri, Duration requestTimeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        try (client) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) { // an answer, not an exception: the caller must look
                return new Answered(response.statusCode(), new HttpHeadersView(response.headers().map()));
            }
            throw new IllegalStateException("expected a failure, got " + response.statusCode() + " from " + uri);
        } catch (IOException e) {
            return new Thrown(e, Phase.UNKNOWN); // HttpClient does not say how far it got
        }
    }
    // end::send[]

    static Observation send(URI uri) throws InterruptedException {
        return send(client(NOT_TO_TRIP, null), uri, NOT_TO_TRIP);
    }

    private static URI uri(int port) {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public static Observation unknownHost() throws InterruptedException {
        return unknownHost(RawSocketFailures.UNKNOWN_HOST);
    }

    /** A name under {@code .invalid}: the book's resolver refuses it, without any DNS query. */
    public static Observation unknownHost(String name) throws InterruptedException {
        return send(URI.create("http://" + name + "/"));
    }

    public static Observation connectionRefused() throws IOException, InterruptedException {
        return send(uri(ClosedPort.find()));
    }

    public static Observation connectTimeout() throws IOException, InterruptedException {
        try (var listener = FullBacklogListener.fill()) {
            return send(client(TO_TRIP, null), uri(listener.address().getPort()), NOT_TO_TRIP);
        }
    }

    /** HttpClient has no read timeout; the request timeout covers the wait for the response headers. */
    public static Observation readTimeout() throws IOException, InterruptedException {
        try (var peer = LoopbackPeer.start(PeerScripts.neverAnswer())) {
            return send(client(NOT_TO_TRIP, null), uri(peer.port()), TO_TRIP);
        }
    }

    public static Observation connectionReset() throws IOException, InterruptedException {
        try (var peer = LoopbackPeer.start(PeerScripts.resetAfterRequest())) {
            return send(uri(peer.port()));
        }
    }

    /** A POST of 8 MiB to a peer that resets as soon as the request starts arriving. */
    public static Observation writeToResetPeer() throws IOException, InterruptedException {
        try (var peer = LoopbackPeer.start(PeerScripts.resetAfterRequest());
                HttpClient client = client(NOT_TO_TRIP, null)) {
            HttpRequest request = HttpRequest.newBuilder(uri(peer.port())).timeout(NOT_TO_TRIP)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[UPLOAD_BYTES])).build();
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                throw new IllegalStateException("expected a failure, got " + response.statusCode());
            } catch (IOException e) {
                return new Thrown(e, Phase.UNKNOWN);
            }
        }
    }

    /** A healthy 1000-byte answer, cut by the proxy after 300 bytes (the headers and part of the body). */
    public static Observation eofMidMessage() throws IOException, InterruptedException {
        return throughProxy("/bytes/1000", new TruncateAfter(300));
    }

    /** A healthy 64 KiB answer, reset by the proxy after 1000 bytes. */
    public static Observation resetMidResponse() throws IOException, InterruptedException {
        return throughProxy("/bytes/65536", new ResetAfter(1000));
    }

    static Observation throughProxy(String path, Fault fault) throws IOException, InterruptedException {
        try (var server = HttpFixture.http(); var proxy = FaultProxy.start(server.uri("/").getPort())) {
            proxy.setFaults(Faults.downstream(fault));
            return send(URI.create("http://127.0.0.1:" + proxy.port() + path));
        }
    }

    public static Observation malformedStatusLine() throws IOException, InterruptedException {
        return answeredWith(BAD_STATUS_LINE);
    }

    private static Observation answeredWith(String raw) throws IOException, InterruptedException {
        try (var peer = LoopbackPeer.start(PeerScripts.answerAndClose(raw.getBytes(StandardCharsets.US_ASCII)))) {
            return send(uri(peer.port()));
        }
    }

    public static Observation tlsUntrustedCertificate() throws IOException, GeneralSecurityException, InterruptedException {
        return https(Identity.SELF_SIGNED);
    }

    public static Observation tlsWrongHostName() throws IOException, GeneralSecurityException, InterruptedException {
        return https(Identity.WRONG_HOST);
    }

    static Observation https(Identity identity) throws IOException, GeneralSecurityException, InterruptedException {
        LoopbackCertificates pki = LoopbackCertificates.get();
        try (var fixture = HttpFixture.https(pki.serverContext(identity))) {
            return send(client(NOT_TO_TRIP, pki.clientContext()), fixture.uri("/ok"), NOT_TO_TRIP);
        }
    }

    /** A failing status: an {@link Answered}, not an exception. */
    public static Observation status(int code) throws IOException, InterruptedException {
        try (var fixture = HttpFixture.http()) {
            return send(fixture.uri("/status/" + code));
        }
    }

    /** A redirect loop, and how many requests the client sent before it stopped following. */
    public record RedirectLoop(Observation observation, int requestsSent) {}

    public static RedirectLoop redirectLoop() throws IOException, InterruptedException {
        try (var fixture = HttpFixture.http()) {
            Observation seen = send(fixture.uri("/loop"));
            return new RedirectLoop(seen, fixture.loopRequests());
        }
    }
}
