package book.ch04.cli;

import java.util.List;

/** A program in the chapter's jar: {@code java -jar chapter04-timeouts-breakers.jar NAME [options]}. */
public interface Program {

    /** The name typed on the command line. */
    String name();

    /** One line for the list of programs. */
    String summary();

    /** The options it takes; {@code --help} is always added. */
    List<Option> options();

    /** Runs until done, or until interrupted (Ctrl-C) for a server. */
    void run(CommandLine cmd) throws Exception;
}
