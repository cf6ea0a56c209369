package book.ch01.framing;

/**
 * The stream ended inside a frame or a message: the peer closed, or crashed, half-way.
 * Distinct from a clean end between frames, which is no error at all.
 */
public final class TruncatedInputException extends FramingException {

    private final long received;
    private final long expected;

    /** {@code part} names what was cut short: "header", "payload", "message". */
    public TruncatedInputException(String part, long received, long expected) {
        super("stream ended after " + received + " of " + expected + " " + part + " bytes");
        this.received = received;
        this.expected = expected;
    }

    public long received() {
        return received;
    }

    public long expected() {
        return expected;
    }
}
