package book.ch01.framing;

/** A length prefix with its top bit set: no frame has a negative size, so the stream is garbage. */
public final class NegativeFrameLengthException extends FramingException {

    public NegativeFrameLengthException(int length) {
        super("frame length " + length + " is negative (header 0x" + String.format("%08x", length) + ")");
    }
}
