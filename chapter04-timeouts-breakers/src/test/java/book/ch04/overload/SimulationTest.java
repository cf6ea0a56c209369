package book.ch04.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The figures the chapter's text quotes, pinned: seeded simulations give the same answer every run. */
@Timeout(30)
class SimulationTest {

    private static final Duration SERVICE = Duration.ofMillis(20);

    @Nested
    class Convergence {
        @Test
        void theLimitFollowsTheCapacityDownAndUpWithinTwoSecondsOfEachChange() {
            List<ConvergenceSimulation.Phase> phases = List.of(
                    new ConvergenceSimulation.Phase(40, Duration.ofSeconds(10)),
                    new ConvergenceSimulation.Phase(10, Duration.ofSeconds(10)),
                    new ConvergenceSimulation.Phase(25, Duration.ofSeconds(10)));
            var samples = ConvergenceSimulation.run(phases, SERVICE, 1);
            assertEquals(120, samples.size(), "one sample every 250 ms for 30 s");
            for (var s : samples) {
                double intoPhase = s.seconds() % 10;
                if (intoPhase >= 2 || intoPhase == 0) {
                    assertTrue(s.limit() >= s.workers() && s.limit() <= 1.5 * s.workers(),
                            "at " + s.seconds() + " s: limit " + s.limit() + " for " + s.workers() + " workers");
                    assertTrue(s.meanLatencyMillis() < 30, "no standing queue: " + s.meanLatencyMillis() + " ms");
                    assertTrue(s.goodputPerSecond() >= 0.9 * s.workers() * 50, "the workers stay busy: " + s.goodputPerSecond());
                }
            }
        }
    }

    @Nested
    class Goodput {
        private GoodputSimulation.Result at(double factor, boolean shedding) {
            double capacity = GoodputSimulation.capacityPerSecond(8, SERVICE);
            return GoodputSimulation.run(factor * capacity, 8, SERVICE, Duration.ofMillis(200), Duration.ofSeconds(10), shedding, 1);
        }

        @Test
        void belowCapacityBothQueuesServeWhatIsOffered() {
            for (boolean shedding : new boolean[] {false, true}) {
                var r = at(0.5, shedding);
                assertEquals(r.offeredPerSecond(), r.goodputPerSecond(), 0.05 * r.offeredPerSecond());
                assertEquals(0, r.latePerSecond());
                assertEquals(0, r.shedPerSecond());
            }
        }

        @Test
        void aboveCapacityTheFifoServesAlmostOnlyClientsThatHaveGoneAndTheSheddingQueueKeepsGoodputAtCapacity() {
            for (double factor : new double[] {1.25, 2.0, 3.0}) {
                var fifo = at(factor, false);
                var shedding = at(factor, true);
                assertTrue(fifo.goodputPerSecond() < 0.1 * 400, factor + "x FIFO goodput " + fifo.goodputPerSecond());
                assertTrue(fifo.latePerSecond() > 0.9 * 400, factor + "x FIFO late " + fifo.latePerSecond());
                assertTrue(shedding.goodputPerSecond() > 0.9 * 400, factor + "x shedding goodput " + shedding.goodputPerSecond());
                assertTrue(shedding.latePerSecond() < 0.05 * 400, factor + "x shedding late " + shedding.latePerSecond());
            }
        }

        @Test
        void theSameSeedGivesTheSameFigures() {
            assertEquals(at(2.0, true), at(2.0, true));
            assertEquals(at(2.0, false), at(2.0, false));
        }
    }
}
