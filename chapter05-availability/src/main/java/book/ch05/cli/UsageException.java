package book.ch05.cli;

/** A command line the program cannot run with: the message says what was wrong, in one line. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
