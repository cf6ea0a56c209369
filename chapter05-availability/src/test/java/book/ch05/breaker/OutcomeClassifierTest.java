package book.ch05.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Classify before counting: the book's table read for health. */
class OutcomeClassifierTest {

    @Nested
    class Statuses {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "200, SUCCESS", "204, SUCCESS", "304, SUCCESS", "303, SUCCESS",
                "400, SUCCESS", "404, SUCCESS", "409, SUCCESS", "422, SUCCESS", "499, SUCCESS",
                "408, IGNORED", "429, IGNORED",
                "500, FAILURE", "501, FAILURE", "502, FAILURE", "503, FAILURE", "504, FAILURE", "599, FAILURE",
                "99, FAILURE", "100, SUCCESS", "600, FAILURE", "-1, FAILURE"})
        void followTheBooksTable(int status, Outcome expected) {
            assertEquals(expected, OutcomeClassifier.ofStatus(status));
        }

        @Test
        void theHttpClassifierReadsTheResponseStatus() {
            OutcomeClassifier<HttpResponse<String>> http = OutcomeClassifier.http();
            assertEquals(Outcome.FAILURE, http.ofResult(response(503)));
            assertEquals(Outcome.SUCCESS, http.ofResult(response(404)));
            assertEquals(Outcome.IGNORED, http.ofResult(response(429)));
            assertEquals(Outcome.FAILURE, http.ofException(new HttpTimeoutException("request timed out")));
            assertEquals(Outcome.IGNORED, http.ofException(new InterruptedIOException()));
        }
    }

    @Nested
    class Exceptions {
        final OutcomeClassifier<Object> c = OutcomeClassifier.exceptionsFail();

        @Test
        void theDependencyFailingIsAFailure() {
            for (Throwable t : new Throwable[] {new ConnectException("Connection refused"), new SocketTimeoutException("Read timed out"),
                    new HttpTimeoutException("request timed out"), new EOFException(), new IOException("Connection reset"),
                    new IllegalStateException("bug")}) {
                assertEquals(Outcome.FAILURE, c.ofException(t), t.toString());
            }
        }

        @Test
        void theCallerGivingUpIsIgnored() {
            for (Throwable t : new Throwable[] {new InterruptedException(), new InterruptedIOException(), new ClosedByInterruptException(),
                    new CancellationException()}) {
                assertEquals(Outcome.IGNORED, c.ofException(t), t.toString());
            }
        }

        @Test
        void anyResultIsASuccess() {
            assertEquals(Outcome.SUCCESS, c.ofResult(null));
            assertEquals(Outcome.SUCCESS, c.ofResult("503"));
        }
    }

    static HttpResponse<String> response(int status) {
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
            }

            @Override
            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
            }

            @Override
            public String body() {
                return "";
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return request().uri();
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
