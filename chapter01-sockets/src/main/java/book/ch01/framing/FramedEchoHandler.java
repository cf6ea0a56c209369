package book.ch01.framing;

import book.ch01.echo.ConnectionHandler;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.Socket;

/**
 * The framed echo protocol: every frame that arrives is sent back as one frame. Run by the
 * same {@link book.ch01.echo.BlockingServer} as the raw echo, so it inherits its connection
 * limit, read timeout and graceful shutdown; a frame that breaks the rules throws a
 * {@link FramingException}, and the server closes this connection only.
 */
public final class FramedEchoHandler implements ConnectionHandler {

    private final int maxFrameBytes;

    public FramedEchoHandler(int maxFrameBytes) {
        this.maxFrameBytes = FrameFormat.checkLimit(maxFrameBytes);
    }

    // tag::framed-echo[]
    @Override
    public void handle(Socket socket) throws IOException {
        FrameDecoder frames = new FrameDecoder(new BufferedInputStream(socket.getInputStream()), maxFrameBytes);
        FrameEncoder replies = new FrameEncoder(socket.getOutputStream(), maxFrameBytes);
        byte[] payload;
        while ((payload = frames.readFrame()) != null) {   // null: the client closed between frames
            replies.writeFrame(payload);
        }
    }
    // end::framed-echo[]
}
