package book.ch01.http;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How a {@link StatusAwareClient} talks to a server. The JDK's HttpClient has no request timeout
 * unless you set one, so these defaults put a bound on every phase.
 *
 * @param connectTimeout  how long to wait for the TCP (and TLS) connection to be set up
 * @param requestTimeout  how long the whole exchange may take, from sending to the last body byte
 * @param maxBodyBytes    the largest 2xx body the client accepts; a larger one is an error
 * @param excerptBytes    how much of a non-2xx body is kept for the diagnosis
 * @param sslContext      the trust and key material for HTTPS, or {@code null} for the JDK default
 */
public record HttpClientConfig(Duration connectTimeout, Duration requestTimeout,
                               int maxBodyBytes, int excerptBytes, SSLContext sslContext) {

    /** 2 s: a loopback or LAN connect takes well under a millisecond; seconds mean trouble. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** 10 s for the whole exchange. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** 1 MiB of 2xx body. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** 200 bytes of an error body: enough for a message, too little to flood a log. */
    public static final int DEFAULT_EXCERPT_BYTES = 200;

    public static final HttpClientConfig DEFAULTS = new HttpClientConfig(DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_BODY_BYTES, DEFAULT_EXCERPT_BYTES, null);

    public HttpClientConfig {
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0, not " + maxBodyBytes);
        }
        if (excerptBytes < 0) {
            throw new IllegalArgumentException("excerptBytes must be >= 0, not " + excerptBytes);
        }
    }

    public HttpClientConfig withConnectTimeout(Duration timeout) {
        return new HttpClientConfig(timeout, requestTimeout, maxBodyBytes, excerptBytes, sslContext);
    }

    public HttpClientConfig withRequestTimeout(Duration timeout) {
        return new HttpClientConfig(connectTimeout, timeout, maxBodyBytes, excerptBytes, sslContext);
    }

    public HttpClientConfig withMaxBodyBytes(int bytes) {
        return new HttpClientConfig(connectTimeout, requestTimeout, bytes, excerptBytes, sslContext);
    }

    public HttpClientConfig withExcerptBytes(int bytes) {
        return new HttpClientConfig(connectTimeout, requestTimeout, maxBodyBytes, bytes, sslContext);
    }

    public HttpClientConfig withSslContext(SSLContext context) {
        return new HttpClientConfig(connectTimeout, requestTimeout, maxBodyBytes, excerptBytes, context);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, not " + value);
        }
    }
}
