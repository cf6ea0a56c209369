package book.ch03.retry;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.backoff.DecorrelatedJitterBackoff;
import book.ch03.backoff.EqualJitterBackoff;
import book.ch03.backoff.FixedBackoff;
import book.ch03.backoff.ProportionalJitterBackoff;
import book.ch03.budget.RetryBudget;
import book.ch03.classify.FailureClassifier;
import book.ch03.classify.FailureKind;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The boundaries and validations that mutation testing found untested (issue #9 section 2). */
class EdgesTest {

    private final FakeClock clock = new FakeClock(0);

    @Nested
    class RetryFastPath {
        @Test
        void theFastPathAnnouncesEveryCallToTheGate() throws Exception {
            AtomicInteger requests = new AtomicInteger();
            RetryGate counting = new RetryGate() {
                @Override
                public void onRequest() {
                    requests.incrementAndGet();
                }

                @Override
                public boolean tryRetry() {
                    return true;
                }
            };
            Retry<String> retry = Retry.of(RetryPolicy.<String>builder().build(), clock, clock.sleeper(),
                    () -> 4, RetryListener.NONE, counting);
            assertEquals("ok", retry.call(() -> "ok"));
            assertEquals("ok", retry.call(() -> "ok"));
            assertEquals(2, requests.get());
        }

        @Test
        void withoutAListenerAResultToRetryIsStillRetried() throws Exception {
            Retry<Integer> retry = Retry.of(RetryPolicy.<Integer>builder().retryOnResult(s -> s == 503).build(), clock,
                    clock.sleeper(), () -> 4, RetryListener.NONE, RetryGate.UNLIMITED);
            AtomicInteger calls = new AtomicInteger();
            assertEquals(200, retry.call(() -> calls.incrementAndGet() == 1 ? 503 : 200));
            assertEquals(2, calls.get());
            assertEquals(200, retry.call(() -> 200), "a good result on the fast path is returned as it is");
        }

        @Test
        void idempotentFalseRetriesOnlyWhatCannotHaveArrived() {
            var unsafe = RetryPolicy.<String>builder().idempotent(false).build().retryOnFailure();
            var safe = RetryPolicy.<String>builder().idempotent(true).build().retryOnFailure();
            SocketTimeoutException read = new SocketTimeoutException("Read timed out");
            assertFalse(unsafe.test(read));
            assertTrue(safe.test(read));
            assertTrue(unsafe.test(new ConnectException("Connection refused")));
        }
    }

    @Nested
    class Deadlines {
        @Test
        void noneIsUnboundedAndARealOneIsBounded() {
            assertFalse(Deadline.none().isBounded());
            assertTrue(Deadline.after(Duration.ofMillis(1), clock).isBounded());
            assertEquals(Duration.ofMillis(1), Deadline.after(Duration.ofMillis(1), clock).remaining());
        }

        @Test
        void theLongestDurationSaturatesExactlyAtLongMaxNanos() {
            assertEquals(Long.MAX_VALUE, Deadline.after(Duration.ofNanos(Long.MAX_VALUE), clock).remainingNanos());
            assertEquals(Long.MAX_VALUE - 1, Deadline.after(Duration.ofNanos(Long.MAX_VALUE - 1), clock).remainingNanos());
            assertEquals(Duration.ZERO, Deadline.after(Duration.ZERO, clock).remaining());
        }
    }

    @Nested
    class BudgetSettings {
        @Test
        void acceptsEachBoundAndRefusesJustOutside() {
            assertDoesNotThrow(() -> new RetryBudget(0, 0, 1, clock));
            assertDoesNotThrow(() -> new RetryBudget(10, 1_000_000, 1_000_000, clock));
            assertThrows(IllegalArgumentException.class, () -> new RetryBudget(10.001, 0, 1, clock));
            assertEquals("minPerSecond must be between 0 and 1000000, not -1.0", assertThrows(
                    IllegalArgumentException.class, () -> new RetryBudget(0.2, -1, 1, clock)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> new RetryBudget(0.2, 1_000_001, 1, clock));
            assertThrows(IllegalArgumentException.class, () -> new RetryBudget(0.2, 0, 1_000_001, clock));
            assertThrows(IllegalArgumentException.class, () -> new RetryBudget(0.2, 0, 0.999, clock));
        }

        @Test
        void aFloorEarnsNothingUntilAWholeThousandthHasPassedAndKeepsTheTime() {
            RetryBudget budget = new RetryBudget(0, 1, 1, clock); // 1 token a second: 1 thousandth a ms
            assertTrue(budget.tryRetry());
            assertFalse(budget.tryRetry());
            clock.advance(999);
            assertFalse(budget.tryRetry(), "999 thousandths");
            clock.advance(1);
            assertTrue(budget.tryRetry(), "the 999 ms were kept, not lost at each look");
        }
    }

    @Nested
    class BackoffValidation {
        @Test
        void everyJitteredBackoffChecksItsBaseAndCap() {
            assertThrows(IllegalArgumentException.class, () -> new EqualJitterBackoff(0, 10));
            assertThrows(IllegalArgumentException.class, () -> new DecorrelatedJitterBackoff(10, 5));
            assertThrows(IllegalArgumentException.class, () -> new ProportionalJitterBackoff(0, 10, 0.5));
            assertThrows(IllegalArgumentException.class, () -> new ProportionalJitterBackoff(10, 20, 0));
            assertThrows(IllegalArgumentException.class, () -> new ProportionalJitterBackoff(10, 20, 1));
            assertDoesNotThrow(() -> new ProportionalJitterBackoff(10, 20, 0.999));
            assertDoesNotThrow(() -> new FixedBackoff(0));
            assertThrows(IllegalArgumentException.class, () -> new FixedBackoff(-1));
        }
    }

    @Nested
    class Classifier {
        @Test
        void plainIoExceptionsAreReadByTheirWords() {
            for (String m : new String[] {"Connection reset by peer", "stream closed", "received no bytes", "Broken pipe"}) {
                assertEquals(FailureKind.RESET, FailureClassifier.kind(new IOException(m)), m);
            }
            assertEquals(FailureKind.OTHER, FailureClassifier.kind(new IOException("disk full")));
            assertEquals(FailureKind.OTHER, FailureClassifier.kind(new IOException((String) null)));
        }

        @Test
        void aHandshakeIsCutOnlyByEofOrAResetDownItsCauses() {
            SSLHandshakeException viaWrapper = new SSLHandshakeException("handshake failed");
            viaWrapper.initCause(new IOException("wrapped", new EOFException()));
            assertEquals(FailureKind.TLS_HANDSHAKE_CUT, FailureClassifier.kind(viaWrapper));
            SSLHandshakeException certificate = new SSLHandshakeException("handshake failed");
            certificate.initCause(new CertificateException("expired", new EOFException()));
            assertEquals(FailureKind.TLS_REFUSED, FailureClassifier.kind(certificate), "the certificate decides first");
            SSLHandshakeException other = new SSLHandshakeException("handshake failed");
            other.initCause(new IllegalStateException("bug"));
            assertEquals(FailureKind.TLS_REFUSED, FailureClassifier.kind(other));
            assertEquals(FailureKind.TLS_HANDSHAKE_CUT,
                    FailureClassifier.kind(new SSLHandshakeException("Remote host terminated the handshake")));
        }

        @Test
        void statusBoundariesOfTheFourHundreds() {
            assertTrue(FailureClassifier.statusMayHaveBeenProcessed(399));
            assertFalse(FailureClassifier.statusMayHaveBeenProcessed(400));
            assertFalse(FailureClassifier.statusMayHaveBeenProcessed(499));
            assertTrue(FailureClassifier.statusMayHaveBeenProcessed(500));
        }

        @Test
        void describeNeverSaysNull() {
            assertEquals("ConnectException (connect refused)", FailureClassifier.describe(new ConnectException()));
            assertEquals("IOException: outer", FailureClassifier.describe(new IOException("outer", new EOFException("inner"))));
            assertEquals("EOFException: inner", FailureClassifier.describe(new IOException(null, new EOFException("inner"))));
        }
    }
}
