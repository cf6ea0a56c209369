/*
 * Unit "tls-client" of chapter 1 (copy these six files together: TlsContexts, TlsSettings,
 * HandshakeDeadline, TlsEchoClient, Lines, TlsFailure; they use the JDK alone).
 * This file: a deadline on the whole handshake, not just each read of it.
 * Defaults: TLS 1.3 only, host-name verification on (endpoint identification "HTTPS"), SNI set,
 * connect 2 s, whole handshake 5 s, read 30 s, lines of at most 8 KiB. Trust is the set of CAs in
 * a PKCS12 trust store, validated by the JDK's PKIX code: there is no trust-all switch.
 * Limits: one line-based echo per connection at a time; not thread-safe per client.
 * Specified by: TlsEchoTest, TlsProgramsTest.
 */
package book.ch01.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

/**
 * Bounds a whole TLS handshake, not just each read of it. {@code SO_TIMEOUT} stops a peer that
 * says nothing, but one that sends its hello a byte at a time, each byte just inside the
 * timeout, would hold the connection and its slot for hours. At the deadline a watchdog (a
 * virtual thread, so one per handshake costs little) closes the socket, which makes the blocked
 * handshake fail at once.
 */
final class HandshakeDeadline {

    private HandshakeDeadline() {
    }

    // tag::handshake[]
    /** Runs the handshake; a {@link SocketTimeoutException} if the deadline passed first. */
    static void handshake(SSLSocket socket, Duration timeout) throws IOException {
        AtomicBoolean decided = new AtomicBoolean();    // set once: by the handshake or by the deadline
        Thread watchdog = Thread.ofVirtual().name("tls-handshake-deadline").start(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException handshakeOver) {
                Thread.currentThread().interrupt();     // the handshake ended first: nothing to do
                return;
            }
            if (decided.compareAndSet(false, true)) {
                closeQuietly(socket);                   // the blocked read inside startHandshake() fails now
            }
        });
        IOException failure = null;
        try {
            socket.startHandshake();
        } catch (IOException e) {
            failure = e;
        } finally {
            watchdog.interrupt();
        }
        if (!decided.compareAndSet(false, true)) {      // the deadline won, maybe as the handshake ended
            var late = new SocketTimeoutException("handshake not finished within " + timeout.toMillis() + " ms");
            if (failure != null) {
                late.addSuppressed(failure);            // "Socket closed": our own doing, kept for the record
            }
            throw late;
        }
        if (failure != null) {
            throw failure;
        }
    }
    // end::handshake[]

    private static void closeQuietly(SSLSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the descriptor is released either way
        }
    }
}
