package book.ch05.balance;

import java.util.ArrayList;
import java.util.List;

/**
 * How many keys change host when a host joins or leaves, for the hashing policies and for the
 * naive {@code key % n}, against the ideal: 1/(n+1) of the keys on a join (the newcomer's fair
 * share), 1/n on a leave (the leaver's share). The figures of the chapter's table
 * ({@code balancers --keys}) and of {@code KeyMovementTest}.
 */
public final class KeyMovement {

    private KeyMovement() {
    }

    /** Share of keys 0..keys-1 that {@code before} and {@code after} send to different hosts (named). */
    static double moved(Balancer before, List<String> namesBefore, Balancer after, List<String> namesAfter, int keys) {
        int moved = 0;
        for (long k = 0; k < keys; k++) {
            if (!namesBefore.get(before.pick(k)).equals(namesAfter.get(after.pick(k)))) {
                moved++;
            }
        }
        return (double) moved / keys;
    }

    static List<String> names(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add("10.0.0." + (i + 1) + ":8080");
        }
        return names;
    }

    /** The share moved when host n+1 joins n hosts. */
    public static double ringJoin(int n, int virtualNodes, int keys) {
        List<String> before = names(n);
        List<String> after = names(n + 1);
        return moved(new HashRing(before, virtualNodes), before, new HashRing(after, virtualNodes), after, keys);
    }

    /** The share moved when the first host of n leaves (any host may: it need not be the last). */
    public static double ringLeave(int n, int virtualNodes, int keys) {
        List<String> before = names(n);
        List<String> after = before.subList(1, n);
        return moved(new HashRing(before, virtualNodes), before, new HashRing(after, virtualNodes), after, keys);
    }

    public static double jumpJoin(int n, int keys) {
        return moved(new JumpHash(n), names(n), new JumpHash(n + 1), names(n + 1), keys);
    }

    /** Jump hash can only lose its last bucket without moving other keys. */
    public static double jumpLeaveLast(int n, int keys) {
        return moved(new JumpHash(n), names(n), new JumpHash(n - 1), names(n - 1), keys);
    }

    public static double moduloJoin(int n, int keys) {
        return moved(new Modulo(n), names(n), new Modulo(n + 1), names(n + 1), keys);
    }

    /** The share of keys the most loaded host gets, over the fair share 1/n (1.0 is perfect). */
    public static double peakOverMean(Balancer b, int keys) {
        int[] count = new int[b.size()];
        for (long k = 0; k < keys; k++) {
            count[b.pick(k)]++;
        }
        int max = 0;
        for (int c : count) {
            max = Math.max(max, c);
        }
        return max / ((double) keys / b.size());
    }

    /** The naive way: {@code hash(key) % n}. Shown only to be measured against. */
    record Modulo(int size) implements Balancer {
        @Override
        public int pick(long key) {
            return (int) Long.remainderUnsigned(JumpHash.mix(key), size);
        }
    }
}
