package book.ch02.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway key material for the TLS failures, made with the JDK's own {@code keytool} the first
 * time it is asked for, held in memory for the rest of the JVM, and deleted from disk at once.
 * A private CA signs two server certificates (one for localhost, one for another name); a third,
 * self-signed certificate is one no client trusts. The client trusts the CA and nothing else, so
 * each failure has exactly one cause. (A trust-all TrustManager would hide every one of them.)
 */
public final class LoopbackCertificates {

    /** Who a TLS server claims to be. */
    public enum Identity {
        /** Signed by the CA, for dns:localhost and ip:127.0.0.1: the handshake succeeds. */
        LOCALHOST("CN=localhost", "san=dns:localhost,ip:127.0.0.1"),
        /** Signed by the CA, for another host name: fails host name verification. */
        WRONG_HOST("CN=other-host.example", "san=dns:other-host.example"),
        /** Self-signed, for localhost: the name is right but nobody vouches for it. */
        SELF_SIGNED("CN=localhost", "san=dns:localhost,ip:127.0.0.1");

        final String dname;
        final String san;

        Identity(String dname, String san) {
            this.dname = dname;
            this.san = san;
        }
    }

    /** Only guards throwaway keys that never leave memory. */
    private static final String PASSWORD = "chapter02";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 120;
    private static LoopbackCertificates instance;

    private final Map<Identity, KeyStore> identities;
    private final KeyStore trusted;

    private LoopbackCertificates(Map<Identity, KeyStore> identities, KeyStore trusted) {
        this.identities = identities;
        this.trusted = trusted;
    }

    /** The key material, generated once per JVM. */
    public static synchronized LoopbackCertificates get() throws IOException, InterruptedException {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    /** A server context presenting the given identity. */
    public SSLContext serverContext(Identity identity) throws GeneralSecurityException {
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identities.get(identity), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A client context that trusts the private CA and nothing else. */
    public SSLContext clientContext() throws GeneralSecurityException {
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    // tag::keytool[]
    private static LoopbackCertificates generate() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ch02-pki");
        try {
            runAll(dir, List.of(
                    keytool("ca", "-dname", "CN=Chapter 2 test CA", "-ext", "bc:c"),
                    keytool(Identity.SELF_SIGNED.name(), "-dname", Identity.SELF_SIGNED.dname,
                            "-ext", Identity.SELF_SIGNED.san)));
            List<List<String>> signed = new ArrayList<>();
            for (Identity id : List.of(Identity.LOCALHOST, Identity.WRONG_HOST)) {
                // -signer needs the CA's key in the same keystore: each identity starts from a copy
                Files.copy(dir.resolve("ca.p12"), dir.resolve(id.name() + ".p12"));
                signed.add(keytool(id.name(), "-signer", "ca", "-dname", id.dname, "-ext", id.san));
            }
            runAll(dir, signed);
            return load(dir);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the key material keytool made: " + e, e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** keytool -genkeypair into ALIAS.p12: EC keys (fast to make), valid two days, a JVM tuned to start fast. */
    private static List<String> keytool(String alias, String... more) {
        List<String> args = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-keystore", alias + ".p12", "-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
        args.addAll(List.of(more));
        return args;
    }
    // end::keytool[]

    private static LoopbackCertificates load(Path dir) throws IOException, GeneralSecurityException {
        Certificate ca = keyStore(dir, "ca").getCertificate("ca");
        var identities = new EnumMap<Identity, KeyStore>(Identity.class);
        for (Identity id : Identity.values()) {
            KeyStore own = keyStore(dir, id.name());
            PrivateKey key = (PrivateKey) own.getKey(id.name(), PASSWORD.toCharArray());
            KeyStore single = KeyStore.getInstance("PKCS12"); // this identity's key alone, nothing else
            single.load(null, null);
            single.setKeyEntry(id.name(), key, PASSWORD.toCharArray(), own.getCertificateChain(id.name()));
            identities.put(id, single);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", ca);
        return new LoopbackCertificates(identities, trusted);
    }

    private static KeyStore keyStore(Path dir, String alias) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(alias + ".p12"))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    /** Runs independent keytool commands side by side; each must succeed. */
    private static void runAll(Path dir, List<List<String>> commands) throws IOException, InterruptedException {
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            running.add(new ProcessBuilder(commands.get(i)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("keytool-" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < running.size(); i++) {
            Process p = running.get(i);
            if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                running.forEach(Process::destroyForcibly);
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s: " + commands.get(i));
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool failed (exit " + p.exitValue() + "): " + commands.get(i) + "\n"
                        + Files.readString(dir.resolve("keytool-" + i + ".log")));
            }
        }
    }
}
