package book.ch04.demo;

import book.ch04.breaker.BreakerConfig;
import book.ch04.breaker.CallNotPermittedException;
import book.ch04.breaker.CircuitBreaker;
import book.ch04.breaker.OutcomeClassifier;
import book.ch04.fallback.Answer;
import book.ch04.fallback.Fallback;
import book.ch04.fixture.SlowServer;
import book.ch04.time.Ticker;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The chapter's story on loopback, told twice: callers keep calling a dependency that is
 * healthy, then slow, then dead, then healthy again; once with a per-attempt timeout, a breaker
 * and a last-good fallback, once with the timeout and the fallback only. It narrates the
 * breaker's transitions and the fallback's alarm as they happen and ends each run with a table
 * per phase: calls, how they ended, how many went to the dependency, threads busy in it, and the
 * latency the callers saw.
 *
 * <p>Real time, because the lesson is what a caller waits: four phases of {@code phase} each,
 * twice (about 8 x phase in all). Bounded in time (the phases) and in count (each caller makes
 * at most {@link #MAX_CALLS_PER_CALLER} calls).
 */
public final class BreakerDemo {

    static final int MAX_CALLS_PER_CALLER = 10_000;
    static final Duration PACE = Duration.ofMillis(10);
    static final Duration HEALTHY_LATENCY = Duration.ofMillis(5);
    static final Duration SLOW_LATENCY = Duration.ofSeconds(2);
    static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param callers    caller threads, each calling every {@link #PACE}
     * @param phase      how long each of the four phases lasts
     * @param timeout    the per-attempt timeout
     * @param openWait   how long the breaker stays open before probing
     */
    public record Settings(int callers, Duration phase, Duration timeout, Duration openWait) {
        public static final Settings DEFAULT = new Settings(16, Duration.ofMillis(1500), Duration.ofMillis(250), Duration.ofMillis(500));
    }

    private enum Phase { HEALTHY, SLOW, DEAD, RECOVERED }

    private final Settings settings;
    private final PrintStream out;
    private final Ticker ticker = Ticker.system();

    public BreakerDemo(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** The breaker the demo uses: the defaults, but a window and waits sized for seconds, not minutes. */
    BreakerConfig breakerConfig() {
        return BreakerConfig.defaults("dependency")
                .withWindow(BreakerConfig.Window.lastCalls(50)).withMinimumCalls(10)
                .withSlowCalls(settings.timeout().multipliedBy(4).dividedBy(5), 80)
                .withOpenWait(settings.openWait())
                .withHalfOpenProbes(2, settings.timeout().multipliedBy(4));
    }

    public void run() throws Exception {
        out.printf("== Chapter 4 demo: a dependency slows, then dies, under steady load ==%n");
        out.printf("load: %d callers, each calling every %d ms; per-attempt timeout %d ms; four phases of %.1f s; about %.0f s in all%n",
                settings.callers(), PACE.toMillis(), settings.timeout().toMillis(), seconds(settings.phase()), 8 * seconds(settings.phase()) + 1);
        out.println();
        BreakerConfig config = breakerConfig();
        out.printf("-- run 1: timeout + breaker + last-good fallback --%n");
        out.printf("breaker: %d failures in a row, or %.0f %% of the last %d calls (at least %d), open it; open %d ms; %d probes%n",
                config.consecutiveFailures(), config.failureRatePercent(), config.window().calls(), config.minimumCalls(),
                config.openWait().toMillis(), config.halfOpenProbes());
        Run with = runOnce(true);
        out.println();
        out.printf("-- run 2: the same load, timeout + fallback, no breaker --%n");
        Run without = runOnce(false);
        out.println();
        summary(with, without);
    }

    private Run runOnce(boolean withBreaker) throws Exception {
        List<PhaseStats> stats = new ArrayList<>();
        for (Phase p : Phase.values()) {
            stats.add(new PhaseStats(p.name().toLowerCase(Locale.ROOT)));
        }
        AtomicLong start = new AtomicLong(ticker.nanoTime());
        Consumer<String> narrate = line -> out.printf("[%6.2f s] %s%n", (ticker.nanoTime() - start.get()) / 1e9, line);
        AtomicInteger alarms = new AtomicInteger();
        CircuitBreaker breaker = withBreaker
                ? CircuitBreaker.create(breakerConfig(), ticker::nanoTime).onTransition(t -> narrate.accept(t.toString()))
                : null;
        Fallback<String> fallback = Fallback.<String>named("dependency").ticker(ticker::nanoTime)
                .alarmAfter(settings.phase().dividedBy(2)).onAlarm(a -> {
                    if (a.raised()) {
                        alarms.incrementAndGet();
                    }
                    narrate.accept(a.toString());
                }).build();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger phaseIndex = new AtomicInteger();
        try (SlowServer server = SlowServer.start();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout()).build();
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            server.latency(HEALTHY_LATENCY);
            HttpRequest request = HttpRequest.newBuilder(server.uri("/work")).timeout(settings.timeout()).build();
            warmUp(server, fallback);
            start.set(ticker.nanoTime());
            long end = start.get() + settings.phase().toNanos() * Phase.values().length;
            Caller caller = new Caller(client, request, breaker, fallback, busy, stats, phaseIndex);
            for (int i = 0; i < settings.callers(); i++) {
                callers.execute(() -> caller.callUntil(end));
            }
            for (Phase p : Phase.values()) {
                switch (p) {
                    case HEALTHY -> narrate.accept("phase healthy: the dependency answers in " + HEALTHY_LATENCY.toMillis() + " ms");
                    case SLOW -> {
                        server.latency(SLOW_LATENCY);
                        narrate.accept("phase slow: the dependency answers in " + SLOW_LATENCY.toMillis() + " ms; every attempt times out");
                    }
                    case DEAD -> {
                        server.down();
                        narrate.accept("phase dead: the dependency refuses connections");
                    }
                    case RECOVERED -> {
                        server.latency(HEALTHY_LATENCY);
                        server.up();
                        narrate.accept("phase recovered: the dependency answers in " + HEALTHY_LATENCY.toMillis() + " ms again");
                    }
                }
                phaseIndex.set(p.ordinal());
                long phaseEnd = start.get() + settings.phase().toNanos() * (p.ordinal() + 1);
                while (phaseEnd - ticker.nanoTime() > 0) {
                    stats.get(p.ordinal()).busy(busy.get());
                    Thread.sleep(5);
                }
            }
            narrate.accept("end: " + (breaker == null ? "no breaker" : "breaker " + breaker.state())
                    + "; the fallback answered " + fallback.fallbackAnswers() + " calls");
        }
        out.println(PhaseStats.header());
        stats.forEach(s -> out.println(s.row()));
        return new Run(stats, alarms.get(), fallback.fallbackAnswers());
    }

    /** One run's figures: per phase, the alarms the fallback raised, the answers it gave. */
    private record Run(List<PhaseStats> phases, int alarms, long fallbackAnswers) {
        PhaseStats phase(Phase p) {
            return phases.get(p.ordinal());
        }

        long calledWhileBroken() {
            return phase(Phase.SLOW).called.sum() + phase(Phase.DEAD).called.sum();
        }
    }

    private void summary(Run with, Run without) {
        PhaseStats slowWith = with.phase(Phase.SLOW);
        PhaseStats slowWithout = without.phase(Phase.SLOW);
        out.println("-- what it shows --");
        out.printf("slow phase, with the breaker:    callers waited %.1f ms (p50), %.1f threads busy in the dependency on average, %d calls went to it%n",
                slowWith.latencyMillis(0.5), slowWith.busyMean(), slowWith.called.sum());
        out.printf("slow phase, without the breaker: callers waited %.1f ms (p50), %.1f threads busy in the dependency on average, %d calls went to it%n",
                slowWithout.latencyMillis(0.5), slowWithout.busyMean(), slowWithout.called.sum());
        out.printf("slow + dead phases: the dependency was called %d times with the breaker, %d times without%n",
                with.calledWhileBroken(), without.calledWhileBroken());
        out.printf("the fallback answered %d calls with the breaker and %d without, and raised %d and %d alarms: "
                + "a fallback hides an outage from users, not from you%n", with.fallbackAnswers(), without.fallbackAnswers(), with.alarms(), without.alarms());
    }

    /**
     * Before the clock starts: one call on a client of its own with a generous timeout, so the
     * JDK's HTTP classes are loaded and the fallback holds a last good value, as it would after
     * hours of service. A loaded machine can take longer than the demo's 250 ms for a first call.
     */
    private static void warmUp(SlowServer server, Fallback<String> fallback) throws Exception {
        try (HttpClient warm = HttpClient.newBuilder().connectTimeout(WARM_UP_TIMEOUT).build()) {
            HttpRequest request = HttpRequest.newBuilder(server.uri("/work")).timeout(WARM_UP_TIMEOUT).build();
            fallback.call(() -> warm.send(request, HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** One caller's loop: call, record, pause, until the run ends. Shared by all caller threads. */
    private final class Caller {
        private final HttpClient client;
        private final HttpRequest request;
        private final CircuitBreaker breaker;
        private final Fallback<String> fallback;
        private final AtomicInteger busy;
        private final List<PhaseStats> stats;
        private final AtomicInteger phaseIndex;

        Caller(HttpClient client, HttpRequest request, CircuitBreaker breaker, Fallback<String> fallback,
               AtomicInteger busy, List<PhaseStats> stats, AtomicInteger phaseIndex) {
            this.client = client;
            this.request = request;
            this.breaker = breaker;
            this.fallback = fallback;
            this.busy = busy;
            this.stats = stats;
            this.phaseIndex = phaseIndex;
        }

        void callUntil(long endNanos) {
            try {
                for (int n = 0; n < MAX_CALLS_PER_CALLER && endNanos - ticker.nanoTime() > 0; n++) {
                    PhaseStats s = stats.get(phaseIndex.get());
                    long t0 = ticker.nanoTime();
                    try {
                        Answer<String> a = fallback.call(() -> attempt(s));
                        (a.isFallback() ? s.fallback : s.live).increment();
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        s.errors.increment(); // the fallback had nothing to answer with
                    }
                    s.latency(ticker.nanoTime() - t0);
                    s.calls.increment();
                    Thread.sleep(PACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException("demo caller failed", e);
            }
        }

        // tag::demo-attempt[]
        /** One attempt: the breaker around the call with its timeout; a non-200 is no value to keep. */
        private String attempt(PhaseStats s) throws Exception {
            try {
                HttpResponse<String> r = breaker == null ? send(s) : breaker.execute(() -> send(s), OutcomeClassifier.http());
                if (r.statusCode() != 200) {
                    throw new IOException("HTTP " + r.statusCode());
                }
                return r.body();
            } catch (CallNotPermittedException e) {
                s.rejected.increment();
                throw e;
            } catch (HttpTimeoutException e) {
                s.timeouts.increment();
                throw e;
            }
        }
        // end::demo-attempt[]

        private HttpResponse<String> send(PhaseStats s) throws IOException, InterruptedException {
            s.called.increment();
            busy.incrementAndGet();
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } finally {
                busy.decrementAndGet();
            }
        }
    }
}
