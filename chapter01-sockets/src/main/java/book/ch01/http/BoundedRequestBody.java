package book.ch01.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A request body that refuses to deliver more than a fixed number of bytes. It protects a
 * handler that calls {@code readAllBytes()} from a client streaming gigabytes in chunked
 * encoding, where no Content-Length warns the server in advance.
 */
final class BoundedRequestBody extends InputStream {

    private final InputStream body;
    private final long limit;
    private long count;

    BoundedRequestBody(InputStream body, long limit) {
        this.body = Objects.requireNonNull(body, "body");
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = body.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        // Never ask for more than one byte past the limit: that byte proves the body is too large.
        int n = body.read(buffer, offset, (int) Math.min(length, limit - count + 1));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return body.available();
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    private void counted(int n) throws RequestBodyTooLargeException {
        count += n;
        if (count > limit) {
            throw RequestBodyTooLargeException.whileReading(count, limit);
        }
    }
}
