package book.ch03.resume.upload.client;

import book.ch03.resume.checkpoint.Checkpoint;
import book.ch03.resume.checkpoint.CheckpointFile;
import book.ch03.resume.checkpoint.CorruptCheckpointException;
import book.ch03.resume.files.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
            } else if (!Sha256.hexSoFar(Sha256.ofPrefix(local, saved.get().offset())).equals(saved.get().prefixSha256())) {
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
                    MessageDigest prefix = Sha256.ofPrefix(local, at); // re-read from disk: cheaper than resending
                    if (Sha256.hexSoFar(prefix).equals(server.get().prefixSha256())) {
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
        Checkpoint fresh = new Checkpoint(path, length, tus.create(length), 0, Sha256.hexSoFar(Sha256.newDigest()));
        file.save(fresh);
        return new Start(fresh, Sha256.newDigest(), Sha256.hexSoFar(Sha256.newDigest()), "new upload: " + why);
    }
    // end::plan[]
}
