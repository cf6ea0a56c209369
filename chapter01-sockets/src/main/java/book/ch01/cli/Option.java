package book.ch01.cli;

/**
 * One command-line option of a program: {@code --name VALUE}, or a flag {@code --name}.
 *
 * @param name         the option without its dashes
 * @param valueName    what the value is, shown in the usage ({@code null} for a flag)
 * @param defaultValue the value when the option is absent ({@code null}: none)
 * @param help         one line for the usage
 */
public record Option(String name, String valueName, String defaultValue, String help) {

    public static Option flag(String name, String help) {
        return new Option(name, null, null, help);
    }

    public static Option value(String name, String valueName, String defaultValue, String help) {
        return new Option(name, valueName, defaultValue, help);
    }

    public boolean isFlag() {
        return valueName == null;
    }
}
