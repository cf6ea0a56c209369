package book.ch01.echo;

/**
 * A snapshot of a {@link BlockingServer}'s counters: what happened to the connections it
 * accepted, so that tests and operators can see limits and timeouts at work.
 *
 * @param accepted       connections taken into service (refused ones are not counted here)
 * @param active         connections being served now
 * @param refused        connections closed at once because {@code maxConnections} were busy
 * @param timedOut       connections closed because the client was silent past the read timeout
 * @param expired        connections closed because they reached the maximum connection age
 * @param failed         connections ended by an error: bad input, a reset, a handler bug
 * @param forciblyClosed connections still open when the drain timeout of a shutdown ran out
 */
public record ServerStats(long accepted, int active, long refused, long timedOut, long expired,
                          long failed, long forciblyClosed) {
}
