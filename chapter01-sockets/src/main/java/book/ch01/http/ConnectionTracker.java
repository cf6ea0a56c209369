package book.ch01.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts the distinct client connections a server has seen, told apart by the client's address
 * and port. It is how the book shows that a reused HttpClient sends many requests over one
 * connection while a client per request opens a connection each time.
 */
public final class ConnectionTracker extends Filter {

    private final Set<InetSocketAddress> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong exchanges = new AtomicLong();
    private final Consumer<InetSocketAddress> onNewConnection;

    /** @param onNewConnection told once for each client address/port seen for the first time */
    public ConnectionTracker(Consumer<InetSocketAddress> onNewConnection) {
        this.onNewConnection = Objects.requireNonNull(onNewConnection, "onNewConnection");
    }

    // tag::track[]
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchanges.incrementAndGet();
        InetSocketAddress client = exchange.getRemoteAddress(); // one address:port per TCP connection
        if (seen.add(client)) {
            onNewConnection.accept(client);
        }
        chain.doFilter(exchange);
    }
    // end::track[]

    /** Connections seen so far (an ephemeral port reused much later would count once). */
    public int distinctConnections() {
        return seen.size();
    }

    public long exchanges() {
        return exchanges.get();
    }

    @Override
    public String description() {
        return "counts distinct client connections";
    }
}
