package book.ch01.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLParameters;

/**
 * One long-lived {@link HttpClient} (so connections are kept alive and reused) that turns every
 * response into an {@link HttpResult} by status class, with a deadline on the whole exchange
 * and a bound on every body. It protects callers from the three classic mistakes: reading an
 * error page as if it were the answer, waiting forever, and buffering an unbounded body.
 */
public final class StatusAwareClient implements AutoCloseable {

    private final HttpClient client;
    private final HttpClientConfig config;

    public StatusAwareClient(HttpClientConfig config) {
        this.config = config;
        this.client = newHttpClient(config);
    }

    // tag::new-client[]
    /** An HttpClient for the book: bounded connect, no silent redirects, HTTP/1.1, TLS 1.3 only. */
    public static HttpClient newHttpClient(HttpClientConfig config) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())        // the default is none
                .followRedirects(HttpClient.Redirect.NEVER)     // a 3xx is the caller's decision
                .version(HttpClient.Version.HTTP_1_1);          // what jdk.httpserver speaks
        if (config.sslContext() != null) {
            SSLParameters tls = config.sslContext().getDefaultSSLParameters();
            tls.setProtocols(new String[] {"TLSv1.3"});
            builder.sslContext(config.sslContext()).sslParameters(tls); // host names are still verified
        }
        return builder.build();
    }
    // end::new-client[]

    public HttpResult get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    // tag::send[]
    public HttpResult send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(config.requestTimeout()).build(); // bounds the wait for headers
        CompletableFuture<HttpResponse<BodyPrefix>> exchange = client.sendAsync(built, info ->
                BodyPrefix.subscriber(isSuccess(info.statusCode()) ? config.maxBodyBytes() : config.excerptBytes()));
        HttpResponse<BodyPrefix> response;
        try { // HttpRequest.timeout stops counting once headers arrive: bound the body too
            response = exchange.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete response from " + built.uri()
                    + " within " + config.requestTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        return classify(built.uri(), response);
    }
    // end::send[]

    // tag::classify[]
    private HttpResult classify(URI uri, HttpResponse<BodyPrefix> response) throws ResponseTooLargeException {
        int status = response.statusCode();
        BodyPrefix body = response.body(); // at most maxBodyBytes of a 2xx, excerptBytes of the rest
        if (isSuccess(status)) {
            if (body.truncated()) {
                throw new ResponseTooLargeException(uri, config.maxBodyBytes());
            }
            return new HttpResult.Success(status, body.text());
        }
        return switch (status / 100) {
            case 3 -> new HttpResult.Redirect(status, response.headers().firstValue("Location"), body.excerpt());
            case 4 -> new HttpResult.ClientError(status, body.excerpt());
            case 5 -> new HttpResult.ServerError(status, body.excerpt());
            default -> new HttpResult.Unexpected(status, body.excerpt());
        };
    }
    // end::classify[]

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** Closes the connections and stops the client's threads; waits for exchanges in flight. */
    @Override
    public void close() {
        client.close();
    }
}
