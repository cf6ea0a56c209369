package book.ch01.echo;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.UsageException;
import java.time.Duration;
import java.util.List;

/** The command-line options every server program of this chapter shares, read into a {@link ServerConfig}. */
public final class ServerOptions {

    /** A server may wait this long at most for anything: longer values only hide a forgotten client. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    public static final List<Option> OPTIONS = List.of(
            Option.port("port", String.valueOf(ServerConfig.DEFAULT_PORT), "port to listen on, 0 = any free port"),
            Option.integer("max-connections", "N", String.valueOf(ServerConfig.DEFAULT_MAX_CONNECTIONS), 1, 1_000_000,
                    "connections served at once; more are closed at once"),
            Option.duration("read-timeout", ServerConfig.DEFAULT_READ_TIMEOUT.toSeconds() + "s",
                    Duration.ofMillis(1), MAX_TIMEOUT, "close a client silent for this long"),
            Option.duration("max-connection-age", ServerConfig.DEFAULT_MAX_CONNECTION_AGE.toMinutes() + "m",
                    Duration.ofMillis(1), Duration.ofDays(30), "close any connection this old, busy or not"),
            Option.duration("drain-timeout", ServerConfig.DEFAULT_DRAIN_TIMEOUT.toSeconds() + "s",
                    Duration.ZERO, Duration.ofMinutes(10), "on Ctrl-C, how long open connections may finish"),
            Option.integer("backlog", "N", String.valueOf(ServerConfig.DEFAULT_BACKLOG), 1, 65_535,
                    "connections the kernel queues before accept"),
            Option.integer("threads", "N", "0", 0, 10_000,
                    "0 = a virtual thread per connection, N = a pool of N platform threads"));

    private ServerOptions() {
    }

    public static ServerConfig config(CommandLine cmd) throws UsageException {
        int threads = cmd.integer("threads");
        try {
            return ServerConfig.defaults()
                    .withPort(cmd.integer("port"))
                    .withMaxConnections(cmd.integer("max-connections"))
                    .withReadTimeout(cmd.duration("read-timeout"))
                    .withMaxConnectionAge(cmd.duration("max-connection-age"))
                    .withDrainTimeout(cmd.duration("drain-timeout"))
                    .withBacklog(cmd.integer("backlog"))
                    .withThreadModel(threads == 0 ? ThreadModel.virtualThreads() : ThreadModel.platformPool(threads));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
