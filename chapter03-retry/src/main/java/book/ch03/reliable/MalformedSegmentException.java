package book.ch03.reliable;

/** A datagram that is not a valid segment; the reason is counted, the datagram dropped. */
public final class MalformedSegmentException extends Exception {

    /** Why a datagram was refused, for the receiver's counters. */
    public enum Reason { TOO_SHORT, BAD_MAGIC, BAD_LENGTH, BAD_CHECKSUM, BAD_TYPE }

    private final Reason reason;

    public MalformedSegmentException(Reason reason, String message) {
        super(message, null, false, false); // garbage is common and expected: no stack trace to fill
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
