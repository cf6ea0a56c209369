package book.ch01.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the process holds at one moment: heap in use after a full collection, live platform
 * threads (virtual threads are not counted: they are heap objects), and resident memory,
 * which also shows what the heap does not, such as platform threads' stacks.
 *
 * @param heapBytes        heap in use after {@code System.gc()}
 * @param platformThreads  live platform threads
 * @param residentBytes    resident set size from {@code /proc/self/status}, 0 where unknown
 */
public record ProcessFootprint(long heapBytes, int platformThreads, long residentBytes) {

    private static final Path STATUS = Path.of("/proc/self/status");

    public static ProcessFootprint now() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) { // a second pass collects what the first one only finalized
            System.gc();
        }
        long heap = runtime.totalMemory() - runtime.freeMemory();
        return new ProcessFootprint(heap, Thread.getAllStackTraces().size(), readResidentBytes());
    }

    private static long readResidentBytes() {
        try {
            if (!Files.isReadable(STATUS)) {
                return 0;
            }
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) { // "VmRSS:     123456 kB"
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: reported as 0
        }
        return 0;
    }
}
