package book.ch04.timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The timeouts record: defaults safe to copy, and no bound that means "forever" or "never". */
class TimeoutsTest {

    @Nested
    class Defaults {
        @Test
        void areThreeSecondsToConnectTenToReadOrWriteThirtyForTheCall() {
            assertEquals(new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30)),
                    Timeouts.DEFAULTS);
        }

        @Test
        void goToHttpClientAsConnectTimeoutAndRequestTimeout() {
            try (HttpClient http = Timeouts.DEFAULTS.applyTo(HttpClient.newBuilder()).build()) {
                assertEquals(Optional.of(Duration.ofSeconds(3)), http.connectTimeout());
            }
            HttpRequest request = Timeouts.DEFAULTS.applyTo(HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/"))).build();
            assertEquals(Optional.of(Duration.ofSeconds(30)), request.timeout());
        }
    }

    @Nested
    class Validation {
        private final Duration ok = Duration.ofSeconds(1);

        @Test
        void oneMillisecondAndOneHourAreTheBounds() {
            new Timeouts(Duration.ofMillis(1), Duration.ofHours(1), ok, ok);
        }

        @ParameterizedTest
        @ValueSource(strings = {"connect", "read", "write", "call"})
        void zeroIsRefusedBecauseItMeansForeverToASocket(String which) {
            var e = assertThrows(IllegalArgumentException.class, () -> with(which, Duration.ZERO));
            assertEquals(which + " timeout must be 1ms..1h (0 would mean forever): PT0S", e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"connect", "read", "write", "call"})
        void justUnderAMillisecondIsRefused(String which) {
            var e = assertThrows(IllegalArgumentException.class, () -> with(which, Duration.ofNanos(999_999)));
            assertEquals(which + " timeout must be 1ms..1h (0 would mean forever): PT0.000999999S", e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"connect", "read", "write", "call"})
        void overAnHourIsRefused(String which) {
            var e = assertThrows(IllegalArgumentException.class, () -> with(which, Duration.ofHours(1).plusNanos(1)));
            assertEquals(which + " timeout must be 1ms..1h (0 would mean forever): PT1H0.000000001S", e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"connect", "read", "write", "call"})
        void nullIsRefused(String which) {
            var e = assertThrows(IllegalArgumentException.class, () -> with(which, null));
            assertEquals(which + " timeout must be 1ms..1h (0 would mean forever): null", e.getMessage());
        }

        private Timeouts with(String which, Duration d) {
            return switch (which) {
                case "connect" -> new Timeouts(d, ok, ok, ok);
                case "read" -> new Timeouts(ok, d, ok, ok);
                case "write" -> new Timeouts(ok, ok, d, ok);
                default -> new Timeouts(ok, ok, ok, d);
            };
        }
    }
}
