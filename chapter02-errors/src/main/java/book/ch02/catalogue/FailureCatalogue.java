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
     */
    public record Scenario(String failure, String client, Producer producer) {}

    private static final String SOCKET = "socket";
    private static final String HTTP = "HttpClient";

    private FailureCatalogue() {
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("unknown host", SOCKET, RawSocketFailures::unknownHost),
                new Scenario("unknown host", HTTP, HttpClientFailures::unknownHost),
                new Scenario("connection refused", SOCKET, RawSocketFailures::connectionRefused),
                new Scenario("connection refused", HTTP, HttpClientFailures::connectionRefused),
                new Scenario("connect timeout", SOCKET, RawSocketFailures::connectTimeout),
                new Scenario("connect timeout", HTTP, HttpClientFailures::connectTimeout),
                new Scenario("read timeout", SOCKET, RawSocketFailures::readTimeout),
                new Scenario("read timeout", HTTP, HttpClientFailures::readTimeout),
                new Scenario("reset by peer", SOCKET, RawSocketFailures::connectionReset),
                new Scenario("reset by peer", HTTP, HttpClientFailures::connectionReset),
                new Scenario("EOF mid-message", SOCKET, RawSocketFailures::eofMidMessage),
                new Scenario("EOF mid-message", HTTP, HttpClientFailures::eofMidMessage),
                new Scenario("reset mid-response", SOCKET, RawSocketFailures::resetMidResponse),
                new Scenario("reset mid-response", HTTP, HttpClientFailures::resetMidResponse),
                new Scenario("write to closed peer", SOCKET, () -> RawSocketFailures.writeToClosedPeer(false)),
                new Scenario("write to reset peer", SOCKET, () -> RawSocketFailures.writeToClosedPeer(true)),
                new Scenario("untrusted certificate", SOCKET, RawSocketFailures::tlsUntrustedCertificate),
                new Scenario("untrusted certificate", HTTP, HttpClientFailures::tlsUntrustedCertificate),
                new Scenario("wrong host name", SOCKET, RawSocketFailures::tlsWrongHostName),
                new Scenario("wrong host name", HTTP, HttpClientFailures::tlsWrongHostName),
                new Scenario("HTTP 404", HTTP, () -> HttpClientFailures.status(404)),
                new Scenario("HTTP 429", HTTP, () -> HttpClientFailures.status(429)),
                new Scenario("HTTP 500", HTTP, () -> HttpClientFailures.status(500)),
                new Scenario("HTTP 503", HTTP, () -> HttpClientFailures.status(503)),
                new Scenario("redirect loop", HTTP, () -> HttpClientFailures.redirectLoop().observation()),
                new Scenario("malformed response", SOCKET, RawSocketFailures::malformedFrame),
                new Scenario("malformed response", HTTP, HttpClientFailures::malformedStatusLine),
                new Scenario("corrupted bytes", SOCKET, RawSocketFailures::corruptFrame));
    }
}
