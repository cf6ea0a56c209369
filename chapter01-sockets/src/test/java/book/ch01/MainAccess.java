package book.ch01;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Lets tests in other packages run the launcher as a user would, capturing what it prints. */
public final class MainAccess {

    private MainAccess() {
    }

    public static int run(String[] args, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
