package book.ch01.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.cli.RunningProgram;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NioEchoServerProgramTest {

    @Test
    void printsItsAddressEchoesAndStopsWhenInterrupted() throws Exception {
        try (RunningProgram program = RunningProgram.start(NioEchoServerProgram::new, "--port", "0")) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), program.awaitPort());

            try (EchoClient client = EchoClient.connect(address)) {
                assertArrayEquals("ping\n".getBytes(StandardCharsets.US_ASCII),
                        client.roundTrip("ping\n".getBytes(StandardCharsets.US_ASCII)));
                program.stop();                               // interrupts it and waits until it returns
                assertTrue(client.seesEndOfStream(), "its connections are closed");
            }
            String last = program.awaitLine("^stopped: .*").group();
            assertTrue(last.startsWith("stopped: open=0"), "last line: " + last);
        }
    }
}
