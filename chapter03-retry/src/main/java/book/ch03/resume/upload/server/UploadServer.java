package book.ch03.resume.upload.server;

import book.ch03.idempotency.HttpExchanges;
import book.ch03.resume.range.RangeHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The resumable-upload server on loopback: {@link UploadHandler} for creation, HEAD and PATCH,
 * and {@link RangeHandler} to download a completed upload with range requests.
 */
public final class UploadServer implements AutoCloseable {

    /** The largest chunk one PATCH may carry, in bytes (8 MiB). */
    public static final long DEFAULT_MAX_CHUNK_BYTES = 8L << 20;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Uploads uploads;

    public UploadServer(int port, Path dir) throws IOException {
        this(port, new Uploads(dir, Uploads.DEFAULT_MAX_UPLOADS, Uploads.DEFAULT_MAX_UPLOAD_BYTES,
                new SecureRandom()), DEFAULT_MAX_CHUNK_BYTES);
    }

    public UploadServer(int port, Uploads uploads, long maxChunkBytes) throws IOException {
        this.uploads = uploads;
        UploadHandler tus = new UploadHandler(uploads, maxChunkBytes);
        RangeHandler download = new RangeHandler(uploads.completed());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/uploads", exchange -> {
            if (exchange.getRequestMethod().equals("GET")) {
                download.handle(exchange);
            } else {
                tus.handle(exchange);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    public Uploads uploads() {
        return uploads;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public URI uri(String path) {
        return HttpExchanges.uri(server.getAddress(), path);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        executor.close();
        uploads.close();
    }
}
