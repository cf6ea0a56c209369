package book.ch01.tls;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The options every TLS server program of the chapter takes, and where its test PKI goes. */
final class TlsServerOptions {

    static final List<Option> OPTIONS = List.of(
            Option.port("port", "0", "port to listen on (0: any free port)"),
            Option.flag("mtls", "require a client certificate signed by the test CA"),
            Option.text("pki-dir", "DIR", null, "where to make (or reuse) the test PKI (default: a new temp dir)"));

    private TlsServerOptions() {
    }

    /** The directory named by {@code --pki-dir}, or a new temporary one. */
    static Path pkiDir(CommandLine cmd) throws IOException {
        String dir = cmd.string("pki-dir");
        return dir == null ? Files.createTempDirectory("book-test-pki-") : Path.of(dir);
    }
}
