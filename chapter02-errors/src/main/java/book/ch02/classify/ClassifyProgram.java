package book.ch02.classify;

import book.ch02.cli.CommandLine;
import book.ch02.cli.Option;
import book.ch02.cli.Program;
import book.ch02.cli.UsageException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code classify}: asks the {@link FailureClassifier} about one failure named on the command
 * line, an HTTP status or an exception class (with an optional cause and the phase), and prints
 * its verdict. For trying the rules without producing the failure.
 */
public final class ClassifyProgram implements Program {

    private final PrintStream out;

    public ClassifyProgram() {
        this(System.out);
    }

    public ClassifyProgram(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String summary() {
        return "say whether a failure (an HTTP status or an exception class) may be retried";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("status", "CODE", null, "an HTTP status, 300-599"),
                Option.value("retry-after", "VALUE", null, "with --status: the Retry-After header"),
                Option.value("exception", "CLASS", null, "an exception class, e.g. java.net.ConnectException"),
                Option.value("cause", "CLASS", null, "with --exception: its cause's class"),
                Option.value("phase", "PHASE", "UNKNOWN", "with --exception: "
                        + Arrays.toString(Phase.values()).replaceAll("[\\[\\] ]", "").replace(",", ", ")));
    }

    @Override
    public void run(CommandLine cmd) throws UsageException {
        boolean status = cmd.string("status") != null;
        if (status == (cmd.string("exception") != null)) {
            throw new UsageException("give exactly one of --status or --exception");
        }
        FailureClassifier classifier = new FailureClassifier();
        Classification c;
        if (status) {
            int code = cmd.integer("status", 300, 599);
            String retryAfter = cmd.string("retry-after");
            c = classifier.classify(code, retryAfter == null ? HttpHeadersView.NONE : HttpHeadersView.of("Retry-After", retryAfter));
        } else {
            Throwable failure = instantiate(cmd.string("exception"), "exception");
            if (cmd.string("cause") != null) {
                failure.initCause(instantiate(cmd.string("cause"), "cause"));
            }
            c = classifier.classify(failure, phase(cmd.string("phase")));
        }
        out.printf("decision: %s%nkind:     %s, %s%nreached:  %s%nreason:   %s%n", c.decision(), c.kind(),
                c.kind().meaning(), c.mayHaveReachedServer() ? "the request may have reached the server"
                        : "the request never left the client", c.reason());
    }

    private static Phase phase(String raw) throws UsageException {
        try {
            return Phase.valueOf(raw.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --phase wants one of " + Arrays.toString(Phase.values()) + ", not '" + raw + "'");
        }
    }

    /** A throwable of the named class, made with its (String) or () constructor; no message. */
    private static Throwable instantiate(String className, String option) throws UsageException {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new UsageException("option --" + option + ": no class named '" + className + "'");
        }
        if (!Throwable.class.isAssignableFrom(type)) {
            throw new UsageException("option --" + option + ": " + className + " is not a Throwable");
        }
        try {
            return (Throwable) type.getConstructor(String.class).newInstance((Object) null);
        } catch (ReflectiveOperationException e) {
            try {
                return (Throwable) type.getConstructor().newInstance();
            } catch (ReflectiveOperationException e2) {
                throw new UsageException("option --" + option + ": cannot make a " + className
                        + " (it needs a public () or (String) constructor)");
            }
        }
    }
}
