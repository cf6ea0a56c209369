package book.ch02.logging;

import book.ch02.classify.Classification;
import book.ch02.classify.FailureClassifier;
import java.util.function.LongSupplier;

/**
 * The top layer, the boundary where a failure is handled: it decides what its own caller gets,
 * and it is the only place the failure is logged. One failure, one event, with the context
 * every layer contributed.
 */
public final class CheckoutHandler {

    private final PriceClient prices;
    private final FailureClassifier classifier;
    private final FailureLog failures;
    private final LongSupplier ticker;

    /** {@code ticker} is a monotonic clock in nanoseconds ({@code System::nanoTime}), the one {@code failures} uses. */
    public CheckoutHandler(PriceClient prices, FailureClassifier classifier, FailureLog failures, LongSupplier ticker) {
        this.prices = prices;
        this.classifier = classifier;
        this.failures = failures;
        this.ticker = ticker;
    }

    // tag::boundary[]
    /** What the checkout page shows for this product. */
    public String handle(String traceId, String sku) {
        long start = ticker.getAsLong();
        try {
            return "price of " + sku + ": " + prices.priceOf(sku);
        } catch (UpstreamCallException e) { // handled here, so logged here, once
            Classification c = classifier.classify(e.getCause(), e.phase());
            failures.failed(traceId, e, c, start);
            return c.allowsRetry("GET", false) ? "price of " + sku + " unavailable, try again shortly"
                    : "price of " + sku + " unavailable";
        }
    }
    // end::boundary[]
}
