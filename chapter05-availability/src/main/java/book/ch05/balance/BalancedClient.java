package book.ch05.balance;

import book.ch05.replica.ReplicaClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Sends each request to the host a {@link Balancer} picks, and releases the host when the
 * request ends, whatever the outcome: the {@code finally} is what keeps "requests in flight"
 * true for the state-based policies (a missed release makes a host look busy forever).
 */
public final class BalancedClient {

    private final Balancer balancer;
    private final List<InetSocketAddress> hosts;
    private final ReplicaClient client;

    public BalancedClient(Balancer balancer, List<InetSocketAddress> hosts, ReplicaClient client) {
        if (balancer.size() != hosts.size()) {
            throw new IllegalArgumentException("balancer chooses among " + balancer.size() + " hosts, not " + hosts.size());
        }
        this.balancer = balancer;
        this.hosts = List.copyOf(hosts);
        this.client = client;
    }

    // tag::call[]
    public ReplicaClient.Response get(long key, String path) throws IOException {
        int host = balancer.pick(key);
        try {
            return client.get(hosts.get(host), path);
        } finally {
            balancer.release(host);
        }
    }
    // end::call[]
}
