package book.ch01.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's limit on open files, which is also its limit on sockets: every connection is
 * a file descriptor, so a server that holds many connections meets this limit long before it
 * runs out of memory. Read from {@code /proc/self/limits} (Linux); elsewhere unknown.
 */
public final class FileDescriptorLimit {

    private static final Path LIMITS = Path.of("/proc/self/limits");

    private FileDescriptorLimit() {
    }

    /** The soft limit ("Max open files"), or empty when it cannot be read or is unlimited. */
    public static OptionalLong soft() {
        try {
            return Files.isReadable(LIMITS) ? parse(Files.readString(LIMITS)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Parses the text of {@code /proc/self/limits}: "Max open files  20000  20000  files". */
    static OptionalLong parse(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
            }
        }
        return OptionalLong.empty();
    }

    /** The message for "not enough descriptors": what is needed, the limit, and what to do. */
    static String tooLow(int connections, int perConnection, long limit) {
        long needed = IdleConnections.descriptorsNeeded(connections, perConnection);
        String where = perConnection == 2 ? "client and server ends are both in this process"
                : "one per connection in each of the client and server processes";
        return connections + " connections need about " + needed + " file descriptors (" + where
                + "), but this process may open only " + limit
                + " (Max open files in /proc/self/limits); raise it with 'ulimit -n " + needed
                + "' in this shell, or ask for fewer with --connections "
                + Math.max(1, (limit - IdleConnections.DESCRIPTOR_HEADROOM) / perConnection);
    }
}
