package book.ch03.herd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryDemoTest {

    @Nested
    class Narration {

        @Test
        void narratesTheRetryAfterAndTheBudgetTable() throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            RetryDemo.retryAfter(out);
            RetryDemo.budget(out);
            String text = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("Retry-After '1' (delta-seconds) asks for 1000 ms"), text);
            assertTrue(text.contains("final 200"), text);
            assertTrue(text.contains("27.00"), text);
        }
    }
}
