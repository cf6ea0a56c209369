package book.ch01.capacity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ServerProcess} started as a child JVM with this JVM's class path, and the one-line
 * conversation with it: its port, then its footprint on request. Closing it ends the child's
 * input, which stops its server; a child that does not exit within the timeout is killed.
 */
final class ChildServer implements AutoCloseable {

    private final Process process;
    private final BufferedReader from;
    private final PrintStream to;
    private final Duration timeout;
    private final int port;

    private ChildServer(Process process, Duration timeout) throws IOException {
        this.process = process;
        this.timeout = timeout;
        this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.to = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = from.readLine();
        if (ready == null || !ready.startsWith(ServerProcess.READY)) {
            throw new IOException("the server process did not start (its first line: " + ready + ")");
        }
        this.port = Integer.parseInt(ready.substring(ServerProcess.READY.length()).trim());
    }

    static ChildServer start(EchoServerKind kind, int connections, Duration timeout) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ServerProcess.class.getName(), kind.name(), String.valueOf(connections))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            return new ChildServer(process, timeout);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** The child's footprint now: heap after GC, platform threads, resident memory. */
    ProcessFootprint footprint() throws IOException {
        to.println(ServerProcess.FOOTPRINT);
        String line = from.readLine();
        if (line == null) {
            throw new IOException("the server process ended (exit code " + process.exitValue() + ")");
        }
        String[] fields = line.trim().split(" ");
        return new ProcessFootprint(Long.parseLong(fields[0]), Integer.parseInt(fields[1]), Long.parseLong(fields[2]));
    }

    @Override
    public void close() throws IOException {
        to.close(); // end of input: the child closes its server and exits
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            from.close();
        }
    }
}
