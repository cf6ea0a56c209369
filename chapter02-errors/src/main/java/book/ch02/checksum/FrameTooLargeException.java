package book.ch02.checksum;

import java.net.ProtocolException;

/**
 * A frame header announced more bytes than the reader accepts. Thrown before any buffer is
 * allocated, so a corrupt or hostile length cannot make the reader allocate gigabytes.
 */
public final class FrameTooLargeException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public FrameTooLargeException(long length, int limit) {
        super(length < 0
                ? "frame length " + length + " is negative (limit " + limit + " bytes)"
                : "frame of " + length + " bytes exceeds the " + limit + "-byte limit");
    }
}
