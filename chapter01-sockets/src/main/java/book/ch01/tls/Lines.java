/*
 * Unit "tls-client" of chapter 1 (copy these six files together: TlsContexts, TlsSettings,
 * HandshakeDeadline, TlsEchoClient, Lines, TlsFailure; they use the JDK alone).
 * This file: reading and writing one bounded line.
 * Defaults: TLS 1.3 only, host-name verification on (endpoint identification "HTTPS"), SNI set,
 * connect 2 s, whole handshake 5 s, read 30 s, lines of at most 8 KiB. Trust is the set of CAs in
 * a PKCS12 trust store, validated by the JDK's PKIX code: there is no trust-all switch.
 * Limits: one line-based echo per connection at a time; not thread-safe per client.
 * Specified by: TlsEchoTest, TlsProgramsTest.
 */
package book.ch01.tls;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The echo protocol's framing: UTF-8 text lines ending in {@code \n}, each at most a fixed
 * number of bytes. Reading stops at the limit, so a peer that never sends a newline cannot
 * make us buffer without end.
 */
final class Lines {

    private Lines() {
    }

    /** Thrown when a line runs past the limit; the message names the limit. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int limit) {
            super("line exceeds the " + limit + "-byte limit");
        }
    }

    /** The next line without its {@code \n}, or {@code null} at a clean end of stream. Give it a buffered stream. */
    static String read(InputStream in, int maxBytes) throws IOException {
        byte[] line = new byte[Math.min(maxBytes, 256)];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (length == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line after " + length + " bytes");
            }
            if (b == '\n') {
                return new String(line, 0, length, StandardCharsets.UTF_8);
            }
            if (length == maxBytes) {
                throw new LineTooLongException(maxBytes);
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(maxBytes, line.length * 2));
            }
            line[length++] = (byte) b;
        }
    }

    static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
