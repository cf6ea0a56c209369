import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The book's listings check: every listing in a chapter's README.md is a tagged region of a
 * source file that compiles and is tested, so the text can never drift from the code.
 *
 * <p>In the README a listing is a marker line followed by a fenced block:
 *
 * <pre>
 * &lt;!-- listing: src/main/java/book/ch01/framing/FrameDecoder.java#read-frame --&gt;
 * ```java
 * ...the exact lines of the region, with its common indentation removed...
 * ```
 * </pre>
 *
 * <p>In the source the region is marked with {@code // tag::read-frame[]} and
 * {@code // end::read-frame[]} (marker lines of other, nested regions are left out). Every
 * {@code ```java} block in a README must carry a marker: unchecked code is not a listing.
 *
 * <p>Run by {@code mvn verify} for every module, as a single-file program on the JDK alone:
 * {@code java build/ListingsCheck.java DIR [check|update]}. With {@code update} it rewrites the
 * README's blocks from the sources instead of failing, for authors.
 */
public final class ListingsCheck {

    private static final Pattern MARKER =
            Pattern.compile("^\\s*<!--\\s*listing:\\s*(\\S+?)#([\\w.-]+)\\s*-->\\s*$");
    private static final Pattern FENCE_OPEN = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern TAG = Pattern.compile("(?://|#|<!--)\\s*(tag|end)::([\\w.-]+)\\[]");

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java build/ListingsCheck.java MODULE_DIR [check|update] | --self-test");
            System.exit(2);
        }
        if (args[0].equals("--self-test")) {
            selfTest();
            return;
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        boolean update = args.length > 1 && args[1].equals("update");
        List<Path> texts = texts(dir);
        if (texts.isEmpty()) {
            System.out.println("[listings] no README.md in " + dir + ", nothing to check");
            return;
        }
        int checked = 0;
        int failed = 0;
        for (Path text : texts) {
            List<String> problems = new ArrayList<>();
            checked += check(dir, text, update, problems);
            if (!problems.isEmpty()) {
                failed += problems.size();
                System.err.println("[listings] " + problems.size() + " problem(s) in " + text + ":");
                problems.forEach(p -> System.err.println("  - " + p));
            }
        }
        if (failed > 0) {
            System.err.println("[listings] fix the text or the source; to copy every region into the"
                    + " text run: java build/ListingsCheck.java " + dir + " update   (or mvn verify -Dlistings.mode=update)");
            System.exit(1);
        }
        System.out.println("[listings] " + checked + " listing(s) in " + dir.getFileName()
                + " match their source" + (update ? " (updated)" : ""));
    }

    /** The module's README.md and any drafts under text/, whose listing paths are relative to the module. */
    private static List<Path> texts(Path dir) throws IOException {
        List<Path> texts = new ArrayList<>();
        if (Files.exists(dir.resolve("README.md"))) {
            texts.add(dir.resolve("README.md"));
        }
        Path drafts = dir.resolve("text");
        if (Files.isDirectory(drafts)) {
            try (var files = Files.list(drafts)) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(texts::add);
            }
        }
        return texts;
    }

    /** Checks (or rewrites) every listing of one README; returns how many there were. */
    static int check(Path dir, Path readme, boolean update, List<String> problems) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        String where = readme.getFileName() + ":";
        List<String> out = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            out.add(line);
            Matcher fence = FENCE_OPEN.matcher(line);
            if (fence.matches() && fence.group(1).equals("java") && !precededByMarker(lines, i)) {
                problems.add(where + (i + 1) + ": a ```java block without a"
                        + " <!-- listing: FILE#TAG --> marker above it");
            }
            if (fence.matches()) { // skip the block so markers inside code are not read
                int close = closingFence(lines, i);
                if (close < 0) {
                    problems.add(where + (i + 1) + ": code block is never closed");
                    break;
                }
                out.addAll(lines.subList(i + 1, close + 1));
                i = close;
                continue;
            }
            Matcher marker = MARKER.matcher(line);
            if (!marker.matches()) {
                continue;
            }
            count++;
            String name = marker.group(1) + "#" + marker.group(2);
            int open = i + 1;
            while (open < lines.size() && lines.get(open).isBlank()) {
                out.add(lines.get(open));
                open++;
            }
            if (open >= lines.size() || !FENCE_OPEN.matcher(lines.get(open)).matches()) {
                problems.add(where + (i + 1) + ": listing " + name + " has no code block after it");
                continue;
            }
            int close = closingFence(lines, open);
            if (close < 0) {
                problems.add(where + (open + 1) + ": listing " + name + " is never closed");
                break;
            }
            List<String> shown = lines.subList(open + 1, close);
            List<String> region;
            try {
                region = region(dir.resolve(marker.group(1)), marker.group(2));
            } catch (IllegalArgumentException | IOException e) {
                problems.add(where + (i + 1) + ": listing " + name + ": " + e.getMessage());
                out.addAll(lines.subList(open, close + 1));
                i = close;
                continue;
            }
            String unclosed = name.contains(".java#") ? unclosedBlock(region) : null;
            if (unclosed != null) {
                problems.add(where + (i + 1) + ": listing " + name + " " + unclosed
                        + "; end the region after the block closes, so a reader copies whole code");
            }
            if (!update) {
                String diff = firstDifference(shown, region);
                if (diff != null) {
                    problems.add(where + (i + 1) + ": listing " + name + " differs: " + diff);
                }
            }
            out.add(lines.get(open));
            out.addAll(update ? region : shown);
            out.add(lines.get(close));
            i = close;
        }
        if (update) {
            Files.write(readme, out, StandardCharsets.UTF_8);
        }
        return count;
    }

    private static boolean precededByMarker(List<String> lines, int fence) {
        int j = fence - 1;
        while (j >= 0 && lines.get(j).isBlank()) {
            j--;
        }
        return j >= 0 && MARKER.matcher(lines.get(j)).matches();
    }

    private static int closingFence(List<String> lines, int open) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).strip().equals("```")) {
                return j;
            }
        }
        return -1;
    }

    /**
     * The check checks itself, on a module it writes to a temporary directory: a matching
     * listing passes, and each kind of drift is reported naming the listing. Run by the root
     * project's verify, so a broken check cannot pass every chapter silently.
     */
    static void selfTest() throws IOException {
        Path dir = Files.createTempDirectory("listings-self-test-");
        try {
            Path src = Files.createDirectories(dir.resolve("src"));
            Files.writeString(src.resolve("A.java"), String.join("\n",
                    "class A {", "    // tag::outer[]", "    int a = 1;", "    // tag::inner[]",
                    "    int b = 2;", "    // end::inner[]", "    // end::outer[]", "}", ""));
            expect(dir, "<!-- listing: src/A.java#outer -->\n```java\nint a = 1;\nint b = 2;\n```\n", null);
            expect(dir, "<!-- listing: src/A.java#inner -->\n```java\nint b = 2;\n```\n", null);
            expect(dir, "<!-- listing: src/A.java#inner -->\n```java\nint b = 3;\n```\n",
                    "listing src/A.java#inner differs: line 1 of the listing reads \"int b = 3;\"");
            expect(dir, "<!-- listing: src/A.java#inner -->\n```java\nint b = 2;\nint c;\n```\n",
                    "listing src/A.java#inner differs: line 2");
            expect(dir, "<!-- listing: src/A.java#gone -->\n```java\n```\n", "no tag::gone[] in A.java");
            expect(dir, "<!-- listing: src/B.java#x -->\n```java\n```\n", "does not exist");
            expect(dir, "```java\nint unchecked;\n```\n", "a ```java block without a");
            Files.writeString(src.resolve("C.java"), String.join("\n",
                    "class C {", "    // tag::open[]", "    void f() {", "        String s = \"}\"; // }", "    // end::open[]",
                    "    }", "    // tag::whole[]", "    void g() {", "        char c = '{'; /* { */", "    }",
                    "    // end::whole[]", "}", ""));
            expect(dir, "<!-- listing: src/C.java#open -->\n```java\nvoid f() {\n    String s = \"}\"; // }\n```\n",
                    "listing src/C.java#open ends inside an open block (1 '{' not closed)");
            expect(dir, "<!-- listing: src/C.java#whole -->\n```java\nvoid g() {\n    char c = '{'; /* { */\n}\n```\n", null);
            System.out.println("[listings] self-test passed: 9 cases");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void expect(Path dir, String readme, String problem) throws IOException {
        Path text = dir.resolve("README.md");
        Files.writeString(text, readme);
        List<String> problems = new ArrayList<>();
        check(dir, text, false, problems);
        boolean ok = problem == null ? problems.isEmpty()
                : problems.size() == 1 && problems.get(0).contains(problem);
        if (!ok) {
            System.err.println("[listings] self-test failed for:\n" + readme + "expected "
                    + (problem == null ? "no problem" : "'" + problem + "'") + ", got " + problems);
            System.exit(1);
        }
    }

    /** The lines between tag::NAME[] and end::NAME[], without other markers, dedented. */
    static List<String> region(Path file, String tag) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("source file " + file + " does not exist");
        }
        List<String> src = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> body = null;
        boolean closed = false;
        for (int i = 0; i < src.size(); i++) {
            Matcher m = TAG.matcher(src.get(i));
            if (m.find()) {
                boolean mine = m.group(2).equals(tag);
                if (mine && m.group(1).equals("tag")) {
                    if (body != null) {
                        throw new IllegalArgumentException("tag::" + tag + "[] appears twice in " + file.getFileName());
                    }
                    body = new ArrayList<>();
                } else if (mine && body != null && !closed) {
                    closed = true;
                }
                continue; // marker lines never appear in a listing
            }
            if (body != null && !closed) {
                body.add(src.get(i));
            }
        }
        if (body == null) {
            throw new IllegalArgumentException("no tag::" + tag + "[] in " + file.getFileName());
        }
        if (!closed) {
            throw new IllegalArgumentException("tag::" + tag + "[] has no end::" + tag + "[] in " + file.getFileName());
        }
        return dedent(body);
    }

    /**
     * Whether a Java region stops inside a block it opened: braces in strings, character
     * literals, text blocks and comments do not count. Returns the problem, or null.
     */
    static String unclosedBlock(List<String> region) {
        String code = String.join("\n", region);
        int depth = 0;
        for (int k = 0; k < code.length(); k++) {
            char c = code.charAt(k);
            if (code.startsWith("//", k)) {
                k = skipTo(code, k, "\n") - 1;
            } else if (code.startsWith("/*", k)) {
                k = skipTo(code, k + 2, "*/") + 1;
            } else if (code.startsWith("\"\"\"", k)) {
                k = skipTo(code, k + 3, "\"\"\"") + 2;
            } else if (c == '"' || c == '\'') {
                int j = k + 1;
                while (j < code.length() && code.charAt(j) != c && code.charAt(j) != '\n') {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                k = j;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth = Math.max(0, depth - 1); // a region may close blocks opened before it
            }
        }
        return depth == 0 ? null : "ends inside an open block (" + depth + " '{' not closed)";
    }

    private static int skipTo(String code, int from, String end) {
        int at = code.indexOf(end, from);
        return at < 0 ? code.length() : at;
    }

    private static List<String> dedent(List<String> body) {
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return body.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }

    private static String firstDifference(List<String> shown, List<String> region) {
        int n = Math.max(shown.size(), region.size());
        for (int k = 0; k < n; k++) {
            String a = k < shown.size() ? shown.get(k).stripTrailing() : null;
            String b = k < region.size() ? region.get(k) : null;
            if (a == null || b == null || !a.equals(b)) {
                return "line " + (k + 1) + " of the listing reads " + quote(a) + " but the source has " + quote(b);
            }
        }
        return null;
    }

    private static String quote(String s) {
        return s == null ? "nothing (the other side is longer)" : "\"" + s + "\"";
    }
}
