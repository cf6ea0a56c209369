package book.ch01.echo;

import book.ch01.cli.CommandLine;
import book.ch01.cli.Option;
import book.ch01.cli.UsageException;
import java.util.List;

/** The command-line options every server program of this chapter shares, read into a {@link ServerConfig}. */
public final class ServerOptions {

    public static final List<Option> OPTIONS = List.of(
            Option.value("port", "PORT", String.valueOf(ServerConfig.DEFAULT_PORT),
                    "port to listen on, 0 = any free port"),
            Option.value("max-connections", "N", String.valueOf(ServerConfig.DEFAULT_MAX_CONNECTIONS),
                    "connections served at once; more are closed at once"),
            Option.value("read-timeout", "DURATION", ServerConfig.DEFAULT_READ_TIMEOUT.toSeconds() + "s",
                    "close a client silent for this long"),
            Option.value("max-connection-age", "DURATION", ServerConfig.DEFAULT_MAX_CONNECTION_AGE.toMinutes() + "m",
                    "close any connection this old, busy or not"),
            Option.value("drain-timeout", "DURATION", ServerConfig.DEFAULT_DRAIN_TIMEOUT.toSeconds() + "s",
                    "on Ctrl-C, how long open connections may finish"),
            Option.value("backlog", "N", String.valueOf(ServerConfig.DEFAULT_BACKLOG),
                    "connections the kernel queues before accept"),
            Option.value("threads", "N", "0",
                    "0 = a virtual thread per connection, N = a pool of N platform threads"));

    private ServerOptions() {
    }

    public static ServerConfig config(CommandLine cmd) throws UsageException {
        int threads = cmd.integer("threads", 0, 10_000);
        try {
            return ServerConfig.defaults()
                    .withPort(cmd.integer("port", 0, 65_535))
                    .withMaxConnections(cmd.integer("max-connections", 1, 1_000_000))
                    .withReadTimeout(cmd.duration("read-timeout"))
                    .withMaxConnectionAge(cmd.duration("max-connection-age"))
                    .withDrainTimeout(cmd.duration("drain-timeout"))
                    .withBacklog(cmd.integer("backlog", 1, 65_535))
                    .withThreadModel(threads == 0 ? ThreadModel.virtualThreads() : ThreadModel.platformPool(threads));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
