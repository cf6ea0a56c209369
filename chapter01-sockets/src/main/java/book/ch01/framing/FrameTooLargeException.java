package book.ch01.framing;

/** A length prefix claimed more than the limit: refused before a single byte is allocated. */
public final class FrameTooLargeException extends FramingException {

    private final long length;
    private final long limit;

    public FrameTooLargeException(long length, long limit) {
        super("frame of " + length + " bytes exceeds the " + limit + "-byte limit");
        this.length = length;
        this.limit = limit;
    }

    public long length() {
        return length;
    }

    public long limit() {
        return limit;
    }
}
