package book.ch01.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch01.cli.RunningProgram;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The UDP programs, run as the launcher runs them, against each other on loopback. */
class UdpProgramsTest {

    private static final String REPORT =
            "expected (\\d+), received (\\d+) \\(loss [0-9.]+%\\), (\\d+) duplicates, (\\d+) reordered, 0 malformed";

    @Test
    void aReceiverReportsNoLossForAStreamSentStraightToIt() throws Exception {
        try (var receiver = RunningProgram.start(UdpReceiverProgram::new, "--idle", "5s")) {
            int port = receiver.awaitPort();
            try (var sender = RunningProgram.start(UdpSenderProgram::new,
                    "--port", String.valueOf(port), "--count", "200", "--size", "100", "--interval", "0ms")) {
                sender.awaitEnd();
                assertEquals("sent 200 datagrams of 100 bytes to 127.0.0.1:" + port, sender.lines().getFirst());
            }

            receiver.awaitEnd(); // it stops by itself once all 200 have arrived
            Matcher report = receiver.awaitLine(REPORT);
            assertEquals("200", report.group(1));
            assertEquals("200", report.group(2));
        }
    }

    @Test
    void aRelayInTheMiddleLosesDuplicatesAndReordersAndTheReceiverSeesIt() throws Exception {
        try (var receiver = RunningProgram.start(UdpReceiverProgram::new, "--idle", "2s")) {
            int receiverPort = receiver.awaitPort();
            try (var relay = RunningProgram.start(LossRelayProgram::new, "--to", String.valueOf(receiverPort),
                    "--drop", "0.2", "--duplicate", "0.2", "--reorder", "0.2", "--seed", "3")) {
                int relayPort = relay.awaitPort();
                try (var sender = RunningProgram.start(UdpSenderProgram::new,
                        "--port", String.valueOf(relayPort), "--count", "200", "--interval", "1ms")) {
                    sender.awaitEnd();
                }

                receiver.awaitEnd(); // stops after 2 s of silence: the dropped ones never come
                Matcher report = receiver.awaitLine(REPORT);
                assertEquals("200", report.group(1));
                assertTrue(Integer.parseInt(report.group(2)) < 200, "some were dropped: " + report.group());
                assertTrue(Integer.parseInt(report.group(3)) > 0, "some were duplicated: " + report.group());
                assertTrue(Integer.parseInt(report.group(4)) > 0, "some were reordered: " + report.group());
            }
        }
    }

    @Test
    void theRelayPrintsWhatItDidWhenStopped() throws Exception {
        try (var relay = RunningProgram.start(LossRelayProgram::new, "--to", "9", "--drop", "1")) {
            relay.awaitPort();
            relay.stop(); // as Ctrl-C would

            assertEquals("received 0, dropped 0, duplicated 0, reordered 0, forwarded 0", relay.lines().getLast());
        }
    }
}
