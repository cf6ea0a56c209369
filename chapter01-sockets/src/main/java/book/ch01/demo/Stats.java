package book.ch01.demo;

import book.ch01.echo.ServerStats;

/** A {@link ServerStats} in the demo's words, only the counters worth a reader's glance. */
final class Stats {

    private Stats() {
    }

    static String of(ServerStats s) {
        return "accepted " + s.accepted() + ", active " + s.active() + ", refused " + s.refused()
                + ", timed out " + s.timedOut() + ", failed " + s.failed();
    }
}
