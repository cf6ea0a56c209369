package book.ch04.ratelimit;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers 429 with Retry-After when the bucket is empty; lets the request through otherwise.
 *
 * Take it with you: server-side rate limiting for the JDK's HTTP server (RateLimitFilter.java
 * with TokenBucket.java; JDK only: java.base and jdk.httpserver).
 *
 * What it does: in front of every handler of a context, takes a permit from a TokenBucket; a
 * request that finds none is answered 429 Too Many Requests with Retry-After (whole seconds,
 * at least 1, rounded up from the bucket's own wait) and no body, before any handler runs.
 * The rejection costs a CAS and one header: far less than serving (see RateLimitBenchmark).
 * Defaults: none of its own; give it TokenBucket.defaults() or a bucket sized for the server.
 * Limits: one bucket for everybody. A server facing many clients keys buckets by client
 * (an API key, an account) so that one greedy client does not use up everyone's rate.
 * A 429 is pushback, not failure: the client did nothing wrong and the server did no work
 * (the book's table: transient, not processed, retry after Retry-After).
 * Specified by: RateLimitFilterTest.
 */
public final class RateLimitFilter extends Filter {

    private final TokenBucket bucket;
    private final LongAdder admitted = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    public RateLimitFilter(TokenBucket bucket) {
        if (bucket == null) {
            throw new IllegalArgumentException("bucket must not be null");
        }
        this.bucket = bucket;
    }

    // tag::filter[]
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (bucket.tryAcquire()) {
            admitted.increment();
            chain.doFilter(exchange);
            return;
        }
        rejected.increment();
        try (exchange) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds(bucket)));
            exchange.sendResponseHeaders(429, -1);            // -1: no body
        }
    }
    // end::filter[]

    /** The bucket's wait in whole seconds, rounded up, at least 1 (Retry-After: 0 brings everyone back at once). */
    static long retryAfterSeconds(TokenBucket bucket) {
        long nanos = bucket.timeUntil(1).toNanos();
        long seconds = nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);
        return Math.max(1, seconds);
    }

    @Override
    public String description() {
        return "answers 429 with Retry-After when the token bucket is empty";
    }

    public long admitted() {
        return admitted.sum();
    }

    public long rejected() {
        return rejected.sum();
    }
}
