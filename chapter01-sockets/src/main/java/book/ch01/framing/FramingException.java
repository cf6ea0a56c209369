package book.ch01.framing;

import java.io.IOException;

/**
 * The peer broke the framing rules. One type to catch for "this connection sent bad input,
 * close it"; its subclasses say which rule and name the numbers. After one, the stream's
 * position inside the framing is lost, so the only safe thing is to close the connection.
 */
public abstract class FramingException extends IOException {

    protected FramingException(String message) {
        super(message);
    }
}
