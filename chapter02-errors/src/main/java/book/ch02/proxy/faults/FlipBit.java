package book.ch02.proxy.faults;

import book.ch02.proxy.Toxic;
import book.ch02.proxy.Ticker;
import book.ch02.proxy.Outlet;
import book.ch02.proxy.FaultChecks;
import book.ch02.proxy.Fault;
import book.ch02.proxy.Chunk;
import java.io.IOException;

/**
 * Flips one chosen bit at one chosen byte of the stream and leaves the rest alone: the single
 * bit error a checksum must catch. TCP's own 16-bit checksum is weak and is often computed by
 * the NIC after the data left memory, so a bad NIC, bad RAM or a buggy middlebox can deliver
 * exactly this; only an end-to-end check above TCP notices.
 *
 * @param position the byte, counted from the first byte after the fault takes effect
 * @param bit      the bit within that byte, 0 (least significant) to 7
 */
public record FlipBit(long position, int bit) implements Fault {

    public FlipBit {
        FaultChecks.notNegative("position", position);
        if (bit < 0 || bit > 7) {
            throw new IllegalArgumentException("bit must be between 0 and 7, not " + bit);
        }
    }

    @Override
    public String name() {
        return "flip-bit";
    }

    @Override
    public String toString() {
        return "flip-bit(byte " + position + ", bit " + bit + ")";
    }

    @Override
    public Toxic start(Ticker ticker, Runnable applied) {
        return new Toxic() {
            private long seen; // bytes of the stream before this chunk

            @Override
            public void pass(Chunk chunk, Outlet next) throws IOException, InterruptedException {
                long at = position - seen;
                if (at >= 0 && at < chunk.length()) {
                    chunk.bytes()[chunk.offset() + (int) at] ^= (byte) (1 << bit);
                    applied.run();
                }
                seen += chunk.length();
                next.send(chunk);
            }
        };
    }
}
