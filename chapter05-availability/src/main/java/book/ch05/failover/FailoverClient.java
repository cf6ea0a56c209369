package book.ch05.failover;

import book.ch05.hedge.RetryBudget;
import book.ch05.replica.ReplicaClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A client of a primary and its backups: it sends to the endpoint the {@link FailoverSelector}
 * chooses, reports every outcome to it, and when a request fails in a way the book's
 * {@link RetryTable} allows, moves it once to another endpoint that is up, paying for the move
 * from the {@link RetryBudget} it shares with hedges and retries.
 *
 * <p>The rule that matters: a request that may already have acted on the primary (it was sent,
 * and the primary died before answering) is moved only if it is idempotent or carries its
 * idempotency key, which the backup, sharing the primary's store, recognises and replays. A
 * keyless POST in that state is reported to the caller, never repeated.
 */
public final class FailoverClient {

    private final List<InetSocketAddress> endpoints;
    private final FailoverSelector selector;
    private final ReplicaClient client;
    private final RetryBudget budget;

    public FailoverClient(List<InetSocketAddress> endpoints, FailoverSelector selector, ReplicaClient client, RetryBudget budget) {
        if (endpoints.size() != selector.endpoints()) {
            throw new IllegalArgumentException("selector knows " + selector.endpoints() + " endpoints, not " + endpoints.size());
        }
        this.endpoints = List.copyOf(endpoints);
        this.selector = selector;
        this.client = client;
        this.budget = budget;
    }

    /** Sends one request; {@code headers} carrying {@code Idempotency-Key} make a non-idempotent one movable. */
    public ReplicaClient.Response send(String method, String path, Map<String, String> headers, String body) throws IOException {
        boolean idempotent = method.equals("GET") || method.equals("HEAD") || method.equals("PUT") || method.equals("DELETE");
        boolean keyed = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Idempotency-Key"));
        budget.onRequest();
        int first = selector.current();
        RetryTable.Verdict verdict;
        ReplicaClient.Response response = null;
        IOException failure = null;
        try {
            response = client.send(endpoints.get(first), method, path, headers, body);
            verdict = RetryTable.of(response.status());
        } catch (IOException e) {
            failure = e;
            verdict = RetryTable.of(e);
        }
        // tag::move[]
        if (verdict == null || response != null && response.status() < 500) {
            selector.recordSuccess(first); // the endpoint is alive, even if it said 4xx
            return response;
        }
        selector.recordFailure(first);
        int other = selector.alternativeTo(first);
        if (other < 0 || !verdict.allowsRetry(idempotent, keyed) || !budget.tryWithdraw()) {
            if (failure != null) {
                throw failure; // may have acted: moving it could act twice
            }
            return response;
        }
        try {
            ReplicaClient.Response moved = client.send(endpoints.get(other), method, path, headers, body);
            if (moved.status() >= 500) {
                selector.recordFailure(other);
            } else {
                selector.recordSuccess(other);
            }
            return moved;
        } catch (IOException e) {
            selector.recordFailure(other);
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        // end::move[]
    }

    /** One active health check of every endpoint: what brings a recovered primary back. */
    public void checkAll() {
        for (int i = 0; i < endpoints.size(); i++) {
            boolean ok;
            try {
                ok = client.get(endpoints.get(i), "/health").status() == 200;
            } catch (IOException e) {
                ok = false;
            }
            if (ok) {
                selector.recordSuccess(i);
            } else {
                selector.recordFailure(i);
            }
        }
    }
}
