package book.ch03.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The checks a program makes on its free-text options before it does any work: a file it will
 * write goes into a folder that exists and is writable, a directory is a directory, a URL path
 * is a path. Each failure is a one-line {@link UsageException} naming the option and the value
 * as typed, so a program never runs a long sweep (or opens an upload) only to fail at the end.
 */
public final class ProgramChecks {

    private ProgramChecks() {
    }

    /** A file the program will create or replace: its folder must exist and be writable. */
    public static Path writableFile(String option, String value) throws UsageException {
        Path path = path(option, value);
        if (Files.isDirectory(path)) {
            throw new UsageException("option --" + option + " '" + value + "' is a directory, not a file");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("option --" + option + " '" + value + "': folder " + parent + " does not exist");
        }
        if (!Files.isWritable(parent)) {
            throw new UsageException("option --" + option + " '" + value + "': folder " + parent + " is not writable");
        }
        return path;
    }

    /** A file the program reads: it must exist and be a regular, readable file. */
    public static Path readableFile(String option, String value) throws UsageException {
        Path path = path(option, value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UsageException("option --" + option + " '" + value + "' is not a readable file");
        }
        return path;
    }

    /** A directory the program keeps its files in: a writable directory, or one it can create. */
    public static Path directory(String option, String value) throws UsageException {
        Path path = path(option, value);
        if (Files.exists(path)) {
            if (!Files.isDirectory(path)) {
                throw new UsageException("option --" + option + " '" + value + "' is not a directory");
            }
            if (!Files.isWritable(path)) {
                throw new UsageException("option --" + option + " '" + value + "' is not writable");
            }
            return path;
        }
        writableFile(option, value); // created by the program: its parent must take it
        return path;
    }

    /** The path part of an http URL: starts with '/', and is a valid URI path (no spaces, no host). */
    public static String urlPath(String option, String value) throws UsageException {
        if (!value.startsWith("/") || value.startsWith("//")) {
            throw new UsageException("option --" + option + " '" + value + "' is not a URL path such as /uploads/ID");
        }
        try {
            URI uri = new URI("http://127.0.0.1" + value);
            if (uri.getRawFragment() != null) {
                throw new URISyntaxException(value, "a fragment is never sent");
            }
        } catch (URISyntaxException e) {
            throw new UsageException("option --" + option + " '" + value + "' is not a valid URL path: " + e.getReason());
        }
        return value;
    }

    private static Path path(String option, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException("option --" + option + " '" + value + "' is empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("option --" + option + " '" + value + "' is not a path: " + e.getReason());
        }
    }
}
