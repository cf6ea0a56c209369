package book.ch03.idempotency;

import java.util.ArrayList;
import java.util.List;

/**
 * The account the examples charge: an append-only list of charges. It is how the tests and
 * the demo see the difference between "charged once" and "charged twice".
 */
public final class Ledger {

    /** One charge as booked. */
    public record Charge(String id, String request) { }

    private final List<Charge> charges = new ArrayList<>();

    /** Books a charge and returns it; each call is a new charge, which is the whole problem. */
    public synchronized Charge book(String request) {
        Charge charge = new Charge("ch_" + (charges.size() + 1), request);
        charges.add(charge);
        return charge;
    }

    public synchronized List<Charge> charges() {
        return List.copyOf(charges);
    }
}
