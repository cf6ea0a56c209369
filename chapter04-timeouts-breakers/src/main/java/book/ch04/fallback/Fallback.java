/*
 * Copyable unit "fallback" (files: Fallback, Answer, OutageAlarm): answers when the live call
 * cannot, in this order: the last good value if it is younger than maxAge, a degraded answer,
 * a default; otherwise the live call's exception. Every fallback answer says what it is
 * (Answer.source, age, reason), and an outage hidden behind the fallback for longer than
 * alarmAfter raises an OutageAlarm once, cleared by the next live answer. Defaults: maxAge 5 min,
 * alarmAfter 1 min, no degraded answer, no default. Time from an injected monotonic ticker.
 * Limits: the caller's interrupt (InterruptedException) is never answered by a fallback.
 */
package book.ch04.fallback;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Keeps answering while a dependency is down, honestly: the answer says it is a fallback and
 * how stale it is, and an outage the fallback hides for too long still wakes someone.
 *
 * <p>Specified by: FallbackTest, FallbackOnLoopbackTest
 *
 * @param <T> what the live call returns
 */
public final class Fallback<T> {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_ALARM_AFTER = Duration.ofMinutes(1);
    static final Duration MIN_DURATION = Duration.ofMillis(1);
    static final Duration MAX_DURATION = Duration.ofHours(24);

    private record Stamped<T>(T value, long atNanos) {}

    private final String name;
    private final long maxAgeNanos;
    private final long alarmAfterNanos;
    private final Function<Exception, T> degraded;   // null: none
    private final boolean hasDefault;
    private final T defaultValue;
    private final Consumer<OutageAlarm> alarms;
    private final LongSupplier ticker;

    private final AtomicReference<Stamped<T>> lastGood = new AtomicReference<>();
    private final LongAdder fallbackAnswers = new LongAdder();
    private volatile boolean inOutage;
    private long outageStartNanos;                   // guarded by this, as are the three below
    private long outageFailures;
    private boolean alarmRaised;
    private String lastReason = "";

    private Fallback(Builder<T> b) {
        this.name = b.name;
        this.maxAgeNanos = b.maxAge.toNanos();
        this.alarmAfterNanos = b.alarmAfter.toNanos();
        this.degraded = b.degraded;
        this.hasDefault = b.hasDefault;
        this.defaultValue = b.defaultValue;
        this.alarms = b.alarms;
        this.ticker = b.ticker;
    }

    public static <T> Builder<T> named(String name) {
        return new Builder<>(name);
    }

    // tag::call[]
    /** The live answer, or the best fallback, each saying what it is; the live exception when there is none. */
    public Answer<T> call(Callable<T> live) throws Exception {
        T value;
        try {
            value = live.call();
        } catch (InterruptedException e) {
            throw e;                                     // the caller gave up: not an outage, no answer
        } catch (Exception e) {
            return fallback(e);
        }
        long now = ticker.getAsLong();
        lastGood.set(new Stamped<>(value, now));
        if (inOutage) {
            endOutage(now);
        }
        return Answer.live(value);
    }

    private Answer<T> fallback(Exception failure) throws Exception {
        long now = ticker.getAsLong();
        String reason = String.valueOf(failure);
        noteFailure(now, reason);
        Stamped<T> last = lastGood.get();
        Answer<T> answer;
        if (last != null && now - last.atNanos() <= maxAgeNanos) {
            answer = new Answer<>(last.value(), Answer.Source.LAST_GOOD, Duration.ofNanos(now - last.atNanos()), reason);
        } else if (degraded != null) {
            answer = new Answer<>(degraded.apply(failure), Answer.Source.DEGRADED, Duration.ZERO, reason);
        } else if (hasDefault) {
            answer = new Answer<>(defaultValue, Answer.Source.DEFAULT, Duration.ZERO, reason);
        } else {
            throw failure;                               // nothing honest to answer with
        }
        fallbackAnswers.increment();
        return answer;
    }
    // end::call[]

    // tag::alarm[]
    private void noteFailure(long now, String reason) {
        OutageAlarm alarm = null;
        synchronized (this) {
            if (!inOutage) {
                inOutage = true;
                outageStartNanos = now;
                outageFailures = 0;
                alarmRaised = false;
            }
            outageFailures++;
            lastReason = reason;
            if (!alarmRaised && now - outageStartNanos >= alarmAfterNanos) {
                alarmRaised = true;
                alarm = new OutageAlarm(name, true, Duration.ofNanos(now - outageStartNanos), outageFailures, reason);
            }
        }
        if (alarm != null) {
            alarms.accept(alarm);                        // outside the lock: a slow pager must not stall callers
        }
    }

    private void endOutage(long now) {
        OutageAlarm cleared = null;
        synchronized (this) {
            if (!inOutage) {
                return;
            }
            inOutage = false;
            if (alarmRaised) {
                cleared = new OutageAlarm(name, false, Duration.ofNanos(now - outageStartNanos), outageFailures, lastReason);
            }
        }
        if (cleared != null) {
            alarms.accept(cleared);
        }
    }
    // end::alarm[]

    /** Answers given by a fallback since this was made: a counter to graph and alert on. */
    public long fallbackAnswers() {
        return fallbackAnswers.sum();
    }

    /** Whether the live call's last outcome was a failure. */
    public boolean inOutage() {
        return inOutage;
    }

    public String name() {
        return name;
    }

    /** How a {@link Fallback} answers; each setter checks its value and names it when refusing. */
    public static final class Builder<T> {
        private final String name;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private Duration alarmAfter = DEFAULT_ALARM_AFTER;
        private Function<Exception, T> degraded;
        private boolean hasDefault;
        private T defaultValue;
        private Consumer<OutageAlarm> alarms = a -> { };
        private LongSupplier ticker = System::nanoTime;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
        }

        /** The last good value is served while younger than this (default 5 min). */
        public Builder<T> maxAge(Duration d) {
            this.maxAge = checked("maxAge", d);
            return this;
        }

        /** An outage answered by the fallback this long raises an {@link OutageAlarm} (default 1 min). */
        public Builder<T> alarmAfter(Duration d) {
            this.alarmAfter = checked("alarmAfter", d);
            return this;
        }

        /** Makes a partial answer from the failure when no last good value is young enough. */
        public Builder<T> degraded(Function<Exception, T> answer) {
            this.degraded = Objects.requireNonNull(answer, "degraded");
            return this;
        }

        /** The answer of last resort. */
        public Builder<T> orDefault(T value) {
            this.hasDefault = true;
            this.defaultValue = value;
            return this;
        }

        public Builder<T> onAlarm(Consumer<OutageAlarm> listener) {
            this.alarms = Objects.requireNonNull(listener, "onAlarm");
            return this;
        }

        /** A monotonic ticker in nanoseconds (default {@link System#nanoTime()}). */
        public Builder<T> ticker(LongSupplier nanoTicker) {
            this.ticker = Objects.requireNonNull(nanoTicker, "ticker");
            return this;
        }

        public Fallback<T> build() {
            return new Fallback<>(this);
        }

        private static Duration checked(String parameter, Duration d) {
            Objects.requireNonNull(d, parameter);
            if (d.compareTo(MIN_DURATION) < 0 || d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(parameter + " must be within " + MIN_DURATION + ".." + MAX_DURATION + ", got " + d);
            }
            return d;
        }
    }
}
