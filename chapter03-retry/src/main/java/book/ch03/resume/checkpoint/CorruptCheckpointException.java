package book.ch03.resume.checkpoint;

import java.io.IOException;

/** A checkpoint file that cannot be trusted: truncated, bit-flipped or malformed. The message says which. */
public final class CorruptCheckpointException extends IOException {
    public CorruptCheckpointException(String message) {
        super(message);
    }
}
