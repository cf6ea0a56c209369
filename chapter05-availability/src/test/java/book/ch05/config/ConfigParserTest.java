package book.ch05.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** All or nothing: a whole, valid file, or a refusal naming the line and the limit. */
class ConfigParserTest {

    static final String GOOD = """
            # two replicas
            endpoint = 127.0.0.1:8081
            endpoint = [::1]:8082
            timeout = 250ms
            max-retries = 2
            end
            """;

    static String refusal(String text) {
        return assertThrows(ConfigException.class, () -> ConfigParser.parse(text)).getMessage();
    }

    @Test
    void readsAWholeFile() throws ConfigException {
        ClientConfig c = ConfigParser.parse(GOOD);
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 8081), new InetSocketAddress("::1", 8082)), c.endpoints());
        assertEquals(Duration.ofMillis(250), c.timeout());
        assertEquals(2, c.maxRetries());
    }

    @Nested
    class Refusals {
        @Test
        void aHalfWrittenFileIsIncompleteNotSmaller() {
            String half = GOOD.substring(0, GOOD.indexOf("endpoint = [::1]"));
            assertEquals("no 'end' line: the file is incomplete (still being written?)", refusal(half));
            assertEquals("no 'end' line: the file is incomplete (still being written?)", refusal(""));
        }

        @Test
        void eachBadValueNamesItsLineAndLimit() {
            assertEquals("line 4: timeout '0ms' is out of range 1ms..3600s", refusal(GOOD.replace("250ms", "0ms")));
            assertEquals("line 4: timeout '3601s' is out of range 1ms..3600s", refusal(GOOD.replace("250ms", "3601s")));
            assertEquals("line 4: timeout '99999999999999999s' is out of range 1ms..3600s",
                    refusal(GOOD.replace("250ms", "99999999999999999s")));
            assertEquals("line 4: timeout '9999999999999999999999s' is not a duration such as 250ms or 2s",
                    refusal(GOOD.replace("250ms", "9999999999999999999999s")));
            assertEquals("line 4: timeout '2' is not a duration such as 250ms or 2s", refusal(GOOD.replace("250ms", "2")));
            assertEquals("line 5: max-retries '11' is out of range 0..10", refusal(GOOD.replace("= 2\n", "= 11\n")));
            assertEquals("line 5: max-retries '-1' is out of range 0..10", refusal(GOOD.replace("= 2\n", "= -1\n")));
            assertEquals("line 2: endpoint port '0' is out of range 1..65535", refusal(GOOD.replace(":8081", ":0")));
            assertEquals("line 2: endpoint port '65536' is out of range 1..65535", refusal(GOOD.replace(":8081", ":65536")));
            assertEquals("line 2: endpoint host 'replica.example' is not an IP literal",
                    refusal(GOOD.replace("127.0.0.1:8081", "replica.example:8081")));
            assertEquals("line 2: endpoint '8081' is not host:port", refusal(GOOD.replace("127.0.0.1:8081", "8081")));
        }

        @Test
        void structureMistakesAreNamed() {
            assertEquals("line 6: unknown key 'retries' (known: endpoint, timeout, max-retries)",
                    refusal(GOOD.replace("\nend\n", "\nretries = 1\nend\n")));
            assertEquals("line 6: timeout given twice", refusal(GOOD.replace("\nend\n", "\ntimeout = 1s\nend\n")));
            assertEquals("line 7: text after 'end'", refusal(GOOD + "endpoint = 127.0.0.1:9\n"));
            assertEquals("line 2: expected 'key = value', got 'endpoint 127.0.0.1:8081'",
                    refusal(GOOD.replace("endpoint = 127.0.0.1:8081", "endpoint 127.0.0.1:8081")));
            assertEquals("missing timeout", refusal(GOOD.replace("timeout = 250ms\n", "")));
            assertEquals("missing max-retries", refusal(GOOD.replace("max-retries = 2\n", "")));
        }

        @Test
        void acceptsTheEdgesOfEachRange() throws ConfigException {
            assertEquals(Duration.ofMillis(1), ConfigParser.parse(GOOD.replace("250ms", "1ms")).timeout());
            assertEquals(Duration.ofHours(1), ConfigParser.parse(GOOD.replace("250ms", "3600s")).timeout());
            assertEquals(0, ConfigParser.parse(GOOD.replace("= 2\n", "= 0\n")).maxRetries());
            assertEquals(10, ConfigParser.parse(GOOD.replace("= 2\n", "= 10\n")).maxRetries());
            assertEquals(1, ConfigParser.parse(GOOD.replace(":8081", ":1")).endpoints().get(0).getPort());
            assertEquals(65535, ConfigParser.parse(GOOD.replace(":8081", ":65535")).endpoints().get(0).getPort());
            StringBuilder many = new StringBuilder();
            for (int i = 1; i <= 64; i++) {
                many.append("endpoint = 127.0.0.1:").append(9000 + i).append('\n');
            }
            assertEquals(64, ConfigParser.parse(many + "timeout = 1s\nmax-retries = 0\nend\n").endpoints().size());
            String padded = GOOD + "#".repeat(ConfigParser.MAX_BYTES - GOOD.length());
            assertEquals(ConfigParser.MAX_BYTES, padded.length());
            assertEquals(2, ConfigParser.parse(padded.replace("end\n#", "end\n\n#")
                    .substring(0, ConfigParser.MAX_BYTES)).endpoints().size());
            assertEquals("line 2: endpoint ':8081' is not host:port", refusal(GOOD.replace("127.0.0.1:8081", ":8081")));
            assertEquals("line 2: unknown key '' (known: endpoint, timeout, max-retries)",
                    refusal(GOOD.replace("endpoint = 127.0.0.1:8081", "= 127.0.0.1:8081")));
        }

        @Test
        void theWholeMustMakeSense() {
            assertEquals("endpoints: 0 given, 1..64 allowed", refusal("timeout = 1s\nmax-retries = 0\nend\n"));
            assertEquals("endpoints: [/127.0.0.1:8081, /127.0.0.1:8081] lists one twice",
                    refusal(GOOD.replace("[::1]:8082", "127.0.0.1:8081")));
            StringBuilder many = new StringBuilder();
            for (int i = 1; i <= 65; i++) {
                many.append("endpoint = 127.0.0.1:").append(9000 + i).append('\n');
            }
            assertEquals("endpoints: 65 given, 1..64 allowed", refusal(many + "timeout = 1s\nmax-retries = 0\nend\n"));
            assertEquals("file of 65537 characters exceeds the 65536-character limit", refusal("#".repeat(65_537)));
        }
    }
}
