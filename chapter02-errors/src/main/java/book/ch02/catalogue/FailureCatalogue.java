package book.ch02.catalogue;

import java.util.List;

/**
 * Every failure of the catalogue as a runnable scenario, in the order the chapter presents them:
 * what the demo walks through and what the classifier is checked against.
 */
public final class FailureCatalogue {

    /** Produces one failure and returns what the client saw. */
    @FunctionalInterface
    public interface Producer {
        Observation produce() throws Exception;
    }

    /**
     * @param failure what goes wrong, in a few words
     * @param client  {@code socket} or {@code HttpClient}
     * @param how     how the scenario makes it happen
     */
    public record Scenario(String failure, String client, String how, Producer producer) {}

    private static final String SOCKET = "socket";
    private static final String HTTP = "HttpClient";

    private FailureCatalogue() {
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("unknown host", SOCKET,
                        "connect to no-such-host.invalid (.invalid never resolves)", RawSocketFailures::unknownHost),
                new Scenario("unknown host", HTTP,
                        "GET http://no-such-host.invalid/", HttpClientFailures::unknownHost),
                new Scenario("connection refused", SOCKET,
                        "connect to a loopback port that was bound, then closed", RawSocketFailures::connectionRefused),
                new Scenario("connection refused", HTTP,
                        "GET from a loopback port that was bound, then closed", HttpClientFailures::connectionRefused),
                new Scenario("connect timeout", SOCKET,
                        "connect, 300 ms timeout, to a listener whose accept queue is full", RawSocketFailures::connectTimeout),
                new Scenario("connect timeout", HTTP,
                        "GET, 300 ms connect timeout, from a listener whose accept queue is full", HttpClientFailures::connectTimeout),
                new Scenario("read timeout", SOCKET,
                        "send a frame to a peer that never answers; 300 ms read timeout", RawSocketFailures::readTimeout),
                new Scenario("read timeout", HTTP,
                        "GET from a peer that never answers; 300 ms request timeout", HttpClientFailures::readTimeout),
                new Scenario("reset by peer", SOCKET,
                        "send a frame; the peer resets (SO_LINGER 0) once it arrives", RawSocketFailures::connectionReset),
                new Scenario("reset by peer", HTTP,
                        "GET; the peer resets once the request arrives", HttpClientFailures::connectionReset),
                new Scenario("EOF mid-message", SOCKET,
                        "a 100-byte answer, cut by the fault proxy after 14 bytes", RawSocketFailures::eofMidMessage),
                new Scenario("EOF mid-message", HTTP,
                        "a 1000-byte body, cut by the fault proxy after 300 bytes", HttpClientFailures::eofMidMessage),
                new Scenario("reset mid-response", SOCKET,
                        "a 64 KiB answer, reset by the fault proxy after 1000 bytes", RawSocketFailures::resetMidResponse),
                new Scenario("reset mid-response", HTTP,
                        "a 64 KiB body, reset by the fault proxy after 1000 bytes", HttpClientFailures::resetMidResponse),
                new Scenario("write to closed peer", SOCKET,
                        "keep writing after the peer closed (FIN)", () -> RawSocketFailures.writeToClosedPeer(false)),
                new Scenario("write to reset peer", SOCKET,
                        "keep writing after the peer reset (RST)", () -> RawSocketFailures.writeToClosedPeer(true)),
                new Scenario("write to reset peer", HTTP,
                        "POST 8 MiB; the peer resets once the request starts arriving", HttpClientFailures::writeToResetPeer),
                new Scenario("untrusted certificate", SOCKET,
                        "TLS handshake with a self-signed server certificate", RawSocketFailures::tlsUntrustedCertificate),
                new Scenario("untrusted certificate", HTTP,
                        "GET https:// from a server with a self-signed certificate", HttpClientFailures::tlsUntrustedCertificate),
                new Scenario("wrong host name", SOCKET,
                        "TLS handshake, server certificate for other-host.example", RawSocketFailures::tlsWrongHostName),
                new Scenario("wrong host name", HTTP,
                        "GET https://127.0.0.1, certificate for other-host.example", HttpClientFailures::tlsWrongHostName),
                new Scenario("HTTP 404", HTTP,
                        "GET /status/404 from the JDK's HTTP server", () -> HttpClientFailures.status(404)),
                new Scenario("HTTP 429", HTTP,
                        "GET /status/429", () -> HttpClientFailures.status(429)),
                new Scenario("HTTP 500", HTTP,
                        "GET /status/500", () -> HttpClientFailures.status(500)),
                new Scenario("HTTP 503", HTTP,
                        "GET /status/503", () -> HttpClientFailures.status(503)),
                new Scenario("redirect loop", HTTP,
                        "GET /loop, which redirects to itself", () -> HttpClientFailures.redirectLoop().observation()),
                new Scenario("malformed response", SOCKET,
                        "the peer answers a frame header claiming 2 GiB", RawSocketFailures::malformedFrame),
                new Scenario("malformed response", HTTP,
                        "the peer answers the status line HTTP/1.1 abc", HttpClientFailures::malformedStatusLine),
                new Scenario("corrupted bytes", SOCKET,
                        "a 100-byte answer with one bit flipped by the fault proxy", RawSocketFailures::corruptFrame));
    }
}
