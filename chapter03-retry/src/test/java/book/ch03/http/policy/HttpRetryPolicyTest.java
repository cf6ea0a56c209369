package book.ch03.http.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The policy refuses a setting that could not work, naming it, and accepts every edge that can. */
class HttpRetryPolicyTest {

    private static String refusal(UnaryOperator<HttpRetryPolicy.Builder> change) {
        return assertThrows(IllegalArgumentException.class, () -> change.apply(HttpRetryPolicy.builder()).build())
                .getMessage();
    }

    @Nested
    class Statuses {

        @Test
        void acceptsEveryHttpStatusFrom100To599() {
            assertEquals(Set.of(100, 599), HttpRetryPolicy.builder().statusForcelist(Set.of(100, 599)).build()
                    .statusForcelist());
        }

        @Test
        void refusesANumberOutsideTheStatusRange() {
            assertEquals("statusForcelist holds 99, not an HTTP status (100-599)",
                    refusal(b -> b.statusForcelist(Set.of(503, 99))));
            assertEquals("statusForcelist holds 600, not an HTTP status (100-599)",
                    refusal(b -> b.statusForcelist(Set.of(600))));
        }

        @Test
        void methodsAreComparedInUpperCase() {
            assertEquals(Set.of("GET", "PUT"), HttpRetryPolicy.builder().allowedMethods(Set.of("get", "Put")).build()
                    .allowedMethods());
        }
    }

    @Nested
    class Durations {

        @Test
        void eachDurationMustBePositiveAndTheMessageNamesIt() {
            assertEquals("backoffFactor must be a positive duration, not PT0S",
                    refusal(b -> b.backoffFactor(Duration.ZERO)));
            assertEquals("backoffMax must be a positive duration, not PT-1S",
                    refusal(b -> b.backoffMax(Duration.ofSeconds(-1))));
            assertEquals("totalTime must be a positive duration, not PT0S", refusal(b -> b.totalTime(Duration.ZERO)));
            assertEquals("maxRetryAfter must be a positive duration, not PT0S",
                    refusal(b -> b.maxRetryAfter(Duration.ZERO)));
        }

        @Test
        void theBackoffCapMayEqualTheFactorButNotFallBelowIt() {
            Duration second = Duration.ofSeconds(1);
            assertEquals(second, HttpRetryPolicy.builder().backoffFactor(second).backoffMax(second).build().backoffMax());
            assertEquals("backoffMax must be at least backoffFactor (PT1S), not PT0.999S",
                    refusal(b -> b.backoffFactor(second).backoffMax(Duration.ofMillis(999))));
        }
    }

    @Nested
    class Retries {

        @Test
        void zeroToTenRetriesAreAllowed() {
            assertEquals(0, HttpRetryPolicy.builder().maxRetries(0).build().maxRetries());
            assertEquals(10, HttpRetryPolicy.builder().maxRetries(10).build().maxRetries());
        }

        @Test
        void refusesANegativeCountOrMoreThanTen() {
            assertEquals("maxRetries must be between 0 and 10, not -1", refusal(b -> b.maxRetries(-1)));
            assertEquals("maxRetries must be between 0 and 10, not 11", refusal(b -> b.maxRetries(11)));
        }
    }
}
