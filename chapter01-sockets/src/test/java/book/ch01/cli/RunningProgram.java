package book.ch01.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one of the chapter's programs on a thread of its own, as the launcher would, and lets
 * a test wait for lines of its output and stop it (an interrupt stands in for Ctrl-C).
 */
public final class RunningProgram implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    /** The program's output; every write wakes up the tests waiting for a line. */
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            notifyAll();
        }

        @Override
        public synchronized void write(int b) {
            super.write(b);
            notifyAll();
        }
    };
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Thread thread;
    private final CompletableFuture<Void> result = new CompletableFuture<>();

    private RunningProgram(Function<PrintStream, Program> factory, String... args) throws Exception {
        Program program = factory.apply(out);
        CommandLine cmd = CommandLine.parse(program.name(), program.options(), args);
        thread = Thread.ofPlatform().name(program.name()).start(() -> {
            try {
                program.run(cmd);
                result.complete(null);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                synchronized (bytes) {
                    bytes.notifyAll(); // wake a waiter: no more lines will come
                }
            }
        });
    }

    public static RunningProgram start(Function<PrintStream, Program> factory, String... args) throws Exception {
        return new RunningProgram(factory, args);
    }

    /** Waits for a line matching {@code regex} and returns its match. */
    public Matcher awaitLine(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (bytes) {
            while (true) {
                for (String line : lines()) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (result.isDone() || left <= 0) {
                    break; // ended or timed out without printing it
                }
                TimeUnit.NANOSECONDS.timedWait(bytes, left);
            }
        }
        throw new AssertionError("no line matching " + regex + " in:\n" + String.join("\n", lines())
                + (result.isCompletedExceptionally() ? "\nthe program failed: " + result.exceptionNow() : ""));
    }

    /** The port of its "listening on 127.0.0.1:PORT" line. */
    public int awaitPort() throws InterruptedException {
        return Integer.parseInt(awaitLine(LISTENING.pattern()).group(1));
    }

    /** Waits until the program ends by itself; rethrows what it failed with. */
    public void awaitEnd() throws Exception {
        try {
            result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    public List<String> lines() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Interrupts the program, as Ctrl-C would stop it, and waits until it has stopped. */
    public void stop() {
        thread.interrupt();
        try {
            thread.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping " + thread.getName(), e);
        }
        if (thread.isAlive()) {
            throw new AssertionError(thread.getName() + " did not stop within " + WAIT);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
