package book.ch01.transfer;

import book.ch01.time.Sleeper;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * An output stream that writes no faster than its {@link PacingBucket} allows, by sleeping
 * before each write it cannot yet afford. A large write is cut into slices of at most one
 * burst, so that the bytes leave at the rate rather than as one late lump. Used to make a
 * transfer take size / rate seconds on purpose, the way a slower link would.
 */
public final class PacedOutputStream extends FilterOutputStream {

    private final PacingBucket bucket;
    private final Sleeper sleeper;

    public PacedOutputStream(OutputStream out, PacingBucket bucket, Sleeper sleeper) {
        super(out);
        this.bucket = bucket;
        this.sleeper = sleeper;
    }

    // tag::paced-write[]
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
            int slice = (int) Math.min(len - done, bucket.burstBytes());
            try {
                sleeper.sleep(bucket.take(slice));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // keep the flag for the caller's loop
                throw new InterruptedIOException("interrupted while pacing a write of " + len + " bytes");
            }
            out.write(b, off + done, slice);
            done += slice;
        }
    }
    // end::paced-write[]

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }
}
