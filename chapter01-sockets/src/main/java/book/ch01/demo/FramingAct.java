package book.ch01.demo;

import book.ch01.echo.BlockingServer;
import book.ch01.echo.Loopback;
import book.ch01.echo.ServerConfig;
import book.ch01.framing.FrameDecoder;
import book.ch01.framing.FrameEncoder;
import book.ch01.framing.FrameFormat;
import book.ch01.framing.FramedEchoClient;
import book.ch01.framing.FramedEchoHandler;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Act 2: length-prefixed frames. A frame written one byte at a time comes back whole, three
 * frames in one write come back as three; a header claiming 2 GiB closes that connection only.
 */
final class FramingAct implements Act {

    private static final int LIMIT = FrameFormat.DEFAULT_MAX_FRAME_BYTES;

    @Override
    public String title() {
        return "length-prefixed frames: pieces, coalesced writes, a lying header";
    }

    @Override
    public void run(Narrator n) throws IOException {
        try (BlockingServer server = BlockingServer.start(ServerConfig.defaults(), new FramedEchoHandler(LIMIT));
             FramedEchoClient steady = FramedEchoClient.connect(server.port(), LIMIT, EchoAct.CLIENT_TIMEOUT)) {
            n.say("set-up: framed echo server on %s, frames of at most %,d bytes; client A connects "
                    + "and stays connected", server.address(), LIMIT);
            n.say("client A: \"%s\" echoed", text(steady.roundTrip(bytes("ping 1"))));

            try (Socket b = Loopback.connect(server.port(), EchoAct.CLIENT_TIMEOUT)) {
                FrameDecoder replies = new FrameDecoder(new BufferedInputStream(b.getInputStream()), LIMIT);
                onePieceAtATime(n, b, replies);
                threeFramesInOneWrite(n, b, replies);
                b.shutdownOutput();                         // done: the server's end of stream follows its release
                if (replies.readFrame() != null) {
                    throw new IOException("the server sent a frame nobody asked for");
                }
                n.say("client B: half-closes; the server ends the connection cleanly, between two frames");
            }
            n.say("server before the attack: %s", Stats.of(server.stats()));
            lyingHeader(n, server.port());
            n.say("client A: \"%s\" echoed on the same connection as before", text(steady.roundTrip(bytes("ping 2"))));
            n.say("server after the attack: %s", Stats.of(server.stats()));
        }
        n.say("lesson: check a length from the wire against a limit before allocating; on bad input "
                + "close that connection and serve everyone else.");
    }

    private static void onePieceAtATime(Narrator n, Socket socket, FrameDecoder replies) throws IOException {
        byte[] payload = bytes("a message that crosses the network in pieces");
        byte[] wire = frames(payload);
        n.say("inject: client B writes a %d-byte frame (4-byte header + %d-byte payload) one byte per "
                + "write(), %d writes", wire.length, payload.length, wire.length);
        OutputStream out = socket.getOutputStream();        // unbuffered, TCP_NODELAY: a segment per write
        for (byte b : wire) {
            out.write(b);
            out.flush();
        }
        byte[] echo = next(replies);
        n.say("client B: the server reassembled it: %d bytes echoed as one frame, identical: %s",
                echo.length, Arrays.equals(payload, echo) ? "yes" : "NO");
    }

    private static void threeFramesInOneWrite(Narrator n, Socket socket, FrameDecoder replies) throws IOException {
        byte[][] payloads = {bytes("one"), new byte[0], bytes("three")};
        byte[] wire = frames(payloads);
        n.say("inject: client B writes three frames (3, 0 and 5 bytes) in a single write() of %d bytes",
                wire.length);
        socket.getOutputStream().write(wire);
        StringBuilder back = new StringBuilder();
        for (int i = 0; i < payloads.length; i++) {
            byte[] echo = next(replies);
            back.append(i == 0 ? "" : ", ").append(echo.length).append(" bytes \"").append(text(echo)).append('"');
        }
        n.say("client B: three frames came back: %s", back);
    }

    private static void lyingHeader(Narrator n, int port) throws IOException {
        n.say("inject: client C sends the header 7f ff ff ff, a frame of %,d bytes", Integer.MAX_VALUE);
        try (Socket c = Loopback.connect(port, EchoAct.CLIENT_TIMEOUT)) {
            long start = n.now();
            c.getOutputStream().write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
            String seen = Reads.outcome(c);
            n.say("client C: the server closed the connection after %.1f ms, %s; nothing was "
                    + "allocated for the claimed 2 GiB", n.millisSince(start), seen);
        }
    }

    private static byte[] next(FrameDecoder replies) throws IOException {
        byte[] frame = replies.readFrame();
        if (frame == null) {
            throw new EOFException("the server closed the connection instead of echoing");
        }
        return frame;
    }

    private static byte[] frames(byte[]... payloads) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameEncoder encoder = new FrameEncoder(wire, LIMIT);
        for (byte[] payload : payloads) {
            encoder.writeFrame(payload);
        }
        return wire.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
