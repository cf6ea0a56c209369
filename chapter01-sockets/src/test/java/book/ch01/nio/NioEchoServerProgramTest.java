package book.ch01.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.cli.CommandLine;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NioEchoServerProgramTest {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void printsItsAddressEchoesAndStopsWhenInterrupted() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        PrintStream out = new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    lines.add(line.toString());
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
        }, true, StandardCharsets.US_ASCII);
        NioEchoServerProgram program = new NioEchoServerProgram(out);
        Thread running = Thread.ofVirtual().start(() -> {
            try {
                program.run(CommandLine.parse(program.name(), program.options(), "--port", "0"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the way a foreground server is stopped
            } catch (Exception e) {
                lines.add("failed: " + e);
            }
        });
        String first = lines.poll(10, TimeUnit.SECONDS);
        Matcher m = LISTENING.matcher(String.valueOf(first));
        assertTrue(m.find(), "first line: " + first);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)));

        try (EchoClient client = EchoClient.connect(address)) {
            assertArrayEquals("ping\n".getBytes(StandardCharsets.US_ASCII),
                    client.roundTrip("ping\n".getBytes(StandardCharsets.US_ASCII)));
            running.interrupt();
            assertTrue(running.join(java.time.Duration.ofSeconds(10)), "the program returns");
            assertTrue(client.seesEndOfStream(), "its connections are closed");
        }
        String last = lines.poll(10, TimeUnit.SECONDS);
        assertTrue(String.valueOf(last).startsWith("stopped: open=0"), "last line: " + last);
    }
}
