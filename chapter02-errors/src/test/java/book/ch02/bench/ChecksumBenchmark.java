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
 * What you should see (medians, 2-core AMD EPYC, JDK 25, a quiet moment; 64 KiB / 1 MiB):
 * copy 0.74 / 19.2 us; CRC32C 1.09 / 17.4 us and CRC32 1.07 / 17.4 us, about 60 GB/s, at memory
 * copy speed (both are JIT intrinsics using the CPU's CRC32 and carry-less multiply
 * instructions); Adler32 2.3 / 38.3 us; CRC32C fed one byte per call 138 / 2185 us, over 100x
 * slower.
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

    /** Slower here, and weaker: Adler32 detects fewer error patterns, worst on short messages. */
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
