package book.ch01.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Configures each HTTPS connection of a {@code jdk.httpserver} {@code HttpsServer}: TLS 1.3
 * only, and optionally a required client certificate. The default configurator would accept
 * whatever older protocol versions the JDK still enables.
 */
public final class Tls13HttpsConfigurator extends HttpsConfigurator {

    private final boolean requireClientCertificate;

    public Tls13HttpsConfigurator(SSLContext context, boolean requireClientCertificate) {
        super(context);
        this.requireClientCertificate = requireClientCertificate;
    }

    // tag::configure[]
    @Override
    public void configure(HttpsParameters params) {
        SSLParameters tls = getSSLContext().getDefaultSSLParameters();
        tls.setProtocols(new String[] {TlsSettings.TLS_1_3});
        tls.setNeedClientAuth(requireClientCertificate);
        params.setSSLParameters(tls);
    }
    // end::configure[]
}
