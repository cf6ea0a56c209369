package book.ch01.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * TEST-ONLY key material: a small PKI made with the JDK's own {@code keytool}, so the book's TLS
 * examples run with real certificates and hostname verification on, and nothing is disabled
 * "just for tests". The password is public and the CA's private key lies next to the
 * certificates: never use these files for anything but loopback experiments.
 *
 * <p>It makes a trusted root CA; a server certificate for {@code localhost} / {@code 127.0.0.1},
 * a client certificate and a server certificate for {@code wrong.example}, all signed by that CA;
 * and a second, untrusted CA with a server certificate of its own. Each key ends up alone in its
 * PKCS12 store, next to a trust store holding only the trusted CA and the CA as PEM (for
 * {@code openssl s_client} and {@code curl --cacert}). keytool takes about half a second per run,
 * so {@link #shared()} makes the set once per JVM.
 */
public final class TestPki {

    /** The password of every store here. Public on purpose: this is test material. */
    public static final char[] PASSWORD = "changeit".toCharArray();

    private static final String CA_DNAME = "CN=Book Test Root CA, O=Resilient Network Programming";
    private static final String UNTRUSTED_CA_DNAME = "CN=Untrusted Test CA, O=Somebody Else";
    private static final String[] FILES = {"ca.p12", "untrusted-ca.p12", "truststore.p12", "ca.pem",
            "server.p12", "client.p12", "wrong-host.p12", "untrusted-server.p12"};

    private static TestPki shared;

    private final Path dir;
    private final Keytool keytool;

    private TestPki(Path dir) {
        this.dir = dir;
        this.keytool = new Keytool(dir, PASSWORD);
    }

    /** The PKI of this JVM, made on first use in a temporary directory deleted at exit. */
    public static synchronized TestPki shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("book-test-pki-");
                dir.toFile().deleteOnExit(); // registered first, so deleted after its files
                for (String file : FILES) {
                    dir.resolve(file).toFile().deleteOnExit();
                }
                shared = createIn(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("could not make the test PKI", e);
            }
        }
        return shared;
    }

    /** Makes the PKI in {@code dir}, or reuses the one a previous run left complete there. */
    public static TestPki createIn(Path dir) throws IOException {
        TestPki pki = new TestPki(dir);
        if (pki.complete()) {
            return pki;
        }
        Files.createDirectories(dir);
        for (String file : FILES) {
            Files.deleteIfExists(dir.resolve(file));
        }
        pki.generate();
        return pki;
    }

    public Path directory() {
        return dir;
    }

    /** The trusted CA's certificate in PEM, for openssl and curl. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** Only the trusted CA's certificate: what clients and an mTLS server trust. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** The server's key and chain for localhost and 127.0.0.1, signed by the trusted CA. */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** A client's key and chain, signed by the trusted CA, for mutual TLS. */
    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /** A server key whose certificate, signed by the trusted CA, names only wrong.example. */
    public Path wrongHostKeyStore() {
        return dir.resolve("wrong-host.p12");
    }

    /** A server key for localhost whose certificate comes from a CA nobody here trusts. */
    public Path untrustedServerKeyStore() {
        return dir.resolve("untrusted-server.p12");
    }

    public static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    private boolean complete() {
        for (String file : FILES) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                return false;
            }
        }
        return true;
    }

    // tag::generate[]
    private void generate() throws IOException {
        Path ca = dir.resolve("ca.p12");
        Path other = dir.resolve("untrusted-ca.p12");
        inParallel(List.of(
                () -> rootCa(ca, CA_DNAME),
                () -> rootCa(other, UNTRUSTED_CA_DNAME)));
        inParallel(List.of( // each leaf is signed in a copy of its CA's store, so the runs can overlap
                () -> leaf(ca, serverKeyStore(), "CN=localhost", "dns:localhost,ip:127.0.0.1", "serverAuth"),
                () -> leaf(ca, clientKeyStore(), "CN=book-client", null, "clientAuth"),
                () -> leaf(ca, wrongHostKeyStore(), "CN=wrong.example", "dns:wrong.example", "serverAuth"),
                () -> leaf(other, untrustedServerKeyStore(), "CN=localhost", "dns:localhost,ip:127.0.0.1", "serverAuth")));
        writeTrust(ca);
    }

    private void rootCa(Path store, String dname) throws IOException {
        keytool.run(store, "-genkeypair", "-alias", "ca", "-dname", dname, "-validity", "3650",
                "-ext", "BasicConstraints:critical=ca:true", "-ext", "KeyUsage:critical=keyCertSign,cRLSign");
    }

    /** A key pair whose certificate the CA signs at once (keytool -signer, JDK 18+), then alone in {@code target}. */
    private void leaf(Path caStore, Path target, String dname, String san, String usage) throws IOException {
        String alias = target.getFileName().toString().replace(".p12", "");
        Path work = dir.resolve("work-" + alias + ".p12");
        Files.copy(caStore, work, StandardCopyOption.REPLACE_EXISTING);
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-dname", dname,
                "-validity", "825", "-signer", "ca", "-signerkeypass", new String(PASSWORD),
                "-ext", "BasicConstraints:critical=ca:false", "-ext", "KeyUsage:critical=digitalSignature",
                "-ext", "ExtendedKeyUsage=" + usage));
        if (san != null) {
            args.addAll(List.of("-ext", "SubjectAlternativeName=" + san));
        }
        try {
            keytool.run(work, args.toArray(String[]::new));
            saveKey(load(work), alias, target); // without the CA's key that signed it
        } catch (GeneralSecurityException e) {
            throw new IOException("could not read " + work, e);
        } finally {
            Files.deleteIfExists(work);
        }
    }
    // end::generate[]

    /** The trust store (the trusted CA's certificate, nothing else) and the same certificate as PEM. */
    private void writeTrust(Path ca) throws IOException {
        try {
            Certificate caCert = load(ca).getCertificate("ca");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("book-test-ca", caCert);
            save(trust, trustStore());
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(caCert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(caPem(), pem, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not write the trust store in " + dir, e);
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    /** Runs the steps at once, each on its own virtual thread, and fails with the first failure. */
    private static void inParallel(List<Step> steps) throws IOException {
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (Step step : steps) {
                running.add(parallel.submit(() -> {
                    step.run();
                    return null;
                }));
            }
            for (Future<?> step : running) {
                step.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the test PKI", e);
        }
    }

    private static void saveKey(KeyStore from, String alias, Path to) throws IOException, GeneralSecurityException {
        KeyStore.ProtectionParameter protection = new KeyStore.PasswordProtection(PASSWORD);
        KeyStore alone = KeyStore.getInstance("PKCS12");
        alone.load(null, null);
        alone.setEntry(alias, from.getEntry(alias, protection), protection);
        save(alone, to);
    }

    private static void save(KeyStore store, Path to) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(to)) {
            store.store(out, PASSWORD);
        }
    }
}
