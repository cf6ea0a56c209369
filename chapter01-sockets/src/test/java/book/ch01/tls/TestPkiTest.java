package book.ch01.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test PKI holds what the TLS examples rely on. */
class TestPkiTest {

    private static final TestPki PKI = TestPki.shared();

    @Test
    void theServerCertificateNamesLocalhostAndTheLoopbackIpAndIsSignedByTheTestCa() throws Exception {
        KeyStore server = TestPki.load(PKI.serverKeyStore());
        assertEquals(List.of("server"), Collections.list(server.aliases()));
        X509Certificate leaf = (X509Certificate) server.getCertificateChain("server")[0];
        X509Certificate ca = (X509Certificate) TestPki.load(PKI.trustStore()).getCertificate("book-test-ca");

        assertEquals(List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1")), List.copyOf(leaf.getSubjectAlternativeNames()));
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        leaf.verify(ca.getPublicKey()); // throws unless the CA signed it
        assertTrue(ca.getBasicConstraints() >= 0, "the CA may sign certificates");
    }

    @Test
    void aCompleteDirectoryIsReusedNotRegenerated() throws Exception {
        var before = Files.getLastModifiedTime(PKI.serverKeyStore());
        TestPki again = TestPki.createIn(PKI.directory());
        assertEquals(before, Files.getLastModifiedTime(again.serverKeyStore()));
        assertTrue(Files.readString(again.caPem()).startsWith("-----BEGIN CERTIFICATE-----\n"));
    }
}
