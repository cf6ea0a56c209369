/*
 * Unit "tls-client" of chapter 1 (copy these six files together: TlsContexts, TlsSettings,
 * HandshakeDeadline, TlsEchoClient, Lines, TlsFailure; they use the JDK alone).
 * This file: an SSLContext from a key store (optional) and a trust store.
 * Defaults: TLS 1.3 only, host-name verification on (endpoint identification "HTTPS"), SNI set,
 * connect 2 s, whole handshake 5 s, read 30 s, lines of at most 8 KiB. Trust is the set of CAs in
 * a PKCS12 trust store, validated by the JDK's PKIX code: there is no trust-all switch.
 * Limits: one line-based echo per connection at a time; not thread-safe per client.
 * Specified by: TlsEchoTest, TlsProgramsTest.
 */
package book.ch01.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds an {@link SSLContext} from PKCS12 stores: who we are (key store, optional for a client)
 * and whom we trust (trust store). The trust decision stays with the JDK's PKIX validation; the
 * only thing we choose is the set of trusted CAs. That is the whole alternative to a trust-all
 * manager.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    // tag::context[]
    /**
     * @param keyStore   our key and certificate chain (PKCS12), or {@code null} to present none
     * @param trustStore the CA certificates we accept peers from (PKCS12)
     * @param password   the stores' password (read it from a secret, never from the source)
     */
    public static SSLContext create(Path keyStore, Path trustStore, char[] password)
            throws IOException, GeneralSecurityException {
        KeyManager[] keyManagers = null;
        if (keyStore != null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX"); // picks a key by type and issuer
            kmf.init(load(keyStore, password), password);
            keyManagers = kmf.getKeyManagers();
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore, password)); // PKIX path validation against these CAs only
        SSLContext context = SSLContext.getInstance(TlsSettings.TLS_1_3);
        context.init(keyManagers, tmf.getTrustManagers(), null);
        return context;
    }

    /** Reads a PKCS12 store; a missing file is a {@link java.nio.file.NoSuchFileException} naming it. */
    public static KeyStore load(Path store, char[] password) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, password);
        }
        return keyStore;
    }
    // end::context[]

    /** A client context that presents no certificate. */
    public static SSLContext client(Path trustStore, char[] password) throws IOException, GeneralSecurityException {
        return create(null, trustStore, password);
    }
}
