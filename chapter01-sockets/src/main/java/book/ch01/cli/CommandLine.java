package book.ch01.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed options of one program run. Parsing is strict and happens before the program does
 * any work: an unknown option, a missing value, a stray argument, or a value outside the
 * option's declared range is a {@link UsageException} of one line that names the option, the
 * value as typed and the range, so a typo never silently runs with a default or fails later
 * with a stack trace.
 */
public final class CommandLine {

    private final String program;
    private final Map<String, Option> declared = new LinkedHashMap<>();
    private final Map<String, String> raw = new LinkedHashMap<>();
    private final Map<String, Object> parsed = new LinkedHashMap<>();
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
                throw new UsageException("unexpected argument '" + arg + "' (options start with --)");
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
            if (cmd.raw.containsKey(name)) {
                throw new UsageException("option --" + name + " given twice");
            }
            if (option.isFlag()) {
                if (inline != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                cmd.raw.put(name, "true");
            } else if (inline != null) {
                cmd.raw.put(name, inline);
            } else if (i + 1 < args.length) {
                cmd.raw.put(name, args[++i]);
            } else {
                throw new UsageException("option --" + name + " needs a value (" + option.valueName() + ")");
            }
        }
        if (!cmd.help) {
            cmd.parseValues();
        }
        return cmd;
    }

    /** Checks every given value against its option's type; a default that fails is the program's bug. */
    private void parseValues() throws UsageException {
        for (Option o : declared.values()) {
            if (o.isFlag()) {
                continue;
            }
            String given = raw.get(o.name());
            String value = given != null ? given : o.defaultValue();
            if (value == null) {
                continue;
            }
            try {
                parsed.put(o.name(), o.type().parse(value));
            } catch (IllegalArgumentException e) {
                if (given == null) {
                    throw new IllegalStateException(program + ": default of --" + o.name() + " is invalid: " + e.getMessage());
                }
                throw new UsageException("option --" + o.name() + " '" + given + "' " + e.getMessage());
            }
        }
    }

    public boolean helpRequested() {
        return help;
    }

    public boolean flag(String name) {
        option(name);
        return raw.containsKey(name);
    }

    /** Whether the option was given on the command line (not just defaulted). */
    public boolean given(String name) {
        option(name);
        return raw.containsKey(name);
    }

    /** Whether the option has a value, given or by default. */
    public boolean has(String name) {
        option(name);
        return parsed.containsKey(name);
    }

    /** The option's value as typed, its default, or {@code null} when it has neither. */
    public String string(String name) {
        Option option = option(name);
        return raw.getOrDefault(name, option.defaultValue());
    }

    public String required(String name) throws UsageException {
        String value = string(name);
        if (value == null) {
            throw new UsageException("option --" + name + " is required");
        }
        return value;
    }

    public int integer(String name) throws UsageException {
        long value = longValue(name);
        if (value != (int) value) { // a bug in the declaration, not in the command line
            throw new IllegalStateException(program + ": --" + name + " declares a range wider than an int");
        }
        return (int) value;
    }

    public long longValue(String name) throws UsageException {
        return value(name, Long.class);
    }

    public double decimal(String name) throws UsageException {
        return value(name, Double.class);
    }

    public Duration duration(String name) throws UsageException {
        return value(name, Duration.class);
    }

    /** A {@link ValueType#bytes byte count}. */
    public long bytes(String name) throws UsageException {
        return value(name, Long.class);
    }

    /** Refuses an option that only means something beside another one, e.g. --jitter without --latency. */
    public void requireWith(String name, String needed) throws UsageException {
        if (given(name) && !has(needed)) {
            throw new UsageException("option --" + name + " needs --" + needed);
        }
    }

    private <T> T value(String name, Class<T> type) throws UsageException {
        option(name);
        Object value = parsed.get(name);
        if (value == null) {
            throw new UsageException("option --" + name + " is required");
        }
        if (!type.isInstance(value)) { // a bug in the program, not in the command line
            throw new IllegalStateException(program + " reads --" + name + " as " + type.getSimpleName());
        }
        return type.cast(value);
    }

    private Option option(String name) {
        Option option = declared.get(name);
        if (option == null) { // a bug in the program, not in the command line
            throw new IllegalArgumentException(program + " reads undeclared option --" + name);
        }
        return option;
    }

    /** The usage text of a program: its summary and one line per option, with its range. */
    public static String usage(Program p) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: java -jar chapter01-sockets.jar ").append(p.name()).append(" [options]\n");
        sb.append("  ").append(p.summary()).append("\n\noptions:\n");
        List<Option> all = new ArrayList<>(p.options());
        all.add(Option.flag("help", "show this help and exit"));
        for (Option o : all) {
            String left = "--" + o.name() + (o.isFlag() ? "" : " " + o.valueName());
            String range = o.isFlag() || o.type().range().isEmpty() || o.type() instanceof ValueType.Choice
                    ? "" : " [" + o.type().range() + "]";
            String def = o.defaultValue() == null ? "" : " (default " + o.defaultValue() + ")";
            sb.append(String.format("  %-24s %s%s%s%n", left, o.help(), range, def));
        }
        return sb.toString();
    }
}
