package book.ch02.catalogue;

import book.ch02.classify.Classification;
import book.ch02.classify.FailureClassifier;
import book.ch02.classify.HttpHeadersView;
import book.ch02.classify.Phase;

/** What a client saw when a scenario went wrong: an exception, or an HTTP answer that is not a success. */
public sealed interface Observation {

    /** Java threw {@code failure} while the client was in {@code phase}. */
    record Thrown(Throwable failure, Phase phase) implements Observation {}

    /** The server answered with a failing status. */
    record Answered(int status, HttpHeadersView headers) implements Observation {}

    default Classification classify(FailureClassifier classifier) {
        return switch (this) {
            case Thrown t -> classifier.classify(t.failure(), t.phase());
            case Answered a -> classifier.classify(a.status(), a.headers());
        };
    }

    /** The class names of the chain only, for a table: "ConnectException <- UnresolvedAddressException". */
    default String shortDescribe() {
        return switch (this) {
            case Answered a -> describe();
            case Thrown t -> {
                var names = new java.util.ArrayList<String>();
                for (Throwable c = t.failure(); c != null && names.size() < 8; c = c.getCause() == c ? null : c.getCause()) {
                    String name = c.getClass().getSimpleName();
                    if (names.isEmpty() || !names.getLast().equals(name)) {
                        names.add(name);
                    }
                }
                yield names.size() <= 2 ? String.join(" <- ", names)
                        : names.getFirst() + " <- ... <- " + names.getLast(); // outermost and root cause
            }
        };
    }

    /** One line: the exception and its cause chain ("A: msg <- B: msg"), or the status. */
    default String describe() {
        return switch (this) {
            case Answered a -> "HTTP " + a.status()
                    + a.headers().first("Retry-After").map(v -> " (Retry-After: " + v + ")").orElse("");
            case Thrown t -> {
                var sb = new StringBuilder();
                Throwable previous = null;
                for (Throwable c = t.failure(); c != null && c != previous; previous = c, c = c.getCause()) {
                    if (previous != null && c.getClass() == previous.getClass()
                            && String.valueOf(c.getMessage()).equals(String.valueOf(previous.getMessage()))) {
                        continue; // HttpClient rethrows a copy with the original as cause: show it once
                    }
                    sb.append(sb.isEmpty() ? "" : " <- ").append(c.getClass().getSimpleName());
                    if (c.getMessage() != null) {
                        sb.append(": ").append(c.getMessage());
                    }
                }
                yield sb.toString();
            }
        };
    }
}
