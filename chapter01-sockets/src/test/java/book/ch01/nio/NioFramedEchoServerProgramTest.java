package book.ch01.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.cli.RunningProgram;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NioFramedEchoServerProgramTest {

    @Test
    void printsItsAddressEchoesFramesAndStopsWhenInterrupted() throws Exception {
        try (RunningProgram program = RunningProgram.start(NioFramedEchoServerProgram::new, "--port", "0",
                "--loops", "2")) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), program.awaitPort());

            try (EchoClient client = EchoClient.connect(address)) {
                byte[] frame = ByteBuffer.allocate(8).putInt(4).put("ping".getBytes()).array();
                assertArrayEquals(frame, client.roundTrip(frame));
                program.stop();
                assertTrue(client.seesEndOfStream(), "its connections are closed");
            }
            String last = program.awaitLine("^stopped: .*").group();
            assertTrue(last.startsWith("stopped: open=0") && last.contains("framesEchoed=1"), "last line: " + last);
        }
    }
}
