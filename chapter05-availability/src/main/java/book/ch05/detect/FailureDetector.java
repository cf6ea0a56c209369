package book.ch05.detect;

/**
 * Watches one peer through its heartbeats and says whether it still looks alive.
 *
 * <p>What it is for: a client cannot see a remote process die; it only sees messages stop.
 * A detector turns "no heartbeat for a while" into a decision, and the two implementations
 * of this chapter differ in how they choose "a while": a fixed timeout
 * ({@link FixedTimeoutDetector}) or a suspicion level that follows the observed arrival
 * times ({@link PhiAccrualFailureDetector}).
 *
 * <p>Part of the copyable units {@code fixed-timeout-detector} and {@code phi-accrual-detector}.
 * Specified by: FixedTimeoutDetectorTest, PhiAccrualFailureDetectorTest
 */
public interface FailureDetector {

    /** Records a heartbeat that arrived now. Safe to call from any thread. */
    void heartbeat();

    /**
     * Whether the peer looks alive now. A detector that has never heard a heartbeat says
     * yes: it is not monitoring yet, and a newly added peer must not be declared dead
     * before it had a chance to speak (see {@link #isMonitoring()}).
     */
    boolean isAvailable();

    /** Whether at least one heartbeat has arrived. */
    boolean isMonitoring();

    /**
     * How strongly the detector suspects the peer now, on the detector's own scale
     * (0 means no suspicion); the peer is suspected once it passes the detector's threshold.
     */
    double suspicion();
}
