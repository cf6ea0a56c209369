package book.ch01.tls;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One log line per TLS session of a {@code jdk.httpserver} {@code HttpsServer}: peer, protocol,
 * cipher and the client certificate's subject. The JDK's server gives no hook at the end of a
 * handshake, so the line is written at the session's first request (the session remembers
 * that it was logged); a handshake that fails never reaches a handler, and the client's error
 * is where that failure shows (the chapter's {@code tls-echo-server}, on raw sockets, logs both).
 */
final class HandshakeLog {

    private static final String LOGGED = "book.ch01.handshake-logged";

    private HandshakeLog() {
    }

    /** The same routes, each logging its exchange's TLS session the first time it sees it. */
    static Map<String, HttpHandler> around(Map<String, HttpHandler> routes, Consumer<String> log) {
        Map<String, HttpHandler> logged = new LinkedHashMap<>();
        routes.forEach((path, handler) -> logged.put(path, exchange -> {
            if (exchange instanceof HttpsExchange https) {
                SSLSession session = https.getSSLSession();
                synchronized (session) {
                    if (session.getValue(LOGGED) == null) {
                        session.putValue(LOGGED, Boolean.TRUE);
                        var peer = exchange.getRemoteAddress(); // the literal address: no name lookup
                        log.accept(line("/" + peer.getAddress().getHostAddress() + ":" + peer.getPort(), session));
                    }
                }
            }
            handler.handle(exchange);
        }));
        return logged;
    }

    static String line(String peer, SSLSession session) {
        return "handshake with " + peer + ": " + session.getProtocol() + " " + session.getCipherSuite()
                + ", client certificate " + clientSubject(session);
    }

    private static String clientSubject(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain[0] instanceof X509Certificate x509 ? x509.getSubjectX500Principal().getName() : "(not X.509)";
        } catch (SSLPeerUnverifiedException none) {
            return "none";
        }
    }
}
