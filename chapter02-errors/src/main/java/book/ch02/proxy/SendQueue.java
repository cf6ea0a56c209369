package book.ch02.proxy;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How many bytes a socket has written that its peer has not yet acknowledged, read from Linux's
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6} (the {@code tx_queue} column), because Java
 * has no API for it. A reset (SO_LINGER 0) discards exactly those bytes, so a fault that
 * promises "deliver N bytes, then reset" waits for this to reach zero first. Empty where the
 * files do not exist (not Linux): the caller then waits a bounded time and says it could not
 * tell.
 */
final class SendQueue {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private SendQueue() {
    }

    /** Unacknowledged bytes of this connected socket, if the kernel tells. */
    static OptionalLong unacknowledged(Socket socket) {
        String local = String.format(Locale.ROOT, ":%04X", socket.getLocalPort());
        String remote = String.format(Locale.ROOT, ":%04X", socket.getPort());
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx_queue:rx_queue ...
                    if (f.length > 4 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                        return OptionalLong.of(Long.parseLong(f[4].substring(0, f[4].indexOf(':')), 16));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or a format we do not know: say nothing rather than guess
            }
        }
        return OptionalLong.empty();
    }
}
