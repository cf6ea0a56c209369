package book.ch05.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch05.replica.Eventually;
import book.ch05.replica.ReplicaServer;
import book.ch05.time.Ticker;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The probe's parsing and its contract (the loopback behaviour is in {@code HealthOnLoopbackTest}). */
@Timeout(30)
class HttpHealthProbeTest {

    @Nested
    class StatusLine {
        @ParameterizedTest
        @ValueSource(strings = {"HTTP/1.1 200 OK", "HTTP/1.0 204", "HTTP/1.1 299 Fine", "HTTP/1.1 200"})
        void passesOnA2xxStatusLine(String line) {
            assertTrue(HttpHealthProbe.isSuccess(line));
        }

        @ParameterizedTest
        @ValueSource(strings = {"HTTP/1.1 300 Multiple", "HTTP/1.1 199 x", "HTTP/1.1 503 Unavailable", "HTTP/1.1 2x0 OK",
                "HTTP/1.1 20a OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/2 200 OK", "HTTP/1.1", "", "200 OK",
                "SSH-2.0-OpenSSH_9.6", "HTTP/1.1  200 OK"})
        void failsOnAnythingElse(String line) {
            assertFalse(HttpHealthProbe.isSuccess(line), line);
        }
    }

    @Nested
    class Configuration {
        @ParameterizedTest
        @ValueSource(strings = {"health", "/a b", "/a\tb", "/a\u007fb", "/\u00e9t\u00e9", "/a\r\nHost: evil"})
        void refusesAPathThatIsNotAnAbsoluteOriginFormPath(String path) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> new HttpHealthProbe(path, Ticker.system()))
                    .getMessage().startsWith("path must start with / and hold no spaces or controls, not "));
        }

        @Test
        void refusesANullPath() {
            assertEquals("path must start with / and hold no spaces or controls, not null",
                    assertThrows(IllegalArgumentException.class, () -> new HttpHealthProbe(null, Ticker.system()))
                            .getMessage());
        }

        @Test
        void probesTheGivenPath() throws Exception {
            try (ReplicaServer server = ReplicaServer.start("r")) {
                assertTrue(new HttpHealthProbe("/health", Ticker.system()).check(server.address(), Duration.ofSeconds(5)));
                assertTrue(new HttpHealthProbe().check(server.address(), Duration.ofSeconds(5)));
                assertEquals(2, server.counts().healthChecks());
            }
        }

        @Test
        void aHugeTimeoutIsCutInsteadOfOverflowing() throws Exception {
            try (ReplicaServer server = ReplicaServer.start("r")) {
                assertTrue(new HttpHealthProbe().check(server.address(), Duration.ofSeconds(Long.MAX_VALUE)));
            }
        }

        @Test
        void aTimeoutAlreadySpentFailsWithoutConnecting() throws Exception {
            try (ReplicaServer server = ReplicaServer.start("r")) {
                assertFalse(new HttpHealthProbe().check(server.address(), Duration.ZERO));
                assertFalse(new HttpHealthProbe().check(server.address(), Duration.ofMillis(-5)));
                assertEquals(0, server.counts().connections());
            }
        }
    }

    @Nested
    class Interruption {
        @Test
        void aProbeInterruptedWhileWaitingThrowsInterruptedExceptionAsUsualFlagCleared() throws Exception {
            try (ReplicaServer server = ReplicaServer.start("r")) {
                server.update(b -> b.withStalled(true));
                InetSocketAddress address = server.address();
                AtomicReference<Object> outcome = new AtomicReference<>();
                Thread prober = Thread.ofVirtual().start(() -> {
                    try {
                        outcome.set(new HttpHealthProbe().check(address, Duration.ofSeconds(20)));
                    } catch (InterruptedException e) {
                        outcome.set(Thread.currentThread().isInterrupted() ? "flag left set" : e);
                    }
                });
                Eventually.await("the probe is waiting", () -> server.counts().stalled() == 1);
                prober.interrupt();
                prober.join(Duration.ofSeconds(10));
                assertInstanceOf(InterruptedException.class, outcome.get(), String.valueOf(outcome.get()));
            }
        }
    }
}
