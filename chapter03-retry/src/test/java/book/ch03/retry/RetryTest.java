package book.ch03.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch03.backoff.ExponentialBackoff;
import book.ch03.backoff.FixedBackoff;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryTest {

    private final FakeClock clock = new FakeClock(1_000_000);
    private final List<AttemptEvent> events = new ArrayList<>();

    private <T> Retry<T> retry(RetryPolicy<T> policy) {
        return Retry.of(policy, clock, clock.sleeper(), new SplittableRandom(1), events::add, RetryGate.UNLIMITED);
    }

    /** A port with nobody listening: connecting to it is refused, for real. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String connectAndGreet(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            return "connected";
        }
    }

    @Nested
    class WhatItRetries {

        @Test
        void retriesConnectionRefusedUntilTheServerIsThere() throws Exception {
            int closed = closedPort();
            try (ServerSocket live = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                AtomicInteger calls = new AtomicInteger();
                String result = retry(RetryPolicy.<String>builder().backoff(new FixedBackoff(100)).build())
                        .call(() -> connectAndGreet(calls.incrementAndGet() < 3 ? closed : live.getLocalPort()));
                assertEquals("connected", result);
                assertEquals(3, calls.get());
                assertEquals(List.of(100L, 100L), clock.sleeps());
            }
        }

        @Test
        void retriesAReadTimeoutOnlyWhenTheCallIsIdempotent() throws Exception {
            try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Callable<Integer> readOneByte = () -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), silent.getLocalPort())) {
                        s.setSoTimeout(30); // the server accepts (backlog) but never writes
                        return s.getInputStream().read();
                    }
                };
                AtomicInteger unsafe = new AtomicInteger();
                assertThrows(SocketTimeoutException.class, () -> retry(RetryPolicy.<Integer>builder().build())
                        .call(() -> { unsafe.incrementAndGet(); return readOneByte.call(); }));
                assertEquals(1, unsafe.get(), "a non-idempotent call is not sent twice");

                AtomicInteger safe = new AtomicInteger();
                assertThrows(SocketTimeoutException.class, () -> retry(RetryPolicy.<Integer>builder()
                        .idempotent(true).maxAttempts(3).build())
                        .call(() -> { safe.incrementAndGet(); return readOneByte.call(); }));
                assertEquals(3, safe.get());
            }
        }

        @Test
        void throwsANonRetryableFailureAtOnceSayingWhy() {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> retry(RetryPolicy.<String>builder().build()).call(() -> {
                        throw new IllegalStateException("bug");
                    }));
            assertEquals(List.of(), clock.sleeps());
            RetryStoppedException why = assertInstanceOf(RetryStoppedException.class, thrown.getSuppressed()[0]);
            assertEquals(Outcome.NOT_RETRYABLE, why.reason());
        }

        @Test
        void retriesAResultThePolicyRejectsAndReturnsTheLastOneWhenAttemptsRunOut() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            Integer status = retry(RetryPolicy.<Integer>builder().maxAttempts(3)
                    .backoff(new FixedBackoff(10)).retryOnResult(s -> s == 503).build())
                    .call(() -> { calls.incrementAndGet(); return 503; });
            assertEquals(503, status);
            assertEquals(3, calls.get());
            assertEquals(Outcome.ATTEMPTS_EXHAUSTED, events.getLast().outcome());
        }

        @Test
        void answersAsTheLastAttemptDidEvenWhenAnEarlierOneThrew() throws Exception {
            int closed = closedPort();
            AtomicInteger calls = new AtomicInteger();
            Integer status = retry(RetryPolicy.<Integer>builder().maxAttempts(3)
                    .backoff(new FixedBackoff(10)).retryOnResult(s -> s == 503).build())
                    .call(() -> {
                        if (calls.incrementAndGet() == 1) {
                            connectAndGreet(closed); // refused, for real
                        }
                        return 503;
                    });
            assertEquals(503, status, "the last attempt's 503, not the first attempt's refused connect");
            assertEquals(3, calls.get());
            assertInstanceOf(ConnectException.class, events.getFirst().failure());
            assertEquals(Outcome.ATTEMPTS_EXHAUSTED, events.getLast().outcome());
        }
    }

    @Nested
    class WaitsAndDeadline {

        @Test
        void sleepsExactlyWhatTheBackoffChooses() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            retry(RetryPolicy.<Integer>builder().maxAttempts(4).backoff(new ExponentialBackoff(100, 30_000))
                    .retryOnResult(s -> s != 200).build())
                    .call(() -> calls.incrementAndGet() < 4 ? 503 : 200);
            assertEquals(List.of(100L, 200L, 400L), clock.sleeps());
        }

        @Test
        void doesNotStartASleepThatWouldEndPastTheDeadline() {
            RetryPolicy<String> policy = RetryPolicy.<String>builder().maxAttempts(10)
                    .backoff(new ExponentialBackoff(1_000, 30_000)).maxDuration(Duration.ofMillis(2_500)).build();
            ConnectException thrown = assertThrows(ConnectException.class, () -> retry(policy).call(() -> {
                clock.advance(100); // each attempt takes 100 ms
                throw new ConnectException("Connection refused");
            }));
            // first failure at 100 ms: the window ends at 2600; sleep 1000; failure at 1200; 1200 + 2000 > 2600: stop
            assertEquals(List.of(1_000L), clock.sleeps());
            assertEquals(Outcome.DEADLINE_REACHED, events.getLast().outcome());
            RetryStoppedException why = (RetryStoppedException) thrown.getSuppressed()[1];
            assertTrue(why.getMessage().contains("a 2000 ms wait would leave no time before the 2500 ms retry window, 1400 ms away"),
                    why.getMessage());
        }
    }

    @Nested
    class CallersDeadline {

        @Test
        void doesNotStartASleepThatWouldEndPastTheCallersDeadline() {
            Deadline deadline = Deadline.after(Duration.ofMillis(1_500), clock); // what is left of the user's request
            RetryPolicy<String> policy = RetryPolicy.<String>builder().maxAttempts(10)
                    .backoff(new FixedBackoff(1_000)).build();
            assertThrows(ConnectException.class, () -> retry(policy).callWithin(deadline, left -> {
                throw new ConnectException("Connection refused");
            }));
            assertEquals(List.of(1_000L), clock.sleeps(), "a second 1 s sleep would end 500 ms late");
            assertEquals(Outcome.DEADLINE_REACHED, events.getLast().outcome());
            assertEquals("a 1000 ms wait would leave no time before the caller's deadline, 500 ms away",
                    events.getLast().note());
        }
    }

    @Nested
    class FailuresAndInterrupts {

        @Test
        void throwsTheLastFailureWithEveryEarlierOneSuppressed() {
            AtomicInteger calls = new AtomicInteger();
            ConnectException thrown = assertThrows(ConnectException.class,
                    () -> retry(RetryPolicy.<String>builder().maxAttempts(3).build()).call(() -> {
                        throw new ConnectException("refused #" + calls.incrementAndGet());
                    }));
            assertEquals("refused #3", thrown.getMessage());
            Throwable[] suppressed = thrown.getSuppressed();
            assertEquals("refused #1", suppressed[0].getMessage());
            assertEquals("refused #2", suppressed[1].getMessage());
            assertEquals(Outcome.ATTEMPTS_EXHAUSTED, ((RetryStoppedException) suppressed[2]).reason());
        }

        @Test
        void interruptedWhileWaitingRestoresTheFlagAndStops() {
            AtomicInteger calls = new AtomicInteger();
            Retry<String> retry = Retry.of(RetryPolicy.<String>builder().build(), clock,
                    ms -> { throw new InterruptedException("sleep interrupted"); },
                    new SplittableRandom(1), events::add, RetryGate.UNLIMITED);
            try {
                InterruptedException thrown = assertThrows(InterruptedException.class, () -> retry.call(() -> {
                    calls.incrementAndGet();
                    throw new ConnectException("refused");
                }));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is set again");
                assertEquals(1, calls.get(), "no attempt after the interrupt");
                assertEquals("refused", thrown.getSuppressed()[0].getMessage());
                assertEquals(Outcome.INTERRUPTED, events.getLast().outcome());
            } finally {
                Thread.interrupted(); // leave the test thread clean
            }
        }

        @Test
        void anInterruptedThreadDoesNotRetry() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            try {
                assertThrows(ConnectException.class, () -> retry(RetryPolicy.<String>builder().build()).call(() -> {
                    calls.incrementAndGet();
                    Thread.currentThread().interrupt(); // e.g. interrupted inside a blocking read
                    throw new ConnectException("refused");
                }));
                assertEquals(1, calls.get());
                assertEquals(Outcome.INTERRUPTED, events.getLast().outcome());
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Nested
    class Listener {

        @Test
        void hearsEveryAttemptWithItsNumberDelayOutcomeAndElapsedTime() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            retry(RetryPolicy.<String>builder().backoff(new FixedBackoff(250)).build()).call(() -> {
                clock.advance(50);
                if (calls.incrementAndGet() < 3) {
                    throw new ConnectException("refused");
                }
                return "ok";
            });
            assertEquals(3, events.size());
            assertEquals(new AttemptEvent(1, Outcome.RETRYING, 250, 50, null, events.get(0).failure(), null),
                    events.get(0));
            assertEquals(Outcome.RETRYING, events.get(1).outcome());
            assertEquals(350, events.get(1).elapsedMillis()); // 50 + 250 + 50
            assertEquals(new AttemptEvent(3, Outcome.SUCCEEDED, 0, 650, "ok", null, null), events.get(2));
        }
    }

    @Nested
    class GatesAndServerDelays {

        @Test
        void stopsWhenTheGateRefusesARetry() {
            RetryGate empty = new RetryGate() {
                @Override
                public void onRequest() {
                }

                @Override
                public boolean tryRetry() {
                    return false;
                }
            };
            Retry<String> retry = retry(RetryPolicy.<String>builder().build()).withGate(empty);
            assertThrows(ConnectException.class, () -> retry.call(() -> {
                throw new ConnectException("refused");
            }));
            assertEquals(List.of(Outcome.BUDGET_EXHAUSTED), events.stream().map(AttemptEvent::outcome).toList());
        }

        @Test
        void aDelayChoiceCanReplaceTheBackoffOrGiveUp() throws Exception {
            RetryPolicy<Integer> policy = RetryPolicy.<Integer>builder().retryOnResult(s -> s != 200)
                    .delay((attempt, status, failure, backoff, random) -> attempt == 1
                            ? RetryDelay.Choice.wait(7_000, "server said 7 s")
                            : RetryDelay.Choice.giveUp("server said too long"))
                    .build();
            Integer last = retry(policy).call(() -> 503);
            assertEquals(503, last);
            assertEquals(List.of(7_000L), clock.sleeps());
            assertEquals("server said 7 s", events.get(0).note());
            assertSame(Outcome.DELAY_REFUSED, events.get(1).outcome());
        }
    }

    @Nested
    class PolicyValidation {

        @Test
        void namesTheParameterAndTheBadValue() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RetryPolicy.builder().maxAttempts(0).build());
            assertEquals("maxAttempts must be between 1 and 100, not 0", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> RetryPolicy.builder().maxDuration(Duration.ofSeconds(-1)).build());
            assertEquals("maxDuration must be positive, not PT-1S", e.getMessage());
        }

        @Test
        void oneAttemptAndTheLimitOfAHundredAreBothAllowed() {
            assertEquals(1, RetryPolicy.builder().maxAttempts(1).build().maxAttempts());
            assertEquals(RetryPolicy.MAX_ATTEMPTS_LIMIT,
                    RetryPolicy.builder().maxAttempts(RetryPolicy.MAX_ATTEMPTS_LIMIT).build().maxAttempts());
            assertThrows(IllegalArgumentException.class,
                    () -> RetryPolicy.builder().maxAttempts(RetryPolicy.MAX_ATTEMPTS_LIMIT + 1).build());
        }

        @Test
        void theDefaultsAreFourAttemptsTenSecondsAndFullJitter() {
            RetryPolicy<Object> policy = RetryPolicy.builder().build();
            assertEquals(4, policy.maxAttempts());
            assertEquals(Duration.ofSeconds(10), policy.maxDuration());
            assertEquals(new book.ch03.backoff.FullJitterBackoff(200, 30_000), policy.backoff());
        }
    }

}
