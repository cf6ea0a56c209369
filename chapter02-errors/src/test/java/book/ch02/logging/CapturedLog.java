package book.ch02.logging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/** A java.util.logging logger of its own, writing JSON lines into memory, for one test. */
final class CapturedLog implements AutoCloseable {

    private final String name;
    private final Logger jul; // held: JUL keeps loggers only weakly
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StreamHandler handler;

    CapturedLog(String name) {
        this.name = name;
        this.jul = Logger.getLogger(name);
        this.handler = new StreamHandler(bytes, new JsonLineFormatter());
        handler.setLevel(Level.ALL);
        jul.setLevel(Level.ALL);
        jul.setUseParentHandlers(false); // nothing on the console, nothing counted twice
        jul.addHandler(handler);
    }

    /** The same logger seen through the JDK's System.Logger facade, as main code uses it. */
    System.Logger systemLogger() {
        return System.getLogger(name);
    }

    List<String> lines() {
        handler.flush();
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Override
    public void close() {
        jul.removeHandler(handler);
        handler.close();
    }
}
