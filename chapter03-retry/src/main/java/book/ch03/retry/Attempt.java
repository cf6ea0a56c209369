package book.ch03.retry;

/**
 * One attempt of a call that knows its deadline: it should bound its own I/O by
 * {@code deadline.remaining()} (a connect and a read timeout, an HTTP request timeout), so that
 * the retry loop's "stop after 10 s" holds for the attempt in flight too.
 */
@FunctionalInterface
public interface Attempt<T> {

    T run(Deadline deadline) throws Exception;
}
