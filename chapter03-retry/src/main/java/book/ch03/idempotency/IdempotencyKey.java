package book.ch03.idempotency;

import java.util.UUID;

/**
 * The client's name for one logical operation ("charge order 42 ten dollars"), sent as the
 * {@code Idempotency-Key} header on the first attempt and on every retry of it. Generated
 * once, before the first attempt: a key made per attempt names a new operation each time and
 * protects nothing.
 *
 * @param value visible ASCII, 1 to {@value #MAX_LENGTH} characters (Stripe's limit)
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    /** The longest key accepted, in characters; longer keys are refused with 400, never truncated. */
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(HEADER + " is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(HEADER + " of " + value.length()
                    + " characters exceeds the " + MAX_LENGTH + "-character limit");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(HEADER + " has a character outside visible ASCII at index " + i);
            }
        }
    }

    /** A fresh random key (a version 4 UUID: 122 random bits, so two clients never collide). */
    public static IdempotencyKey random() {
        return new IdempotencyKey(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
