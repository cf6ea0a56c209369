package book.ch05.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import org.junit.jupiter.api.Test;

/** Pins the rows of the book's shared retry table that failover relies on. */
class RetryTableTest {

    static RetryTable.Verdict v(boolean transient_, boolean processed) {
        return new RetryTable.Verdict(transient_, processed);
    }

    @Test
    void failuresThrownByACall() {
        assertEquals(v(true, false), RetryTable.of(new ConnectException("Connection refused")));
        assertEquals(v(true, false), RetryTable.of(new ConnectException("Connection timed out")));
        assertEquals(v(true, false), RetryTable.of(new NoRouteToHostException()));
        assertEquals(v(false, false), RetryTable.of(new UnknownHostException("x")));
        assertEquals(v(true, true), RetryTable.of(new SocketTimeoutException("Read timed out")));
        assertEquals(v(true, true), RetryTable.of(new SocketException("Connection reset")));
        assertEquals(v(true, true), RetryTable.of(new EOFException()));
        assertEquals(v(false, true), RetryTable.of(new InterruptedIOException()));
        assertEquals(v(false, true), RetryTable.of(new ClosedByInterruptException()));
        assertEquals(v(true, true), RetryTable.of(new IOException("broken pipe")));
    }

    @Test
    void statuses() {
        for (int ok : new int[] {200, 204, 301, 303, 304, 399}) {
            assertNull(RetryTable.of(ok), "status " + ok);
        }
        assertEquals(v(true, false), RetryTable.of(408));
        assertEquals(v(true, false), RetryTable.of(429));
        assertEquals(v(false, true), RetryTable.of(500));
        assertEquals(v(false, false), RetryTable.of(501));
        assertEquals(v(false, false), RetryTable.of(505));
        assertEquals(v(true, true), RetryTable.of(502));
        assertEquals(v(true, true), RetryTable.of(503));
        assertEquals(v(true, true), RetryTable.of(504));
        assertEquals(v(false, false), RetryTable.of(400));
        assertEquals(v(false, false), RetryTable.of(404));
        assertEquals(v(false, true), RetryTable.of(409));
        assertEquals(v(false, true), RetryTable.of(422));
        assertEquals(v(false, true), RetryTable.of(599));
        assertEquals(v(false, true), RetryTable.of(99));
        assertEquals(v(false, true), RetryTable.of(600));
        assertEquals(v(false, false), RetryTable.of(499));
        assertNull(RetryTable.of(100));
    }

    @Test
    void aNonIdempotentRequestWithoutAKeyIsNeverRepeatedWhereItMayHaveActed() {
        for (int status : new int[] {502, 503, 504}) {
            assertEquals(false, RetryTable.of(status).allowsRetry(false, false), "status " + status);
            assertEquals(true, RetryTable.of(status).allowsRetry(false, true), "with a key, status " + status);
            assertEquals(true, RetryTable.of(status).allowsRetry(true, false), "idempotent, status " + status);
        }
        assertEquals(false, RetryTable.of(new SocketTimeoutException()).allowsRetry(false, false));
        assertEquals(false, RetryTable.of(new EOFException()).allowsRetry(false, false));
        assertEquals(true, RetryTable.of(new ConnectException()).allowsRetry(false, false));
        assertEquals(true, RetryTable.of(408).allowsRetry(false, false));
        assertEquals(true, RetryTable.of(429).allowsRetry(false, false));
        assertEquals(false, RetryTable.of(500).allowsRetry(true, true), "not transient: never");
    }
}
