package book.ch02.proxy;

import java.io.IOException;

/**
 * Where a toxic sends what it lets through: the next toxic of the chain, and at the end of the
 * chain the destination socket. Besides passing bytes on, a toxic may end the connection,
 * cleanly (the peer reads end of stream) or abruptly (the peer reads "Connection reset").
 */
public interface Outlet {

    /** Passes a chunk on; it may block (a slow peer, or a later toxic that waits). */
    void send(Chunk chunk) throws IOException, InterruptedException;

    /** Passes on the end of the stream: the destination reads end of stream once it has read all that was sent. */
    void finish() throws IOException, InterruptedException;

    /** Ends the connection cleanly: what was sent is delivered, then both peers read end of stream. */
    void endCleanly(String reason) throws IOException;

    /** Ends the connection with a TCP reset (SO_LINGER 0): both peers see "Connection reset". */
    void reset(String reason) throws IOException;
}
