package book.ch05.bench;

import book.ch05.balance.Balancer;
import book.ch05.balance.HashRing;
import book.ch05.balance.JumpHash;
import book.ch05.balance.LeastOutstanding;
import book.ch05.balance.PowerOfTwoChoices;
import book.ch05.balance.RoundRobin;
import book.ch05.balance.SmoothWeightedRoundRobin;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The question: what does choosing a host cost, per policy, with 3, 30 and 300 hosts, and does a
 * pick allocate? The yardstick is {@code baseline}: reading a host from an array by a counter,
 * the least any balancer can do. A network call on loopback costs 50-100 µs, so a pick of tens of
 * nanoseconds is noise beside it; the goal is 0 B/op for every policy (run with {@code -prof gc}).
 *
 * <p>Each pick is paired with its release, as a client does (a no-op for policies that keep no
 * state). The key changes on every call so that hashing policies do not hit one cached path.
 *
 * <p>Run: {@code mvn -q -Pbench -pl chapter05-availability verify -Djmh.include=BalancerPickBenchmark
 * -Djmh.args="-f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BalancerPickBenchmark {

    @Param({"3", "30", "300"})
    public int hosts;

    private String[] hostArray;
    private int counter;
    private long key;
    private Balancer roundRobin;
    private Balancer weighted;
    private Balancer leastOutstanding;
    private Balancer powerOfTwo;
    private Balancer ring;
    private Balancer jump;

    @Setup
    public void setUp() {
        hostArray = new String[hosts];
        List<String> names = new ArrayList<>();
        int[] weights = new int[hosts];
        for (int i = 0; i < hosts; i++) {
            hostArray[i] = "10.0." + (i / 256) + "." + (i % 256) + ":8080";
            names.add(hostArray[i]);
            weights[i] = 1 + i % 4;
        }
        roundRobin = new RoundRobin(hosts);
        weighted = new SmoothWeightedRoundRobin(weights);
        leastOutstanding = new LeastOutstanding(hosts);
        powerOfTwo = new PowerOfTwoChoices(hosts);
        ring = new HashRing(names);
        jump = new JumpHash(hosts);
    }

    @Benchmark
    public String baseline() {
        int i = counter + 1 == hosts ? 0 : counter + 1; // verdict: the floor, a field and an array read
        counter = i;
        return hostArray[i];
    }

    private String pickAndRelease(Balancer b) {
        int h = b.pick(key++);
        b.release(h);
        return hostArray[h];
    }

    @Benchmark
    public String roundRobin() {
        return pickAndRelease(roundRobin); // verdict: one atomic increment, flat in the host count
    }

    @Benchmark
    public String weighted() {
        return pickAndRelease(weighted); // verdict: O(n) under a lock; grows with the host count
    }

    @Benchmark
    public String leastOutstanding() {
        return pickAndRelease(leastOutstanding); // verdict: a scan that stops at the first idle host
    }

    @Benchmark
    public String powerOfTwoChoices() {
        return pickAndRelease(powerOfTwo); // verdict: two random reads, flat in the host count
    }

    @Benchmark
    public String hashRing() {
        return pickAndRelease(ring); // verdict: a binary search over hosts x 160 points
    }

    @Benchmark
    public String jumpHash() {
        return pickAndRelease(jump); // verdict: O(log n) loop, no table
    }
}
