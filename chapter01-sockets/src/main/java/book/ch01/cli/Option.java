package book.ch01.cli;

import java.time.Duration;

/**
 * One command-line option of a program: {@code --name VALUE}, or a flag {@code --name}.
 * A value option declares its {@link ValueType}, so the range is in the usage, checked before
 * the program starts, and walked with hostile values by the chapter's launcher test.
 *
 * @param name         the option without its dashes
 * @param valueName    what the value is, shown in the usage ({@code null} for a flag)
 * @param defaultValue the value when the option is absent ({@code null}: none)
 * @param type         what the value may be ({@code null} for a flag)
 * @param help         one line for the usage
 */
public record Option(String name, String valueName, String defaultValue, ValueType<?> type, String help) {

    public static Option flag(String name, String help) {
        return new Option(name, null, null, null, help);
    }

    /** Free text, checked by the program (a path, a host header). */
    public static Option text(String name, String valueName, String defaultValue, String help) {
        return new Option(name, valueName, defaultValue, ValueType.text(), help);
    }

    public static Option integer(String name, String valueName, String defaultValue, long min, long max, String help) {
        return new Option(name, valueName, defaultValue, ValueType.integer(min, max), help);
    }

    /** A loopback port: 0 asks the operating system for a free one. */
    public static Option port(String name, String defaultValue, String help) {
        return new Option(name, "PORT", defaultValue, ValueType.port(), help);
    }

    public static Option decimal(String name, String valueName, String defaultValue, double min, double max, String help) {
        return new Option(name, valueName, defaultValue, ValueType.decimal(min, max), help);
    }

    public static Option duration(String name, String defaultValue, Duration min, Duration max, String help) {
        return new Option(name, "DURATION", defaultValue, ValueType.duration(min, max), help);
    }

    public static Option bytes(String name, String defaultValue, long min, long max, String help) {
        return new Option(name, "BYTES", defaultValue, ValueType.bytes(min, max), help);
    }

    public static Option choice(String name, String defaultValue, String help, String... choices) {
        return new Option(name, String.join("|", choices), defaultValue, ValueType.choice(choices), help);
    }

    public boolean isFlag() {
        return type == null;
    }
}
