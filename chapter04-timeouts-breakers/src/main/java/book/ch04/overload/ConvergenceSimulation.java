package book.ch04.overload;

import book.ch04.adaptive.AimdLimit;
import book.ch04.adaptive.ConcurrencyLimiter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A client with the chapter's AIMD concurrency limit and endless demand, against a server whose
 * number of workers changes from phase to phase (a deploy, a noisy neighbour, a scale-up). Each
 * worker serves one request at a time, taking the service time +-25 % (seeded); requests beyond
 * the workers wait in the server's FIFO queue. The limit's only signal is the round trip it
 * measures: slower than 1.5 service times counts as overload. Shows the limit finding the
 * capacity and following it when it changes.
 */
final class ConvergenceSimulation {

    /** One stretch of time during which the server has {@code workers} workers. */
    record Phase(int workers, Duration length) {}

    /** What the chart plots, every {@link #SAMPLE_EVERY}. */
    record Sample(double seconds, int workers, int limit, double goodputPerSecond, double meanLatencyMillis) {}

    static final Duration SAMPLE_EVERY = Duration.ofMillis(250);

    private record Request(ConcurrencyLimiter.Call call, long sentNanos) {}

    private record Completion(long atNanos, Request request) {}

    private final VirtualClock clock = new VirtualClock();
    private final ServiceTime serviceTime;
    private final ConcurrencyLimiter limiter;
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private final PriorityQueue<Completion> completions = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos, b.atNanos));
    private int workers;
    private int busy;
    private long doneInSample;
    private long latencyInSample;

    private ConvergenceSimulation(Duration serviceTime, long seed) {
        this.serviceTime = new ServiceTime(serviceTime, seed);
        AimdLimit limit = new AimdLimit(AimdLimit.DEFAULT_INITIAL, AimdLimit.DEFAULT_MIN, AimdLimit.DEFAULT_MAX,
                AimdLimit.DEFAULT_BACKOFF_RATIO, serviceTime.multipliedBy(3).dividedBy(2));
        this.limiter = new ConcurrencyLimiter(limit, clock);
    }

    static List<Sample> run(List<Phase> phases, Duration serviceTime, long seed) {
        return new ConvergenceSimulation(serviceTime, seed).run(phases);
    }

    private List<Sample> run(List<Phase> phases) {
        List<Sample> samples = new ArrayList<>();
        long start = clock.now();
        long sampleNanos = SAMPLE_EVERY.toNanos();
        long nextSample = start + sampleNanos;
        long phaseEnd = start;
        for (Phase phase : phases) {
            workers = phase.workers();
            phaseEnd += phase.length().toNanos();
            startWaiting();
            sendWhileAllowed();
            while (phaseEnd - clock.now() > 0) {
                Completion next = completions.peek();
                long at = Math.min(Math.min(nextSample, phaseEnd), next == null ? Long.MAX_VALUE : next.atNanos);
                clock.advanceTo(at);
                if (next != null && next.atNanos == at) {
                    complete(completions.poll());
                }
                if (at == nextSample) {
                    samples.add(new Sample((at - start) / 1e9, workers, limiter.limit(),
                            doneInSample * 1e9 / sampleNanos,
                            doneInSample == 0 ? 0 : latencyInSample / 1e6 / doneInSample));
                    doneInSample = 0;
                    latencyInSample = 0;
                    nextSample += sampleNanos;
                }
            }
        }
        return samples;
    }

    private void complete(Completion c) {
        busy--;
        long latency = clock.now() - c.request.sentNanos;
        c.request.call.success();                // the limiter reads the round trip off the clock
        doneInSample++;
        latencyInSample += latency;
        startWaiting();
        sendWhileAllowed();
    }

    /** Endless demand: the client sends whenever its limit allows. */
    private void sendWhileAllowed() {
        ConcurrencyLimiter.Call call;
        while ((call = limiter.tryAcquire()) != null) {
            waiting.addLast(new Request(call, clock.now()));
            startWaiting();
        }
    }

    private void startWaiting() {
        while (busy < workers && !waiting.isEmpty()) {
            busy++;
            completions.add(new Completion(clock.now() + serviceTime.nextNanos(), waiting.pollFirst()));
        }
    }
}
