package book.ch01.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClientSocketConfigTest {

    @Nested
    class Defaults {

        @Test
        void everyDefaultSocketHasBothTimeoutsAndNoDelay() throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                    Socket socket = ClientSocketConfig.DEFAULTS.connect(
                            new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()))) {
                assertEquals(10_000, socket.getSoTimeout());
                assertTrue(socket.getTcpNoDelay());
            }
        }

        @Test
        void aPlainSocketHasNeitherAReadTimeoutNorNoDelay() throws IOException {
            try (Socket plain = new Socket()) {
                assertEquals(0, plain.getSoTimeout(), "0 means: block forever");
                assertFalse(plain.getTcpNoDelay());
            }
        }
    }

    @Nested
    class Validation {

        @Test
        void rejectsAZeroReadTimeoutBecauseItMeansForever() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ClientSocketConfig.DEFAULTS.withReadTimeout(Duration.ZERO));
            assertEquals("readTimeout must be between 1 ms and 2147483647 ms, not 0 ms", e.getMessage());
        }

        @Test
        void rejectsAConnectTimeoutTheSocketApiCannotHold() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ClientSocketConfig.DEFAULTS.withConnectTimeout(Duration.ofDays(30)));
            assertEquals("connectTimeout must be between 1 ms and 2147483647 ms, not 2592000000 ms", e.getMessage());
            ClientSocketConfig.DEFAULTS.withConnectTimeout(ClientSocketConfig.MAX_TIMEOUT); // exactly the limit: accepted
            assertEquals("readTimeout must be between 1 ms and 2147483647 ms, not 2147483648 ms",
                    assertThrows(IllegalArgumentException.class, () -> ClientSocketConfig.DEFAULTS.withReadTimeout(
                            ClientSocketConfig.MAX_TIMEOUT.plusMillis(1))).getMessage());
            assertEquals("readTimeout must be between 1 ms and 2147483647 ms, not PT2562047788015215H30M7S",
                    assertThrows(IllegalArgumentException.class, () -> ClientSocketConfig.DEFAULTS.withReadTimeout(
                            Duration.ofSeconds(Long.MAX_VALUE))).getMessage(), "no overflow on the way to the message");
        }
    }

    @Nested
    class KeepAlive {

        @Test
        void defaultsDetectADeadPeerInNinetySecondsInsteadOfTwoHours() {
            assertEquals(Duration.ofSeconds(90), TcpKeepAlive.DEFAULTS.detectionTime());
        }

        @Test
        void appliesProbeTimingsWhereThePlatformSupportsThem() throws IOException {
            try (Socket socket = new Socket()) {
                boolean applied = TcpKeepAlive.DEFAULTS.applyTo(socket);

                assertTrue(socket.getOption(StandardSocketOptions.SO_KEEPALIVE));
                if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                    assertTrue(applied);
                    assertEquals(60, socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE));
                    assertEquals(10, socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL));
                    assertEquals(3, socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT));
                } else {
                    assertFalse(applied, "without TCP_KEEPIDLE the system defaults apply");
                }
            }
        }

        @Test
        void rejectsFractionsOfASecondBecauseTheOptionsTakeWholeSeconds() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new TcpKeepAlive(Duration.ofMillis(1500), Duration.ofSeconds(10), 3));
            assertEquals("idle must be a whole number of seconds between 1 and 32767, not 1500 ms", e.getMessage());
        }

        @Test
        void rejectsAProbeCountLinuxWouldRefuse() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new TcpKeepAlive(Duration.ofSeconds(60), Duration.ofSeconds(10), 0));
            assertEquals("count must be between 1 and 127, not 0", e.getMessage());
        }
    }
}
