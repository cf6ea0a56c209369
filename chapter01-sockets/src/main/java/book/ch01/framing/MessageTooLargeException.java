package book.ch01.framing;

/** A message's header announced more than the reassembly limit: refused before allocating it. */
public final class MessageTooLargeException extends FramingException {

    public MessageTooLargeException(long length, long limit) {
        super("message of " + length + " bytes exceeds the " + limit + "-byte reassembly limit");
    }
}
