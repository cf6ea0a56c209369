package book.ch02.proxy;

import book.ch02.proxy.program.FaultProxyProgram;
import book.ch02.proxy.faults.Latency;
import book.ch02.fixture.EchoUpstream;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch02.cli.CommandLine;
import book.ch02.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FaultProxyProgramTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final FaultProxyProgram program = new FaultProxyProgram(new PrintStream(printed, true, StandardCharsets.UTF_8));

    private FaultProxy start(String... args) throws Exception {
        return program.start(CommandLine.parse(program.name(), program.options(), args));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Running {

        @Test
        void printsWhereItListensForwardsCleanlyAndLogsEachConnection() throws Exception {
            try (EchoUpstream echo = EchoUpstream.start(); FaultProxy proxy = start("--upstream", String.valueOf(echo.port()))) {
                assertTrue(output().contains("listening on 127.0.0.1:" + proxy.port()), output());
                byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                try (Socket client = Wire.connect(proxy.port())) {
                    assertArrayEquals(hello, Wire.roundTrip(client, hello));
                }
                assertTrue(output().contains("connection 1 open"), output());
            }
        }

        @Test
        void appliesTheFaultsGivenOnTheCommandLine() throws Exception {
            try (EchoUpstream echo = EchoUpstream.start();
                 FaultProxy proxy = start("--upstream", "127.0.0.1:" + echo.port(), "--truncate-after", "3",
                         "--latency", "1ms", "--slice", "2")) {
                assertEquals(List.of(Latency.of(java.time.Duration.ofMillis(1)).latency(),
                                java.time.Duration.ZERO),
                        List.of(((Latency) proxy.faults().downstream().get(0)).latency(),
                                ((Latency) proxy.faults().downstream().get(0)).jitter()));
                try (Socket client = Wire.connect(proxy.port())) {
                    client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                    assertArrayEquals("hel".getBytes(StandardCharsets.US_ASCII), Wire.readToEnd(client.getInputStream()));
                }
            }
        }

        @Test
        void startsDownWhenAsked() throws Exception {
            try (EchoUpstream echo = EchoUpstream.start();
                 FaultProxy proxy = start("--upstream", String.valueOf(echo.port()), "--down")) {
                assertThrows(ConnectException.class, () -> Wire.connect(proxy.port()).close());
                assertTrue(output().contains("are refused"), output());
            }
        }
    }

    @Nested
    class Control {
        @Test
        void aProxyStartedDownComesUpAndGoesDownAgainOnLinesReadFromItsInput() throws Exception {
            try (EchoUpstream echo = EchoUpstream.start();
                 FaultProxy proxy = start("--upstream", String.valueOf(echo.port()), "--down")) {
                assertThrows(ConnectException.class, () -> Wire.connect(proxy.port()).close());
                program.control(proxy, input("up", "", "sideways"));
                assertFalse(proxy.isDown());
                byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                try (Socket client = Wire.connect(proxy.port())) {
                    assertArrayEquals(hello, Wire.roundTrip(client, hello));
                }
                assertTrue(output().contains("control: 'sideways' is not 'up' or 'down'"), output());
                program.control(proxy, input("down"));
                assertTrue(proxy.isDown());
                assertThrows(ConnectException.class, () -> Wire.connect(proxy.port()).close());
            }
        }

        private static java.io.InputStream input(String... lines) {
            return new java.io.ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Nested
    class BadCommandLines {

        @Test
        void rejectsAnUpstreamHostThatIsNotLoopback() {
            UsageException e = assertThrows(UsageException.class, () -> start("--upstream", "example.com:80"));
            assertEquals("option --upstream 'example.com:80' is not loopback; this proxy forwards to 127.0.0.1 only",
                    e.getMessage());
        }

        @Test
        void rejectsAnotherLoopbackAddressRatherThanForwardToADifferentOne() {
            UsageException e = assertThrows(UsageException.class, () -> start("--upstream", "127.0.0.2:80"));
            assertEquals("option --upstream '127.0.0.2:80' is loopback but not 127.0.0.1; this proxy forwards to 127.0.0.1 only",
                    e.getMessage());
        }

        @Test
        void rejectsAnUpstreamPortOutOfRange() {
            for (String bad : List.of("0", "65536", "99999999999", "x", "127.0.0.1:", "-1")) {
                UsageException e = assertThrows(UsageException.class, () -> start("--upstream", bad));
                assertEquals("option --upstream '" + bad + "' is not a port in 1..65535 (or 127.0.0.1:PORT)", e.getMessage());
            }
        }

        @Test
        void requiresTheUpstream() {
            UsageException e = assertThrows(UsageException.class, () -> start("--latency", "5ms"));
            assertEquals("option --upstream is required", e.getMessage());
        }

        @Test
        void refusesJitterWithoutLatencyAndASliceDelayWithoutSlicing() {
            assertEquals("option --jitter needs --latency",
                    assertThrows(UsageException.class, () -> start("--upstream", "9", "--jitter", "5ms")).getMessage());
            assertEquals("option --slice-delay needs --slice",
                    assertThrows(UsageException.class, () -> start("--upstream", "9", "--slice-delay", "5ms")).getMessage());
        }

        @Test
        void aBusyListenPortIsOneLine() throws Exception {
            try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int port = taken.getLocalPort();
                UsageException e = assertThrows(UsageException.class,
                        () -> start("--upstream", "9", "--listen", String.valueOf(port)));
                assertEquals("option --listen '" + port + "': port " + port + " is in use", e.getMessage());
            }
        }
    }
}
