package book.ch05.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a client's configuration in step with its file while the client runs: a
 * {@link WatchService} reports changes in the file's folder, and each change is read, validated
 * whole and only then swapped in. A file that does not validate is rejected with its reason and
 * the last good configuration stays: a typo in a reload must not take down a running service,
 * which is why a bad file at start (when there is no good one yet) refuses to start instead.
 *
 * <p>An editor that saves in place produces several change events and, between them, a
 * half-written file; the parser refuses that one (it has no {@code end} line) and the last event
 * applies the whole file. Renaming a finished file over the old one produces a single event.
 * Readers call {@link #current()} per request: one volatile read.
 *
 * <p>Specified by: ConfigParserTest, ConfigReloaderTest
 */
public final class ConfigReloader implements AutoCloseable {

    /** Told of each outcome of a reload, on the reloader's thread. */
    public interface Listener {
        void applied(ClientConfig previous, ClientConfig now);

        void rejected(String reason);
    }

    private final Path file;
    private final Listener listener;
    private final AtomicReference<ClientConfig> current;
    private final WatchService watcher;
    private final Thread thread;
    private volatile String lastRejection;

    private ConfigReloader(Path file, Listener listener, ClientConfig initial, WatchService watcher) {
        this.file = file;
        this.listener = listener;
        this.current = new AtomicReference<>(initial);
        this.watcher = watcher;
        this.thread = Thread.ofPlatform().name("config-reloader").daemon().unstarted(this::watch);
    }

    /** Reads the file (it must be valid: a client does not start on a bad configuration) and watches it. */
    public static ConfigReloader start(Path file, Listener listener) throws IOException, ConfigException {
        Path absolute = file.toAbsolutePath();
        ClientConfig initial = read(absolute);
        WatchService watcher = absolute.getFileSystem().newWatchService();
        try {
            absolute.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            watcher.close();
            throw e;
        }
        ConfigReloader reloader = new ConfigReloader(absolute, listener, initial, watcher);
        reloader.thread.start();
        return reloader;
    }

    /** The configuration in force. */
    public ClientConfig current() {
        return current.get();
    }

    // tag::reload[]
    /** Reads and applies the file now (also what a SIGHUP handler or an admin endpoint would call). */
    public void reload() {
        try {
            ClientConfig next = read(file);
            lastRejection = null;
            ClientConfig previous = current.getAndSet(next);
            if (!next.equals(previous)) {
                listener.applied(previous, next);
            }
        } catch (NoSuchFileException e) {
            reject(file.getFileName() + " is gone; keeping the last good configuration");
        } catch (IOException | ConfigException e) {
            reject(e.getMessage());
        }
    }

    /** Says why, once: the same bad file seen again by a later event is not news. */
    private void reject(String reason) {
        if (!reason.equals(lastRejection)) {
            lastRejection = reason;
            listener.rejected(reason);
        }
    }
    // end::reload[]

    static ClientConfig read(Path file) throws IOException, ConfigException {
        long size = Files.size(file);
        if (size > ConfigParser.MAX_BYTES) {
            throw new ConfigException("file of " + size + " bytes exceeds the " + ConfigParser.MAX_BYTES + "-byte limit");
        }
        return ConfigParser.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    // tag::watch[]
    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                // Any event in the folder re-reads the file: a Kubernetes ConfigMap changes by
                // swapping a "..data" symlink, so the event names that link, never our file.
                // Reading an unchanged file is harmless: equal configurations are not applied.
                boolean ours = !key.pollEvents().isEmpty();
                key.reset();
                if (ours) {
                    reload();
                }
            }
        } catch (ClosedWatchServiceException e) {
            // close() was called: done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
    // end::watch[]

    @Override
    public void close() throws IOException {
        watcher.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
