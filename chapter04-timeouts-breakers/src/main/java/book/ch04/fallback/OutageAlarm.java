/*
 * Copyable unit "fallback": the event a Fallback raises when it has been hiding an outage too
 * long, and clears when the live call answers again.
 * Specified by: FallbackTest.
 */
package book.ch04.fallback;

import java.time.Duration;

/**
 * A fallback keeps users served, and so it also keeps an outage quiet: error rates stay flat
 * while every answer is stale. This event is the page that an outage behind a fallback must
 * still send: raised once when the fallback has answered for longer than its alarm delay
 * without a live answer in between, cleared once when a live answer returns.
 *
 * @param fallback   the fallback's name
 * @param raised     true when raised, false when cleared
 * @param outage     how long the live call has not answered
 * @param failures   how many live calls failed in this outage
 * @param lastReason why the last live call failed
 */
public record OutageAlarm(String fallback, boolean raised, Duration outage, long failures, String lastReason) {

    @Override
    public String toString() {
        return raised
                ? "ALARM " + fallback + ": fallback answering for " + outage.toMillis() / 1000.0 + " s (" + failures
                        + " failed calls), the dependency is down behind it; last failure: " + lastReason
                : "CLEARED " + fallback + ": live again after " + outage.toMillis() / 1000.0 + " s (" + failures + " failed calls)";
    }
}
