package book.ch05.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a client configuration file, all or nothing:
 *
 * <pre>
 * # replicas and policies; reloaded while the client runs
 * endpoint = 127.0.0.1:8081
 * endpoint = 127.0.0.1:8082
 * timeout = 2s
 * max-retries = 2
 * end
 * </pre>
 *
 * <p>The last line must be {@code end}. A file caught half-written (an editor saving in place,
 * a copy still running) lacks it and is refused as incomplete, rather than read as a whole
 * configuration with fewer endpoints. Writers should still write a new file and rename it over
 * the old one, which is atomic; the {@code end} line protects against those who don't. Every
 * refusal names the line and the limit, and the caller keeps its old configuration.
 */
public final class ConfigParser {

    /** The longest file read: a configuration is small; a huge file is a mistake. */
    public static final int MAX_BYTES = 64 * 1024;

    private ConfigParser() {
    }

    public static ClientConfig parse(String text) throws ConfigException {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException("file of " + text.length() + " characters exceeds the " + MAX_BYTES + "-character limit");
        }
        List<InetSocketAddress> endpoints = new ArrayList<>();
        Duration timeout = null;
        Integer retries = null;
        boolean ended = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int n = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (ended) {
                throw new ConfigException("line " + n + ": text after 'end'");
            }
            if (line.equals("end")) {
                ended = true;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException("line " + n + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "endpoint" -> endpoints.add(endpoint(n, value));
                case "timeout" -> timeout = once(n, key, timeout, duration(n, value));
                case "max-retries" -> retries = once(n, key, retries, integer(n, key, value));
                default -> throw new ConfigException("line " + n + ": unknown key '" + key
                        + "' (known: endpoint, timeout, max-retries)");
            }
        }
        if (!ended) {
            throw new ConfigException("no 'end' line: the file is incomplete (still being written?)");
        }
        if (timeout == null || retries == null) {
            throw new ConfigException("missing " + (timeout == null ? "timeout" : "max-retries"));
        }
        try {
            return new ClientConfig(endpoints, timeout, retries);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static <T> T once(int line, String key, T before, T value) throws ConfigException {
        if (before != null) {
            throw new ConfigException("line " + line + ": " + key + " given twice");
        }
        return value;
    }

    /** host:port with an IP literal host ([::1]:port for IPv6); no name goes to DNS. */
    static InetSocketAddress endpoint(int line, String value) throws ConfigException {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new ConfigException("line " + line + ": endpoint '" + value + "' is not host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new ConfigException("line " + line + ": endpoint host '" + host + "' is not an IP literal");
        }
        int port = (int) integer(line, "endpoint port", value.substring(colon + 1), 1, 65_535);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            throw new ConfigException("line " + line + ": endpoint host '" + host + "' is not an IP literal");
        }
    }

    static Duration duration(int line, String value) throws ConfigException {
        try {
            Duration d;
            if (value.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else {
                throw new NumberFormatException();
            }
            if (d.compareTo(ClientConfig.MIN_TIMEOUT) < 0 || d.compareTo(ClientConfig.MAX_TIMEOUT) > 0) {
                throw new ConfigException("line " + line + ": timeout '" + value + "' is out of range 1ms..3600s");
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException("line " + line + ": timeout '" + value + "' is not a duration such as 250ms or 2s");
        }
    }

    private static int integer(int line, String key, String value) throws ConfigException {
        return (int) integer(line, key, value, 0, ClientConfig.MAX_RETRIES);
    }

    private static long integer(int line, String key, String value, long min, long max) throws ConfigException {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException("line " + line + ": " + key + " '" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new ConfigException("line " + line + ": " + key + " '" + value + "' is out of range " + min + ".." + max);
        }
        return n;
    }
}
