package book.ch01.udp;

import java.io.IOException;

/** A datagram that cannot be one of ours: the message says what was wrong and the limit. */
public final class MalformedDatagramException extends IOException {
    public MalformedDatagramException(String message) {
        super(message);
    }
}
