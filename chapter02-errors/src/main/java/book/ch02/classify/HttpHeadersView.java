package book.ch02.classify;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The response headers the classifier reads, by case-insensitive name, whichever HTTP stack
 * produced them: {@code java.net.http.HttpHeaders#map()}, {@code com.sun.net.httpserver.Headers}
 * or a plain map in a test.
 */
public record HttpHeadersView(Map<String, List<String>> map) {

    public static final HttpHeadersView NONE = new HttpHeadersView(Map.of());

    public HttpHeadersView {
        var copy = new java.util.HashMap<String, List<String>>();
        map.forEach((name, values) -> { // HttpURLConnection lists its status line under a null name
            if (name != null && values != null) {
                copy.put(name, List.copyOf(values));
            }
        });
        map = Map.copyOf(copy);
    }

    public static HttpHeadersView of(String name, String value) {
        return new HttpHeadersView(Map.of(name, List.of(value)));
    }

    public Optional<String> first(String name) {
        return map.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst())
                .findFirst();
    }
}
