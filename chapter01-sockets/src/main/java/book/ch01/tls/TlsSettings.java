/*
 * Unit "tls-client" of chapter 1 (copy these six files together: TlsContexts, TlsSettings,
 * HandshakeDeadline, TlsEchoClient, Lines, TlsFailure; they use the JDK alone).
 * This file: the timeouts and limits, validated, with their defaults.
 * Defaults: TLS 1.3 only, host-name verification on (endpoint identification "HTTPS"), SNI set,
 * connect 2 s, whole handshake 5 s, read 30 s, lines of at most 8 KiB. Trust is the set of CAs in
 * a PKCS12 trust store, validated by the JDK's PKIX code: there is no trust-all switch.
 * Limits: one line-based echo per connection at a time; not thread-safe per client.
 * Specified by: TlsEchoTest, TlsProgramsTest.
 */
package book.ch01.tls;

import java.time.Duration;

/**
 * The timeouts and limits of the TLS echo server and client. TLS adds round trips and CPU work
 * before the first byte of data, so the handshake gets a deadline of its own: a peer that
 * connects and never says hello must not hold a thread forever.
 *
 * @param connectTimeout   how long the TCP connect may take
 * @param handshakeTimeout how long the TLS handshake may take
 * @param readTimeout      how long a read may wait for the peer once connected
 * @param maxLineBytes     the longest echo line accepted
 * @param maxConnections   connections the server serves at once; more are closed at accept
 * @param maxConnectionAge how long the server keeps one connection, however busy: the read
 *                         timeout bounds silence only, so a client that sends a line just inside
 *                         it would otherwise keep its slot for ever
 */
public record TlsSettings(Duration connectTimeout, Duration handshakeTimeout, Duration readTimeout,
                          int maxLineBytes, int maxConnections, Duration maxConnectionAge) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** 5 s: a loopback handshake takes milliseconds; a LAN one, tens of them. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    /** One hour, as for the chapter's blocking server: long for an echo, short for a squatter. */
    public static final Duration DEFAULT_MAX_CONNECTION_AGE = Duration.ofHours(1);

    public static final TlsSettings DEFAULTS = new TlsSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT,
            DEFAULT_READ_TIMEOUT, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTION_AGE);

    /** The only protocol the book's TLS code enables. */
    public static final String TLS_1_3 = "TLSv1.3";

    public TlsSettings {
        positive("connectTimeout", connectTimeout);
        positive("handshakeTimeout", handshakeTimeout);
        positive("readTimeout", readTimeout);
        if (maxConnectionAge == null || maxConnectionAge.isNegative() || maxConnectionAge.isZero()) {
            throw new IllegalArgumentException("maxConnectionAge must be > 0, not " + maxConnectionAge);
        }
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1, not " + maxLineBytes);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, not " + maxConnections);
        }
    }

    public TlsSettings withHandshakeTimeout(Duration timeout) {
        return new TlsSettings(connectTimeout, timeout, readTimeout, maxLineBytes, maxConnections, maxConnectionAge);
    }

    public TlsSettings withMaxConnectionAge(Duration age) {
        return new TlsSettings(connectTimeout, handshakeTimeout, readTimeout, maxLineBytes, maxConnections, age);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be > 0 and fit in int milliseconds, not " + value);
        }
    }
}
