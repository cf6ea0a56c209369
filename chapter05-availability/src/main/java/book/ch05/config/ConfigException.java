package book.ch05.config;

/** A configuration file that cannot be applied; the message names the line and the limit. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
