package book.ch01.framing;

/** Frames that are fine one by one but do not add up to a message: a wrong header, an empty or overrunning chunk. */
public final class MalformedMessageException extends FramingException {

    public MalformedMessageException(String message) {
        super(message);
    }
}
