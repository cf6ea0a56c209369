package book.ch02.proxy;

import book.ch02.proxy.program.ProxyDemo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProxyDemoTest {

    @Test
    void narratesEveryFaultWithWhatTheClientSawInUnderTenSeconds() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        long started = System.nanoTime();
        ProxyDemo.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String text = printed.toString(StandardCharsets.UTF_8);
        for (String expected : new String[] {"SHA-256 equal: true", "round trip 3:", "KiB echoed in", "became 0x",
                "then end of stream", "Connection reset", "SocketTimeoutException", "Connection refused",
                "round trip intact: true"}) {
            assertTrue(text.contains(expected), "missing '" + expected + "' in:\n" + text);
        }
        assertTrue(took.toSeconds() < 10, "the demo took " + took);
    }
}
