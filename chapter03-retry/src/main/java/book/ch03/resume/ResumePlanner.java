package book.ch03.resume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Decides where an upload starts, trusting nothing it has not checked. A checkpoint is used
 * only if its checksum holds, it names this file at this length, the file's first bytes still
 * hash to what it recorded, the server still has the upload, and the server's bytes hash to
 * the file's. Then the upload resumes at the <em>server's</em> offset, which may be ahead of the
 * checkpoint (the server kept bytes whose confirmation was lost) or behind it (the server lost
 * some). Anything else starts a new upload, and the reason is reported.
 */
final class ResumePlanner {

    /**
     * Where to start.
     *
     * @param checkpoint   the checkpoint to continue from, at the server's offset
     * @param prefixDigest SHA-256 state after the file's first {@code checkpoint.offset()} bytes
     * @param serverDigest the server's SHA-256 of those bytes
     * @param reason       why, in words
     */
    record Start(Checkpoint checkpoint, MessageDigest prefixDigest, String serverDigest, String reason) { }

    private final TusClient tus;
    private final CheckpointFile file;

    ResumePlanner(TusClient tus, CheckpointFile file) {
        this.tus = tus;
        this.file = file;
    }

    // tag::plan[]
    Start plan(Path local) throws IOException, InterruptedException {
        String path = local.toAbsolutePath().toString();
        long length = Files.size(local);
        String why;
        try {
            Optional<Checkpoint> saved = file.load();
            if (saved.isEmpty()) {
                why = "no checkpoint";
            } else if (!saved.get().file().equals(path) || saved.get().length() != length) {
                why = "checkpoint is for another file or another length";
            } else if (!hex(digestOfPrefix(local, saved.get().offset())).equals(saved.get().prefixSha256())) {
                why = "local file changed since the checkpoint";
            } else {
                Checkpoint c = saved.get();
                Optional<TusClient.Progress> server = tus.head(c.uploadPath());
                if (server.isEmpty()) {
                    why = "server no longer has " + c.uploadPath();
                } else if (server.get().length() != length || server.get().offset() > length) {
                    why = "server's upload does not fit the file (" + server.get() + ")";
                } else {
                    long at = server.get().offset();
                    MessageDigest prefix = digestOfPrefix(local, at); // re-read from disk: cheaper than resending
                    if (hex(copy(prefix)).equals(server.get().prefixSha256())) {
                        return new Start(c.advancedTo(at, server.get().prefixSha256()), prefix,
                                server.get().prefixSha256(), "resumed at the server's offset " + at
                                + " (checkpoint said " + c.offset() + ")");
                    }
                    why = "server's first " + at + " bytes differ from the local file";
                }
            }
        } catch (CorruptCheckpointException e) {
            why = "checkpoint not trusted: " + e.getMessage();
        }
        Checkpoint fresh = new Checkpoint(path, length, tus.create(length), 0, hex(sha256()));
        file.save(fresh);
        return new Start(fresh, sha256(), hex(sha256()), "new upload: " + why);
    }
    // end::plan[]

    static MessageDigest digestOfPrefix(Path file, long count) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[Upload.BUFFER_BYTES];
            for (long left = count; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("file " + file + " is shorter than " + count + " bytes");
                }
                sha256.update(buffer, 0, n);
                left -= n;
            }
        }
        return sha256;
    }

    static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    private static String hex(MessageDigest digest) {
        return ResumableUploader.hex(copy(digest).digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
