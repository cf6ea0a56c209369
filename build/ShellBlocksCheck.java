import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The book's shell-block check: a shell block that a chapter's text marks as runnable runs as
 * printed, from the book's root, after the build, and exits 0. The marker is a line
 * {@code <!-- run -->} right above a {@code ```bash} or {@code ```sh} block. Blocks that need a
 * server running elsewhere say so in the text and carry no marker; every other block should.
 *
 * <p>Each block runs in {@code bash -euo pipefail} with its own time limit (60 s, or
 * {@code <!-- run: 120s -->}), with standard input closed, so a command that waits for input or
 * hangs fails naming the block. Run by {@code mvn verify} for every module (after the jars are
 * built): {@code java build/ShellBlocksCheck.java BOOK_ROOT MODULE_DIR}; {@code --self-test}
 * checks the check.
 */
public final class ShellBlocksCheck {

    private static final java.util.regex.Pattern MARKER =
            java.util.regex.Pattern.compile("^\\s*<!--\\s*run(?::\\s*(\\d+)s)?\\s*-->\\s*$");
    private static final long DEFAULT_SECONDS = 60;

    /** One runnable block: where it is, its commands and its time limit. */
    record Block(String where, String script, long seconds) {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 1 && args[0].equals("--self-test")) {
            selfTest();
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: java build/ShellBlocksCheck.java BOOK_ROOT MODULE_DIR | --self-test");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path module = Path.of(args[1]).toAbsolutePath().normalize();
        Path readme = module.resolve("README.md");
        if (!Files.exists(readme)) {
            System.out.println("[shell] no README.md in " + module.getFileName());
            return;
        }
        List<Block> blocks = blocks(readme);
        List<String> failures = new ArrayList<>();
        for (Block b : blocks) {
            String failure = run(root, b);
            if (failure != null) {
                failures.add(failure);
            }
        }
        if (!failures.isEmpty()) {
            System.err.println("[shell] " + failures.size() + " runnable block(s) in " + module.getFileName() + " failed:");
            failures.forEach(f -> System.err.println("  - " + f));
            System.exit(1);
        }
        System.out.println("[shell] " + blocks.size() + " runnable block(s) in " + module.getFileName() + " ran as printed");
    }

    /** The marked blocks of a text, in order. */
    static List<Block> blocks(Path text) throws IOException {
        List<String> lines = Files.readAllLines(text, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            var m = MARKER.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int open = i + 1;
            String where = text.getFileName() + ":" + (i + 1);
            if (open >= lines.size() || !lines.get(open).strip().matches("```(bash|sh)")) {
                throw new IllegalArgumentException(where + ": <!-- run --> is not followed by a ```bash block");
            }
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).strip().equals("```")) {
                close++;
            }
            if (close >= lines.size()) {
                throw new IllegalArgumentException(where + ": the block is never closed");
            }
            long seconds = m.group(1) == null ? DEFAULT_SECONDS : Long.parseLong(m.group(1));
            blocks.add(new Block(where, String.join("\n", lines.subList(open + 1, close)) + "\n", seconds));
            i = close;
        }
        return blocks;
    }

    /** Runs one block from the book's root; null when it exited 0 in time, else what went wrong. */
    static String run(Path root, Block block) throws IOException, InterruptedException {
        Path log = Files.createTempFile("shell-block-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block.script());
            // The blocks say "java": make it the JDK running this check (the build's, 21 or newer),
            // not whatever older java comes first on the reader's PATH.
            String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
            pb.environment().merge("PATH", javaBin, (old, bin) -> bin + java.io.File.pathSeparator + old);
            Process p = pb
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(block.seconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                return block.where() + ": still running after " + block.seconds() + " s" + tail(log);
            }
            return p.exitValue() == 0 ? null : block.where() + ": exit code " + p.exitValue() + tail(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : "; last output: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    /** A passing block passes; a failing, a hanging and a stdin-reading block fail, each named. */
    static void selfTest() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("shell-self-test-");
        try {
            Path text = dir.resolve("README.md");
            Files.writeString(text, String.join("\n",
                    "<!-- run -->", "```bash", "echo ok | grep -q ok", "```",
                    "```bash", "false   # unmarked: never run", "```",
                    "<!-- run -->", "```bash", "echo about to fail", "false", "echo not reached", "```",
                    "<!-- run: 1s -->", "```bash", "sleep 30", "```",
                    "<!-- run -->", "```bash", "read -r line", "```",
                    "<!-- run -->", "```bash", "test \"$(command -v java)\" = \"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\"", "```", ""));
            List<Block> blocks = blocks(text);
            expect(blocks.size() == 5, "five marked blocks, found " + blocks.size());
            expect(run(dir, blocks.get(0)) == null, "a passing block passes");
            String failed = run(dir, blocks.get(1));
            expect(failed != null && failed.contains("README.md:8: exit code 1") && failed.contains("about to fail"),
                    "a failing block is named with its output: " + failed);
            String hung = run(dir, blocks.get(2));
            expect(hung != null && hung.contains("still running after 1 s"), "a hanging block is stopped: " + hung);
            expect(run(dir, blocks.get(3)) != null, "a block that reads stdin gets end of input and fails");
            expect(run(dir, blocks.get(4)) == null, "java in a block is the JDK running the check");
            System.out.println("[shell] self-test passed: 6 cases");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            System.err.println("[shell] self-test failed: " + what);
            System.exit(1);
        }
    }
}
