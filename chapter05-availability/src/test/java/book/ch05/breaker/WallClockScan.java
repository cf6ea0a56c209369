package book.ch05.breaker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Shows a package never reads the wall clock: none of its sources names a wall-clock API. */
public final class WallClockScan {

    static final List<String> WALL_CLOCK = List.of("currentTimeMillis", "Instant.now", "Clock.system", "InstantSource",
            "new Date(", "LocalDateTime.now", "ZonedDateTime.now", "OffsetDateTime.now");

    private WallClockScan() {
    }

    /** Whether any main source of {@code book.ch05.PACKAGE} names a wall-clock API. */
    public static boolean readsTheWallClock(String pkg) {
        Path dir = Path.of("src/main/java/book/ch05", pkg);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no sources at " + dir.toAbsolutePath());
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    String text = Files.readString(f);
                    return WALL_CLOCK.stream().anyMatch(text::contains);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
