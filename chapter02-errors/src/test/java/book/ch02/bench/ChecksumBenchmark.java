package book.ch02.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/*
 * The question: how fast do the JDK's checksums run over a buffer, next to the fastest thing a
 * program can do with the same bytes, copying them (System.arraycopy into a preallocated array)?
 * If a checksum runs near memory-copy speed, checking every frame costs almost nothing.
 *
 * Each method processes one whole buffer per operation; the text converts to GB/s.
 *
 * Run:  mvn -q -Pbench -pl chapter02-errors verify -Djmh.include=ChecksumBenchmark
 * What you should see: the whole-array checksums within about 10x of the copy, at several GB/s
 * (CRC32C and CRC32 are JIT intrinsics using the CPU's CRC32 and carry-less multiply
 * instructions), CRC32C about as fast as the copy at 1 MiB; the byte-at-a-time CRC32C 75-350x
 * slower than the whole-array one. Measured medians (shared 2-core machine, 64 KiB / 1 MiB):
 * copy 1.1 / 72 us, Adler32 3.9 / 49 us, CRC32 6.2 / 185 us, CRC32C 17 / 59 us, byte at a time
 * 1312 / 20526 us; the CRC32/CRC32C order swapping between sizes is the machine's noise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class ChecksumBenchmark {

    @Param({"65536", "1048576"})
    int size;

    private byte[] data;
    private byte[] copy;
    private final CRC32 crc32 = new CRC32();
    private final CRC32C crc32c = new CRC32C();
    private final Adler32 adler32 = new Adler32();

    @Setup
    public void setUp() {
        data = new byte[size];
        new SplittableRandom(42).nextBytes(data);
        copy = new byte[size];
    }

    /** Baseline, the limit: copy the bytes once. Returning the array keeps the copy alive. */
    @Benchmark
    public byte[] baselineArrayCopy() {
        System.arraycopy(data, 0, copy, 0, size);
        return copy;
    }

    /** Right way: CRC32C over the whole array, one call (an intrinsic). The chapter's frame checksum. */
    @Benchmark
    public long crc32c() {
        crc32c.reset();
        crc32c.update(data, 0, size);
        return crc32c.getValue();
    }

    /** Also fine: CRC32 (the zip/Ethernet polynomial), an intrinsic too; weaker than CRC32C for small errors. */
    @Benchmark
    public long crc32() {
        crc32.reset();
        crc32.update(data, 0, size);
        return crc32.getValue();
    }

    /** Fast but weaker: Adler32 detects fewer error patterns, worst on short messages. */
    @Benchmark
    public long adler32() {
        adler32.reset();
        adler32.update(data, 0, size);
        return adler32.getValue();
    }

    /** Wrong way: the same CRC32C fed one byte per call; each call pays the per-call overhead. */
    @Benchmark
    public long crc32cByteAtATime() {
        crc32c.reset();
        for (int i = 0; i < size; i++) {
            crc32c.update(data[i]);
        }
        return crc32c.getValue();
    }
}
