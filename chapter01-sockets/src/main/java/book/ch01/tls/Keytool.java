package book.ch01.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code keytool} of the JDK we are running on, on one PKCS12 store, with EC P-256
 * keys. It never waits for an answer on stdin, never runs longer than a minute, and a failure
 * carries keytool's own words.
 */
final class Keytool {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path workDir;
    private final String password;

    Keytool(Path workDir, char[] password) {
        this.workDir = workDir;
        this.password = new String(password);
    }

    void run(Path store, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC")); // a short-lived JVM: start fast
        args.addAll(List.of(command));
        args.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", password, "-keypass", password, "-noprompt"));
        Path log = Files.createTempFile(workDir, "keytool-", ".log");
        try {
            Process process = new ProcessBuilder(args).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close(); // an empty stdin: keytool never waits for an answer
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool " + command[0] + " took over " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", command) + " failed (exit "
                        + process.exitValue() + "): " + Files.readString(log).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
