package book.ch01.echo;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Closing what the server is dropping anyway, where a failure to close leaves nothing to save. */
final class Quietly {

    private static final Logger LOG = Logger.getLogger(Quietly.class.getName());

    private Quietly() {
    }

    static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
