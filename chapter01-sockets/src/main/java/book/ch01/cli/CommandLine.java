package book.ch01.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed options of one program run. Parsing is strict: an unknown option, a missing
 * value or a value of the wrong form is a {@link UsageException} naming the option, so a typo
 * never silently runs with a default.
 */
public final class CommandLine {

    private final String program;
    private final Map<String, Option> declared = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private boolean help;

    private CommandLine(String program, List<Option> options) {
        this.program = program;
        options.forEach(o -> declared.put(o.name(), o));
    }

    public static CommandLine parse(String program, List<Option> options, String... args) throws UsageException {
        CommandLine cmd = new CommandLine(program, options);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                cmd.help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                cmd.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option option = cmd.declared.get(name);
            if (option == null) {
                throw new UsageException("unknown option --" + name);
            }
            if (option.isFlag()) {
                if (inline != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                cmd.values.put(name, "true");
            } else if (inline != null) {
                cmd.values.put(name, inline);
            } else if (i + 1 < args.length) {
                cmd.values.put(name, args[++i]);
            } else {
                throw new UsageException("option --" + name + " needs a value (" + option.valueName() + ")");
            }
        }
        return cmd;
    }

    public boolean helpRequested() {
        return help;
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }

    public boolean flag(String name) {
        option(name);
        return values.containsKey(name);
    }

    /** The option's value, its default, or {@code null} when it has neither. */
    public String string(String name) {
        Option option = option(name);
        return values.getOrDefault(name, option.defaultValue());
    }

    public String required(String name) throws UsageException {
        String value = string(name);
        if (value == null) {
            throw new UsageException("option --" + name + " is required");
        }
        return value;
    }

    public int integer(String name, int min, int max) throws UsageException {
        long value = longValue(name, min, max);
        return (int) value;
    }

    public long longValue(String name, long min, long max) throws UsageException {
        String raw = required(name);
        long value;
        try {
            value = Long.parseLong(raw.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " wants a whole number, not '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("option --" + name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    public double decimal(String name, double min, double max) throws UsageException {
        String raw = required(name);
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " wants a number, not '" + raw + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new UsageException("option --" + name + " must be between " + min + " and " + max + ", not " + raw);
        }
        return value;
    }

    /** A duration written as {@code 250ms}, {@code 2s} or {@code 1m}. */
    public Duration duration(String name) throws UsageException {
        String raw = required(name);
        try {
            if (raw.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(raw.substring(0, raw.length() - 2)));
            } else if (raw.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(raw.substring(0, raw.length() - 1)));
            } else if (raw.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(raw.substring(0, raw.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error below
        }
        throw new UsageException("option --" + name + " wants a duration such as 250ms, 2s or 1m, not '" + raw + "'");
    }

    /** A duration of at least 1 ms, for a timeout: to a socket, 0 means "wait forever". */
    public Duration timeout(String name) throws UsageException {
        Duration value = duration(name);
        if (value.toMillis() < 1) {
            throw new UsageException("option --" + name + " must be at least 1ms, not '" + required(name) + "'");
        }
        return value;
    }

    private Option option(String name) {
        Option option = declared.get(name);
        if (option == null) { // a bug in the program, not in the command line
            throw new IllegalArgumentException(program + " reads undeclared option --" + name);
        }
        return option;
    }

    /** The usage text of a program: its summary and one line per option. */
    public static String usage(Program p) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: java -jar chapter01-sockets.jar ").append(p.name()).append(" [options]\n");
        sb.append("  ").append(p.summary()).append("\n\noptions:\n");
        List<Option> all = new ArrayList<>(p.options());
        all.add(Option.flag("help", "show this help and exit"));
        for (Option o : all) {
            String left = "--" + o.name() + (o.isFlag() ? "" : " " + o.valueName());
            String def = o.defaultValue() == null ? "" : " (default " + o.defaultValue() + ")";
            sb.append(String.format("  %-24s %s%s%n", left, o.help(), def));
        }
        return sb.toString();
    }
}
