package book.ch05.capstone;

import book.ch05.replica.ReplicaClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replicas as real operating-system processes: each a JVM running this jar's {@code replica}
 * program on 127.0.0.1, all sharing one ledger journal (their "database"). A kill is
 * {@link Process#destroyForcibly()}, which on Linux is SIGKILL: no shutdown hook runs, and the
 * kernel closes the process's sockets, as when a machine's process dies for real.
 */
final class ReplicaFleet implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Path ledger;
    private final List<String> extraArgs;
    private final List<String> names = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private ReplicaFleet(Path ledger, List<String> extraArgs) {
        this.ledger = ledger;
        this.extraArgs = extraArgs;
    }

    /** Starts {@code n} replicas named r1..rN and waits until each listens. */
    static ReplicaFleet start(int n, Path ledger, List<String> extraArgs) throws IOException, InterruptedException {
        ReplicaFleet fleet = new ReplicaFleet(ledger, List.copyOf(extraArgs));
        try {
            for (int i = 0; i < n; i++) {
                fleet.names.add("r" + (i + 1));
                fleet.ports.add(0);
                fleet.processes.add(null);
                fleet.launch(i, 0);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    private void launch(int i, int port) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "book.ch05.Main", "replica",
                "--name", names.get(i), "--port", Integer.toString(port), "--ledger", ledger.toString()));
        command.addAll(extraArgs);
        command.addAll(List.of("--seed", Integer.toString(i + 1)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.set(i, p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) { // read to the end: a full pipe would block it
                    int at = line.indexOf("listening on 127.0.0.1:");
                    if (at >= 0) {
                        listening.complete(Integer.parseInt(line.substring(at + 23).trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IOException(names.get(i) + " exited before listening"));
        });
        try {
            ports.set(i, listening.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw new IOException("replica " + names.get(i) + " did not start: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("replica " + names.get(i) + " did not listen within " + START_LIMIT.toSeconds() + " s");
        }
    }

    int size() {
        return names.size();
    }

    String name(int i) {
        return names.get(i);
    }

    InetSocketAddress address(int i) {
        return new InetSocketAddress("127.0.0.1", ports.get(i));
    }

    /** kill -9: the process dies at once, mid-request or not. */
    void kill(int i) throws InterruptedException {
        Process p = processes.get(i);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts a killed replica again on its old port. */
    void restart(int i) throws IOException, InterruptedException {
        launch(i, ports.get(i));
    }

    /** Changes a running replica's behaviour, e.g. {@code stall=true}. */
    void admin(int i, String query) throws IOException {
        var client = new ReplicaClient(Duration.ofSeconds(10), Duration.ofSeconds(10)); // not time-critical
        var answer = client.send(address(i), "POST", "/admin?" + query, Map.of(), "");
        if (answer.status() != 200) {
            throw new IOException(names.get(i) + " refused admin " + query + ": " + answer.status());
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            if (p != null) {
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
