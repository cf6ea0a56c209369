package book.ch02.logging;

import java.nio.charset.StandardCharsets;

/**
 * The middle layer: turns a product into a price using the transport. It has nothing to add to
 * a failed call, so it neither catches nor logs: the exception passes through untouched.
 */
public final class PriceClient {

    static final String OPERATION = "price.lookup";

    private final QuoteTransport transport;

    public PriceClient(QuoteTransport transport) {
        this.transport = transport;
    }

    /** The price of {@code sku} in cents, as the upstream states it. */
    public String priceOf(String sku) throws UpstreamCallException {
        byte[] reply = transport.call(OPERATION, 1, sku.getBytes(StandardCharsets.UTF_8));
        return new String(reply, StandardCharsets.UTF_8);
    }
}
