package book.ch01.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The JDK's own HTTP server ({@code jdk.httpserver}) on loopback, set up the way the book wants
 * every server: one virtual thread per exchange, every route behind the {@link ExchangeGuard}
 * (body limit, failures answered with a status), connections counted, and a graceful stop that
 * leaves no thread or connection behind. With an {@link HttpsConfigurator} it serves HTTPS.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoopbackHttpServer.class.getName());
    /** How long interrupted handlers get to unwind after the grace. */
    private static final long STRAGGLER_WAIT_MILLIS = 1000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConnectionTracker connections;
    private final InFlightExchanges inFlight = new InFlightExchanges();
    private final HttpServerConfig config;
    private final String scheme;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LoopbackHttpServer(Builder b) throws IOException {
        this.config = b.config;
        this.connections = new ConnectionTracker(b.onNewConnection);
        this.scheme = b.tls == null ? "http" : "https";
        // tag::start[]
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port);
        if (b.tls == null) {
            server = HttpServer.create(address, config.backlog());
        } else {
            HttpsServer https = HttpsServer.create(address, config.backlog());
            https.setHttpsConfigurator(b.tls);
            server = https;
        }
        executor = Executors.newVirtualThreadPerTaskExecutor(); // one cheap thread per exchange
        server.setExecutor(executor);
        ExchangeGuard guard = new ExchangeGuard(config.maxRequestBodyBytes());
        b.routes.forEach((path, handler) -> {
            HttpContext context = server.createContext(path, handler);
            context.getFilters().add(connections);
            context.getFilters().add(inFlight);
            context.getFilters().add(guard);
        });
        server.start();
        // end::start[]
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URI of a path on this server, e.g. {@code http://127.0.0.1:43817/hello}. */
    public URI uri(String pathAndQuery) {
        return URI.create(scheme + "://127.0.0.1:" + port() + pathAndQuery);
    }

    public int distinctConnections() {
        return connections.distinctConnections();
    }

    public long exchanges() {
        return connections.exchanges();
    }

    // tag::stop[]
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = false;
        try {
            // Lets the exchanges in handlers finish (each told Connection: close), up to the grace.
            if (!inFlight.drain(config.stopGrace())) {
                LOG.warning("exchanges still running after " + config.stopGrace() + " on port " + port());
            }
        } catch (InterruptedException e) {
            interrupted = true; // asked to hurry: skip the wait, still stop below
        }
        server.stop(0); // closes the listener and every connection now
        executor.shutdownNow(); // interrupts any handler that outlived the grace
        try {
            if (!executor.awaitTermination(STRAGGLER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warning("handlers ignored interruption on port " + port());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
    // end::stop[]

    /** Port 0 (any free port), {@link HttpServerConfig#DEFAULTS}, plain HTTP, no routes until added. */
    public static final class Builder {
        private int port;
        private HttpServerConfig config = HttpServerConfig.DEFAULTS;
        private HttpsConfigurator tls;
        private final Map<String, HttpHandler> routes = new LinkedHashMap<>();
        private Consumer<InetSocketAddress> onNewConnection = address -> { };

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        public Builder config(HttpServerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Serve HTTPS with this configurator's SSLContext and parameters. */
        public Builder tls(HttpsConfigurator tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        public Builder route(String path, HttpHandler handler) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/', not " + path);
            }
            routes.put(path, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        public Builder routes(Map<String, HttpHandler> more) {
            more.forEach(this::route);
            return this;
        }

        public Builder onNewConnection(Consumer<InetSocketAddress> listener) {
            this.onNewConnection = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Binds 127.0.0.1 and starts serving; the real port is {@link #port()}. */
        public LoopbackHttpServer start() throws IOException {
            if (routes.isEmpty()) {
                throw new IllegalStateException("a server needs at least one route");
            }
            return new LoopbackHttpServer(this);
        }
    }
}
