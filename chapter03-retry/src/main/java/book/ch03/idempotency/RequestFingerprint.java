package book.ch03.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a request asked for, reduced to a SHA-256 of method, path and body. A replay is only
 * correct for the request that produced the stored response; the fingerprint is how the server
 * notices a key reused for a different request (a client bug) and refuses it instead of
 * answering with the result of some other operation.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    // tag::fingerprint[]
    public static String of(String method, String path, byte[] body) {
        MessageDigest sha256 = sha256();
        // The separator keeps ("POST", "/a" + "b") and ("POST", "/a", "b...") apart.
        sha256.update((method + '\n' + path + '\n').getBytes(StandardCharsets.UTF_8));
        sha256.update(body);
        return HexFormat.of().formatHex(sha256.digest());
    }
    // end::fingerprint[]

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
