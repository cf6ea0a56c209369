package book.ch01.capacity;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The server side of {@code idle-connections} in a process of its own, so that each process
 * needs one file descriptor per connection, not two, and the footprint it reports is the
 * server's alone. Started by {@link IdleConnections} with the kind and the connection count;
 * prints {@code port N}, answers each {@code footprint} line on its input with
 * {@code HEAP THREADS RESIDENT}, and stops the server when its input ends.
 */
public final class ServerProcess {

    static final String READY = "port ";
    static final String FOOTPRINT = "footprint";

    private ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        EchoServerKind kind = EchoServerKind.valueOf(args[0]);
        int connections = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (EchoServerKind.Running server = kind.start(connections)) {
            out.println(READY + server.port());
            String line;
            while ((line = in.readLine()) != null && line.equals(FOOTPRINT)) {
                ProcessFootprint now = ProcessFootprint.now();
                out.println(now.heapBytes() + " " + now.platformThreads() + " " + now.residentBytes());
            }
        }
    }
}
