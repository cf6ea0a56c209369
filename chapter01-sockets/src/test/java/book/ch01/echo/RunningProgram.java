package book.ch01.echo;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Program;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server program running in the test's JVM on a virtual thread, as {@code java -jar} would
 * run it: the test reads the port from its "listening on" line and stops it with an interrupt,
 * as Ctrl-C would.
 */
public final class RunningProgram implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final int port;

    private RunningProgram(Function<PrintStream, Program> factory, String... args) throws Exception {
        Program program = factory.apply(new PrintStream(new LineSink(lines), true, StandardCharsets.UTF_8));
        CommandLine cmd = CommandLine.parse(program.name(), program.options(), args);
        thread = Thread.ofVirtual().name(program.name()).start(() -> {
            try {
                program.run(cmd);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();       // the way a server program is stopped
            } catch (Exception e) {
                lines.add("failed: " + e);
            }
        });
        String first = nextLine();
        Matcher m = LISTENING.matcher(first);
        if (!m.find()) {
            close();
            throw new AssertionError("expected a 'listening on' line, got: " + first);
        }
        port = Integer.parseInt(m.group(1));
    }

    public static RunningProgram start(Function<PrintStream, Program> factory, String... args) throws Exception {
        return new RunningProgram(factory, args);
    }

    public int port() {
        return port;
    }

    public String nextLine() throws InterruptedException {
        String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(line, "the program printed nothing within " + WAIT);
        return line;
    }

    /** Interrupts the program, as Ctrl-C would, and waits for it to end. */
    public void stop() throws InterruptedException {
        thread.interrupt();
        assertTrue(thread.join(WAIT), "the program did not stop within " + WAIT);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Turns what a program prints into lines. */
    private static final class LineSink extends OutputStream {
        private final BlockingQueue<String> lines;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(BlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
