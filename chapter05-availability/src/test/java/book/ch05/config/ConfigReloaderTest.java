package book.ch05.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A running client follows its file: good changes apply whole, bad ones are refused and the old configuration stays. */
@Timeout(30)
class ConfigReloaderTest {

    @TempDir
    Path dir;

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final ConfigReloader.Listener listener = new ConfigReloader.Listener() {
        @Override
        public void applied(ClientConfig previous, ClientConfig now) {
            events.add("applied " + now.timeout().toMillis() + "ms");
        }

        @Override
        public void rejected(String reason) {
            events.add("rejected " + reason);
        }
    };

    static String config(String timeout) {
        return ConfigParserTest.GOOD.replace("250ms", timeout);
    }

    /** Writes a whole file beside the target and renames it over, as a careful writer does. */
    void replace(Path file, String text) throws Exception {
        Path temp = Files.writeString(dir.resolve(".client.conf.tmp"), text);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The next event about the file, waiting at most 10 s (inotify reports within milliseconds). */
    String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no reload within 10 s");
        return e;
    }

    @Test
    void appliesAValidChangeWhileRunning() throws Exception {
        Path file = Files.writeString(dir.resolve("client.conf"), config("250ms"));
        try (var reloader = ConfigReloader.start(file, listener)) {
            replace(file, config("2s"));
            assertEquals("applied 2000ms", next());
            assertEquals(Duration.ofSeconds(2), reloader.current().timeout());
        }
    }

    @Test
    void rejectsABadFileWithItsReasonAndKeepsTheOldConfiguration() throws Exception {
        Path file = Files.writeString(dir.resolve("client.conf"), config("250ms"));
        try (var reloader = ConfigReloader.start(file, listener)) {
            replace(file, config("0ms"));
            assertEquals("rejected line 4: timeout '0ms' is out of range 1ms..3600s", next());
            assertEquals(Duration.ofMillis(250), reloader.current().timeout());
            replace(file, config("1s"));
            assertEquals("applied 1000ms", next());
        }
    }

    @Test
    void neverReadsAHalfWrittenFileAsWhole() throws Exception {
        Path file = Files.writeString(dir.resolve("client.conf"), config("250ms"));
        String whole = config("750ms");
        try (var reloader = ConfigReloader.start(file, listener)) {
            // An editor saving in place: the first half lands, the reloader sees it, then the rest.
            Files.writeString(file, whole.substring(0, whole.indexOf("timeout")));
            assertEquals("rejected no 'end' line: the file is incomplete (still being written?)", next());
            assertEquals(2, reloader.current().endpoints().size());
            Files.writeString(file, whole);
            String e;
            do {  // an in-place write can raise more than one event; the last applies the whole file
                e = next();
            } while (e.startsWith("rejected"));
            assertEquals("applied 750ms", e);
            assertEquals(Duration.ofMillis(750), reloader.current().timeout());
        }
    }

    @Test
    void aDeletedFileKeepsTheLastGoodConfiguration() throws Exception {
        Path file = Files.writeString(dir.resolve("client.conf"), config("250ms"));
        try (var reloader = ConfigReloader.start(file, listener)) {
            Files.delete(file);
            assertEquals("rejected client.conf is gone; keeping the last good configuration", next());
            assertEquals(Duration.ofMillis(250), reloader.current().timeout());
        }
    }

    @Test
    @SuppressWarnings("try") // the try keeps the reloader running; the body never reads it
    void otherFilesInTheFolderChangeNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("client.conf"), config("250ms"));
        try (var reloader = ConfigReloader.start(file, listener)) {
            Files.writeString(dir.resolve("notes.txt"), "not a configuration");
            replace(file, config("3s"));
            assertEquals("applied 3000ms", next());
            assertTrue(events.isEmpty(), events.toString());
        }
    }

    /** How a Kubernetes ConfigMap volume changes: a new folder, then a "..data" symlink swapped to it. */
    @Test
    void followsAConfigMapStyleSymlinkSwap() throws Exception {
        Files.createDirectory(dir.resolve("..v1"));
        Files.writeString(dir.resolve("..v1/client.conf"), config("250ms"));
        Files.createSymbolicLink(dir.resolve("..data"), dir.resolve("..v1").getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("client.conf"), Path.of("..data/client.conf"));
        try (var reloader = ConfigReloader.start(file, listener)) {
            Files.createDirectory(dir.resolve("..v2"));
            Files.writeString(dir.resolve("..v2/client.conf"), config("5s"));
            Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), dir.resolve("..v2").getFileName());
            Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertEquals("applied 5000ms", next());
            assertEquals(Duration.ofSeconds(5), reloader.current().timeout());
        }
    }

    @Test
    void refusesToStartOnABadFile() throws Exception {
        Path file = Files.writeString(dir.resolve("client.conf"), config("0ms"));
        assertEquals("line 4: timeout '0ms' is out of range 1ms..3600s",
                assertThrows(ConfigException.class, () -> ConfigReloader.start(file, listener)).getMessage());
    }
}
