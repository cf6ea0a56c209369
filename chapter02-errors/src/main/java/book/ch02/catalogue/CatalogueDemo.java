package book.ch02.catalogue;

import book.ch02.catalogue.FailureCatalogue.Scenario;
import book.ch02.classify.Classification;
import book.ch02.classify.FailureClassifier;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue as a narrated run: each failure produced in turn on loopback, what Java threw,
 * and what the classifier made of it, then the whole as one table. Takes a few seconds (the
 * timeouts it trips are short); the first TLS scenario also makes the key material.
 */
public final class CatalogueDemo {

    private CatalogueDemo() {
    }

    /** One line of the closing table. */
    record Row(String failure, String client, String seen, String decision, String reached) {}

    public static void run(PrintStream out) throws InterruptedException {
        FailureClassifier classifier = new FailureClassifier();
        List<Row> rows = new ArrayList<>();
        out.println("Producing each common network failure on loopback, and classifying what Java throws.");
        for (Scenario scenario : FailureCatalogue.all()) {
            out.printf("%n-- %s, through %s%n   did: %s%n", scenario.failure(), scenario.client(), scenario.how());
            long start = System.nanoTime();
            try {
                Observation seen = scenario.producer().produce();
                long millis = (System.nanoTime() - start) / 1_000_000;
                Classification c = seen.classify(classifier);
                out.printf("   Java gave (%d ms): %s%n", millis, seen.describe());
                out.printf("   classified: %s, %s, request %s%n   why: %s%n", c.decision(), c.kind(),
                        c.mayHaveBeenProcessed() ? "may have been processed" : "not processed", c.reason());
                String reached = seen instanceof Observation.Answered ? "yes" : c.mayHaveBeenProcessed() ? "maybe" : "no";
                rows.add(new Row(scenario.failure(), scenario.client(), seen.shortDescribe(), c.decision().name(), reached));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                out.printf("   the scenario itself went wrong: %s%n", e);
                rows.add(new Row(scenario.failure(), scenario.client(), "(scenario failed: " + e + ")", "-", "-"));
            }
        }
        out.println();
        printTable(out, rows);
    }

    static void printTable(PrintStream out, List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"failure", "client", "what Java gave", "decision", "reached server"});
        rows.forEach(r -> cells.add(new String[] {r.failure(), r.client(), r.seen(), r.decision(), r.reached()}));
        int[] width = new int[5];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                line.append(String.format("%-" + width[i] + "s", cells.get(r)[i])).append(i < 4 ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                out.println("-".repeat(line.toString().stripTrailing().length()));
            }
        }
    }
}
