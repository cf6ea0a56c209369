package book.ch01.http;

import java.util.Optional;

/**
 * What an HTTP exchange came to, by status class, so a caller must decide what each means
 * instead of treating every response as a body. Non-2xx outcomes keep a bounded excerpt of the
 * body: the server's own explanation, without letting an error page flood a log.
 */
// tag::result[]
public sealed interface HttpResult {

    int status();

    /** 2xx: the body is the answer. */
    record Success(int status, String body) implements HttpResult { }

    /** 3xx, seen because redirects are not followed: where the server points. */
    record Redirect(int status, Optional<String> location, String excerpt) implements HttpResult { }

    /** 4xx: this request is wrong; sending it again unchanged will fail again. */
    record ClientError(int status, String excerpt) implements HttpResult { }

    /** 5xx: the server failed; another attempt may succeed. */
    record ServerError(int status, String excerpt) implements HttpResult { }

    /** Anything else (1xx, 6xx and up): a server that does not speak HTTP as we know it. */
    record Unexpected(int status, String excerpt) implements HttpResult { }
}
// end::result[]
