package book.ch02.logging;

import book.ch02.fixture.PeerScripts;
import book.ch02.fixture.LoopbackPeer;
import book.ch02.fixture.ClosedPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import book.ch02.checksum.ChecksummedFrameReader;
import book.ch02.checksum.ChecksummedFrameWriter;
import book.ch02.classify.Classification;
import book.ch02.classify.FailureClassifier;
import book.ch02.classify.FailureKind;
import book.ch02.classify.Phase;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failures logged as JSON lines: every line parses back, and one failure is one event. */
class StructuredLogTest {

    static final Instant T0 = Instant.parse("2026-11-23T17:20:00.125Z");

    /** A wall clock and a monotonic ticker that the test moves: together, or the wall clock alone. */
    static final class ManualClock implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(T0);
        private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(5_000_000_000L);

        @Override
        public Instant instant() {
            return now.get();
        }

        long nanoTime() {
            return nanos.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
            nanos.addAndGet(d.toNanos());
        }

        /** What NTP or an operator does: the wall clock jumps, elapsed time does not. */
        void stepWallClock(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    static String unique(String prefix) {
        return "book.ch02.test." + prefix + "." + System.nanoTime();
    }

    @Nested
    class Escaping {
        @ParameterizedTest
        @ValueSource(strings = {
            "plain", "say \"hi\"", "C:\\temp\\new", "two\nlines", "tab\there", "cr\rlf",
            "nul\u0000bell\u0007esc\u001bus\u001f", "del\u007f", "naïve café", "日本語", "emoji \uD83D\uDE00",
            "line sep \u2028 para sep \u2029", "lone surrogate \uD800 end", "</script>", "{\"json\":\"inside\"}", ""})
        void anyMessageSurvivesTheRoundTrip(String nasty) {
            String json = new JsonLine().string("message", nasty).toString();
            assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + json);
            assertEquals(nasty, MiniJson.object(json).get("message"));
        }

        @Test
        void theParserItselfRejectsARawNewlineInAString() {
            assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("{\"m\":\"a\nb\"}"));
        }
    }

    @Nested
    class Events {
        @Test
        void theElapsedTimeIgnoresAWallClockSteppedBackOrForth() {
            for (Duration step : List.of(Duration.ofHours(-1), Duration.ofHours(1))) {
                var clock = new ManualClock();
                try (var log = new CapturedLog(unique("step"))) {
                    var failureLog = new FailureLog(log.systemLogger(), clock, clock::nanoTime, "checkout");
                    long start = clock.nanoTime();
                    clock.advance(Duration.ofMillis(250));
                    clock.stepWallClock(step);
                    var failure = new UpstreamCallException("127.0.0.1", 8443, "price.lookup", 1, Phase.CONNECTING,
                            new java.net.ConnectException("Connection refused"));
                    failureLog.failed("t", failure, new FailureClassifier().classify(failure.getCause(), failure.phase()), start);
                    Map<String, Object> event = MiniJson.object(log.lines().getFirst());
                    assertEquals(250L, event.get("elapsed_ms"), "stepped " + step);
                    assertEquals(T0.plusMillis(250).plus(step).toString(), event.get("timestamp"));
                }
            }
        }

        @Test
        void aFailureEventCarriesEveryFieldAsJsonWithTheInjectedClock() {
            var clock = new ManualClock();
            try (var log = new CapturedLog(unique("event"))) {
                var failureLog = new FailureLog(log.systemLogger(), clock, clock::nanoTime, "checkout");
                long start = clock.nanoTime();
                clock.advance(Duration.ofMillis(1234));
                var failure = new UpstreamCallException("127.0.0.1", 8443, "price.lookup", 2, Phase.AWAITING_RESPONSE,
                        new java.net.SocketTimeoutException("Read \"timed\" out\nat line 2"));
                Classification c = new FailureClassifier().classify(failure.getCause(), failure.phase());
                failureLog.failed("4bf92f3577b34da6", failure, c, start);

                List<String> lines = log.lines();
                assertEquals(1, lines.size());
                Map<String, Object> event = MiniJson.object(lines.getFirst());
                assertEquals("2026-11-23T17:20:01.359Z", event.get("timestamp"));
                assertEquals("WARNING", event.get("level"));
                assertEquals("4bf92f3577b34da6", event.get("trace_id"));
                assertEquals("checkout", event.get("service"));
                assertEquals("127.0.0.1", event.get("upstream_host"));
                assertEquals(8443L, event.get("upstream_port"));
                assertEquals("price.lookup", event.get("operation"));
                assertEquals(2L, event.get("attempt"));
                assertEquals("java.net.SocketTimeoutException", event.get("failure_class"));
                assertEquals("Read \"timed\" out\nat line 2", event.get("message"));
                assertEquals("RETRYABLE_IF_IDEMPOTENT", event.get("decision"));
                assertEquals("READ_TIMEOUT", event.get("kind"));
                assertEquals(true, event.get("may_have_been_processed"));
                assertEquals(1234L, event.get("elapsed_ms"));
            }
        }

        @Test
        void aFailureRetryingCannotFixIsAnError() {
            try (var log = new CapturedLog(unique("error"))) {
                var failure = new UpstreamCallException("no-such-host.invalid", 443, "price.lookup", 1, Phase.CONNECTING,
                        new java.net.UnknownHostException("no-such-host.invalid"));
                var c = new Classification(FailureKind.UNKNOWN_HOST, false, false, "no such host");
                new FailureLog(log.systemLogger(), new ManualClock(), "checkout").failed("t", failure, c, System.nanoTime());
                assertEquals("ERROR", MiniJson.object(log.lines().getFirst()).get("level"));
            }
        }

        @Test
        void otherRecordsThroughTheFormatterAreJsonLinesToo() {
            try (var log = new CapturedLog(unique("plain"))) {
                log.systemLogger().log(System.Logger.Level.INFO, "listening on {0}", "127.0.0.1:8080");
                log.systemLogger().log(System.Logger.Level.WARNING, "odd \"reply\"", new ConnectException("refused"));
                List<String> lines = log.lines();
                assertEquals(2, lines.size());
                assertEquals("listening on 127.0.0.1:8080", MiniJson.object(lines.get(0)).get("message"));
                Map<String, Object> second = MiniJson.object(lines.get(1));
                assertEquals("odd \"reply\"", second.get("message"));
                assertEquals("java.net.ConnectException", second.get("failure_class"));
            }
        }
    }

    @Nested
    class OncePerFailure {
        @Test
        void aRefusedCallFailingThroughThreeLayersIsLoggedExactlyOnceWithEveryLayersContext() throws Exception {
            var clock = new ManualClock();
            try (var log = new CapturedLog(unique("layers"))) {
                var upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), ClosedPort.find());
                var handler = handler(upstream, log, clock);

                String shown = handler.handle("trace-1", "sku-42");

                assertEquals("price of sku-42 unavailable, try again shortly", shown);
                List<String> lines = log.lines();
                assertEquals(1, lines.size(), () -> "one failure, one event: " + lines);
                Map<String, Object> event = MiniJson.object(lines.getFirst());
                assertEquals("trace-1", event.get("trace_id"));                       // from the handler
                assertEquals(PriceClient.OPERATION, event.get("operation"));           // from the client
                assertEquals((long) upstream.getPort(), event.get("upstream_port"));   // from the transport
                assertEquals("java.net.ConnectException", event.get("failure_class"));
                assertEquals("RETRYABLE", event.get("decision"));
            }
        }

        @Test
        void aSuccessfulCallLogsNothing() throws Exception {
            try (var peer = LoopbackPeer.start(connection -> {
                        var reader = new ChecksummedFrameReader(connection.getInputStream());
                        reader.read();
                        new ChecksummedFrameWriter(connection.getOutputStream()).write("1999".getBytes(StandardCharsets.UTF_8));
                    });
                    var log = new CapturedLog(unique("success"))) {
                String shown = handler(peer.address(), log, new ManualClock()).handle("trace-2", "sku-7");
                assertEquals("price of sku-7: 1999", shown);
                assertEquals(List.of(), log.lines());
            }
        }

        @Test
        void aResetAfterSendingIsLoggedOnceAsMaybeProcessed() throws Exception {
            try (var peer = LoopbackPeer.start(PeerScripts.resetAfterRequest());
                    var log = new CapturedLog(unique("reset"))) {
                handler(peer.address(), log, new ManualClock()).handle("trace-3", "sku-9");
                List<String> lines = log.lines();
                assertEquals(1, lines.size());
                assertEquals(true, MiniJson.object(lines.getFirst()).get("may_have_been_processed"));
            }
        }

        private CheckoutHandler handler(InetSocketAddress upstream, CapturedLog log, ManualClock clock) {
            var transport = new QuoteTransport(upstream, Duration.ofSeconds(5));
            return new CheckoutHandler(new PriceClient(transport), new FailureClassifier(),
                    new FailureLog(log.systemLogger(), clock, clock::nanoTime, "checkout"), clock::nanoTime);
        }
    }
}
