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
                Option.integer("status", "CODE", null, 0, 999, "an HTTP status (below 100 or above 599: a protocol error)"),
                Option.text("retry-after", "VALUE", null, "with --status: the Retry-After header"),
                Option.text("exception", "CLASS", null, "an exception class, e.g. java.net.ConnectException"),
                Option.text("cause", "CLASS", null, "with --exception: its cause's class"),
                Option.choice("phase", "unknown", "with --exception: how far the attempt got",
                        Arrays.stream(Phase.values()).map(ClassifyProgram::optionName).toArray(String[]::new)),
                Option.choice("method", "POST", "the request's method", "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "PATCH"),
                Option.flag("idempotency-key", "the request carries an idempotency key"));
    }

    private static String optionName(Phase phase) {
        return phase.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public void run(CommandLine cmd) throws UsageException {
        boolean status = cmd.has("status");
        if (status == cmd.has("exception")) {
            throw new UsageException("give exactly one of --status or --exception");
        }
        cmd.requireWith("retry-after", "status");
        cmd.requireWith("cause", "exception");
        if (status && cmd.given("phase")) {
            throw new UsageException("option --phase needs --exception");
        }
        FailureClassifier classifier = new FailureClassifier();
        Classification c;
        if (status) {
            String retryAfter = cmd.string("retry-after");
            c = classifier.classify(cmd.integer("status"),
                    retryAfter == null ? HttpHeadersView.NONE : HttpHeadersView.of("Retry-After", retryAfter));
        } else {
            Throwable failure = instantiate(cmd.string("exception"), "exception");
            if (cmd.has("cause")) {
                failure.initCause(instantiate(cmd.string("cause"), "cause"));
            }
            c = classifier.classify(failure, Phase.valueOf(cmd.string("phase").toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        String method = cmd.string("method");
        boolean keyed = cmd.flag("idempotency-key");
        out.printf("decision:  %s%nkind:      %s, %s%ntransient: %s%nprocessed: %s%nreason:    %s%nretry %s%s: %s%n",
                c.decision(), c.kind(), c.kind().meaning(), c.transientFailure() ? "yes" : "no",
                c.mayHaveBeenProcessed() ? "the request may have been processed" : "the request was not processed",
                c.reason(), method, keyed ? " with an idempotency key" : "", c.allowsRetry(method, keyed) ? "yes" : "no");
    }

    /** A throwable of the named class, made with its (String) or () constructor; no message. */
    private static Throwable instantiate(String className, String option) throws UsageException {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new UsageException("option --" + option + " '" + className + "' names no class");
        }
        if (!Throwable.class.isAssignableFrom(type)) {
            throw new UsageException("option --" + option + " '" + className + "' is not a Throwable");
        }
        try {
            return (Throwable) type.getConstructor(String.class).newInstance((Object) null);
        } catch (ReflectiveOperationException e) {
            try {
                return (Throwable) type.getConstructor().newInstance();
            } catch (ReflectiveOperationException e2) {
                throw new UsageException("option --" + option + " '" + className
                        + "' has no public () or (String) constructor");
            }
        }
    }
}
