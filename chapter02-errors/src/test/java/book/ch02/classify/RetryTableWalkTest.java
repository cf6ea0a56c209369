package book.ch02.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Walks every HTTP status (100..599 and impossible ones around them) against every method, with
 * and without an idempotency key, and checks the answer "may I send it again?" as sets: a
 * request that may have reached the server is never repeated unless repeating is harmless.
 */
class RetryTableWalkTest {

    static final List<Integer> STATUSES = IntStream.concat(IntStream.of(-1, 0, 1, 99, 600, 999, 1000),
            IntStream.rangeClosed(100, 599)).boxed().toList();
    static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "DELETE", "POST", "PATCH");

    private final FailureClassifier classifier = new FailureClassifier();

    private Set<Integer> statusesWhereRetryIsAllowed(String method, boolean key) {
        Set<Integer> allowed = new TreeSet<>();
        for (int status : STATUSES) {
            if (classifier.classify(status, HttpHeadersView.NONE).allowsRetry(method, key)) {
                allowed.add(status);
            }
        }
        return allowed;
    }

    @Test
    void aNonIdempotentRequestWithoutAKeyIsRepeatedOnlyOn408And429() {
        for (String method : List.of("POST", "PATCH", "post")) {
            assertEquals(Set.of(408, 429), statusesWhereRetryIsAllowed(method, false), method);
        }
    }

    @Test
    void anIdempotentOrKeyedRequestIsAlsoRepeatedOnTheGatewayFailures() {
        for (String method : METHODS) {
            assertEquals(Set.of(408, 429, 502, 503, 504), statusesWhereRetryIsAllowed(method, true), method);
            if (!method.equals("POST") && !method.equals("PATCH")) {
                assertEquals(Set.of(408, 429, 502, 503, 504), statusesWhereRetryIsAllowed(method, false), method);
            }
        }
    }

    @Test
    void onlyAFewAnswersProveTheRequestWasNotProcessed() {
        Set<Integer> notProcessed = new TreeSet<>();
        for (int status : STATUSES) {
            if (!classifier.classify(status, HttpHeadersView.NONE).mayHaveBeenProcessed()) {
                notProcessed.add(status);
            }
        }
        Set<Integer> expected = new TreeSet<>(Set.of(408, 429, 501, 505));
        IntStream.rangeClosed(400, 499).filter(s -> s != 409 && s != 422).forEach(expected::add);
        assertEquals(expected, notProcessed);
    }

    @Test
    void everyStatusIsClassifiedAndNoAnswerIsAFailureToRetryAndAFailureAtOnce() {
        for (int status : STATUSES) {
            Classification c = classifier.classify(status, HttpHeadersView.NONE);
            boolean answer = status >= 200 && status < 400;
            assertEquals(answer, !c.isFailure(), "status " + status);
            if (answer) {
                assertFalse(c.transientFailure(), "status " + status);
                for (String method : METHODS) {
                    assertFalse(c.allowsRetry(method, true), "status " + status);
                }
            }
        }
    }
}
