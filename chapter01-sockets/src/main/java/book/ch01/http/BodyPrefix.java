package book.ch01.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The first {@code limit} bytes of a response body, and whether there was more. Its
 * {@link #subscriber} stops reading at the limit and cancels the rest (which also retires the
 * connection), so neither a huge body nor an endless one can exhaust the client's memory.
 */
record BodyPrefix(byte[] bytes, boolean truncated) {

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The text with a visible mark when the body went on past the limit. */
    String excerpt() {
        return truncated ? text() + "..." : text();
    }

    static BodySubscriber<BodyPrefix> subscriber(int limit) {
        return new Collector(limit);
    }

    private static final class Collector implements BodySubscriber<BodyPrefix> {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<BodyPrefix> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Collector(int limit) {
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return; // already cut off at the limit
            }
            for (ByteBuffer buffer : buffers) {
                int room = limit - kept.size();
                int take = Math.min(room, buffer.remaining());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                kept.write(chunk, 0, take);
                if (buffer.hasRemaining()) { // more than the limit: stop reading here
                    subscription.cancel();
                    result.complete(new BodyPrefix(kept.toByteArray(), true));
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(new BodyPrefix(kept.toByteArray(), false));
        }

        @Override
        public CompletionStage<BodyPrefix> getBody() {
            return result;
        }
    }
}
