package book.ch02.catalogue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The narrated catalogue: every scenario runs, fails as intended, and ends up in the table. */
class CatalogueDemoTest {

    @Test
    void producesEveryFailureAndPrintsTheTable() throws Exception {
        var bytes = new ByteArrayOutputStream();
        CatalogueDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("scenario itself went wrong"), out);
        assertTrue(out.contains("failure  "), out);
        for (var scenario : FailureCatalogue.all()) {
            assertTrue(out.contains("-- " + scenario.failure() + ", through " + scenario.client()), scenario.failure());
        }
        assertTrue(out.contains("HTTP 302"), out);
    }
}
