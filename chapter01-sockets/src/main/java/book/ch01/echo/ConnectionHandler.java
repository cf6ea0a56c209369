package book.ch01.echo;

import java.io.IOException;
import java.net.Socket;

/**
 * What a {@link BlockingServer} does with one accepted connection: the protocol, apart from
 * the machinery of accepting, limiting and shutting down, which every protocol shares.
 *
 * <p>The handler runs on its own thread and may block. It returns when the conversation is
 * over; it does not close the socket, the server does. An exception ends that connection
 * only: the server logs it, counts it and closes the socket, and everyone else is served on.
 */
@FunctionalInterface
public interface ConnectionHandler {

    void handle(Socket socket) throws IOException;
}
