package book.ch02.catalogue;

import static book.ch02.classify.Decision.NOT_RETRYABLE;
import static book.ch02.classify.Decision.RETRYABLE;
import static book.ch02.classify.Decision.RETRYABLE_IF_IDEMPOTENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import book.ch02.catalogue.FailureCatalogue.Scenario;
import book.ch02.classify.Classification;
import book.ch02.classify.Decision;
import book.ch02.classify.FailureClassifier;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure of the catalogue, produced again for real on loopback and fed to the classifier,
 * which must give the expected decision: a change in what a JDK throws shows up here, not in
 * production. (Kept apart from the classifier's pure decision tables, which mutation testing runs.)
 */
class RealFailuresClassifiedTest {

    private final FailureClassifier classifier = new FailureClassifier();

    /** What the classifier must say about each failure of the catalogue, by failure name. */
    static final Map<String, Decision> EXPECTED = Map.ofEntries(
            Map.entry("unknown host", NOT_RETRYABLE),
            Map.entry("connection refused", RETRYABLE),
            Map.entry("connect timeout", RETRYABLE),
            Map.entry("read timeout", RETRYABLE_IF_IDEMPOTENT),
            Map.entry("reset by peer", RETRYABLE_IF_IDEMPOTENT),
            Map.entry("EOF mid-message", RETRYABLE_IF_IDEMPOTENT),
            Map.entry("reset mid-response", RETRYABLE_IF_IDEMPOTENT),
            Map.entry("write to closed peer", RETRYABLE_IF_IDEMPOTENT),
            Map.entry("write to reset peer", RETRYABLE_IF_IDEMPOTENT),
            Map.entry("untrusted certificate", NOT_RETRYABLE),
            Map.entry("wrong host name", NOT_RETRYABLE),
            Map.entry("HTTP 404", NOT_RETRYABLE),
            Map.entry("HTTP 429", RETRYABLE),
            Map.entry("HTTP 500", NOT_RETRYABLE),
            Map.entry("HTTP 503", RETRYABLE_IF_IDEMPOTENT),
            Map.entry("redirect loop", Decision.NOT_A_FAILURE),
            Map.entry("malformed response", NOT_RETRYABLE),
            Map.entry("corrupted bytes", RETRYABLE_IF_IDEMPOTENT));

    static Stream<Arguments> scenarios() {
        return FailureCatalogue.all().stream().map(s -> arguments(s.failure(), s.client(), s));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("scenarios")
    void eachRealFailureGetsTheExpectedDecision(String failure, String client, Scenario scenario) throws Exception {
        Decision expected = EXPECTED.get(failure);
        assertTrue(expected != null, "no expectation for " + failure);
        Classification c = scenario.producer().produce().classify(classifier);
        assertEquals(expected, c.decision(), c::reason);
    }
}
