package book.ch01.http;

import java.time.Duration;

/**
 * The limits of a {@link LoopbackHttpServer}: how large a request body may be, how long a
 * graceful stop waits for exchanges in flight, and the accept backlog. The defaults are what a
 * small internal service would ship with; every value is checked so a typo fails at start-up,
 * not under load.
 *
 * @param maxRequestBodyBytes the largest request body a handler may read; a larger one is
 *                            answered with 413 before the handler sees it
 * @param stopGrace           how long {@code close()} lets running exchanges finish before
 *                            their connections are closed
 * @param backlog             connections the kernel may queue before the server accepts them
 */
public record HttpServerConfig(long maxRequestBodyBytes, Duration stopGrace, int backlog) {

    /** 1 MiB: generous for JSON and forms, far below what would hurt a heap. */
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 1024 * 1024;
    /** 2 s: enough for a quick exchange to finish; a stop returns as soon as nothing is running. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(2);
    /** 64 queued connections. */
    public static final int DEFAULT_BACKLOG = 64;

    public static final HttpServerConfig DEFAULTS =
            new HttpServerConfig(DEFAULT_MAX_REQUEST_BODY_BYTES, DEFAULT_STOP_GRACE, DEFAULT_BACKLOG);

    public HttpServerConfig {
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be >= 0, not " + maxRequestBodyBytes);
        }
        if (stopGrace == null || stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must be >= 0, not " + stopGrace);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be >= 1, not " + backlog);
        }
    }

    public HttpServerConfig withMaxRequestBodyBytes(long bytes) {
        return new HttpServerConfig(bytes, stopGrace, backlog);
    }

    public HttpServerConfig withStopGrace(Duration grace) {
        return new HttpServerConfig(maxRequestBodyBytes, grace, backlog);
    }
}
