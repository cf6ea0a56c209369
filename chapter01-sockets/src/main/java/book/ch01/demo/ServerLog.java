package book.ch01.demo;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Puts what the chapter's servers log (through {@code java.util.logging}) into the demo's
 * timeline, where the reader can see it next to what the client saw, instead of on stderr in
 * another format. The servers' own words, "closing /127.0.0.1:PORT: ...", are the point of
 * several acts. Closing it gives the console its log back.
 */
final class ServerLog extends Handler implements AutoCloseable {

    /** The parent logger of every server in the chapter. */
    static final String CHAPTER_LOGGER = "book.ch01";

    private final Logger logger;                    // held strongly: the JDK keeps loggers weakly
    private final Narrator narrator;
    private final boolean usedParentHandlers;

    private ServerLog(Logger logger, Narrator narrator) {
        this.logger = logger;
        this.narrator = narrator;
        this.usedParentHandlers = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    static ServerLog into(Narrator narrator) {
        return new ServerLog(Logger.getLogger(CHAPTER_LOGGER), narrator);
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            narrator.say("server log: " + record.getMessage());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(usedParentHandlers);
    }
}
