package book.ch03.idempotency;

import java.util.Map;

/**
 * A response as the idempotency store keeps it: enough to send it again byte for byte.
 *
 * @param status  the HTTP status
 * @param headers the headers that belong to the result (Content-Type, Location), not hop-by-hop ones
 * @param body    the body
 */
public record StoredResponse(int status, Map<String, String> headers, byte[] body) {

    public StoredResponse {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
