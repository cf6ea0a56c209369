import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The book's copyable-units check: every unit a chapter offers in its "Take it with you" section
 * compiles with the JDK alone and its own files, so that a reader who copies those files into
 * an empty project gets code that builds.
 *
 * <p>A chapter's README declares each unit on one line, with paths relative to the chapter:
 *
 * <pre>
 * &lt;!-- unit: retry-loop = src/main/java/book/ch03/retry/Retry.java src/main/java/book/ch03/retry/RetryPolicy.java --&gt;
 * </pre>
 *
 * <p>For each unit the check compiles exactly those files with {@code javac --release 21}, an
 * empty class path and an empty source path (so no other class of the book can be found), and
 * fails naming the unit and what it is missing. It also requires what makes a unit usable away
 * from the book: every file opens with a comment, and the unit names the tests that specify it in
 * a line {@code Specified by: FooTest, BarTest} whose classes exist under {@code src/test/java}.
 *
 * <p>Run by {@code mvn verify} for every module: {@code java build/UnitsCheck.java MODULE_DIR};
 * {@code --self-test} checks the check.
 */
public final class UnitsCheck {

    private static final Pattern UNIT =
            Pattern.compile("^\\s*<!--\\s*unit:\\s*([\\w.-]+)\\s*=\\s*(.+?)\\s*-->\\s*$");
    private static final Pattern SPECIFIED_BY = Pattern.compile("Specified by:\\s*([\\w., ]+)");
    private static final Pattern SYMBOL = Pattern.compile("symbol:\\s*(.+)");

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java build/UnitsCheck.java MODULE_DIR | --self-test");
            System.exit(2);
        }
        if (args[0].equals("--self-test")) {
            selfTest();
            return;
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        Map<String, List<String>> units = declared(dir);
        if (units.isEmpty()) {
            System.out.println("[units] " + dir.getFileName() + " declares no copyable unit");
            return;
        }
        List<String> problems = new ArrayList<>();
        for (var unit : units.entrySet()) {
            problems.addAll(check(dir, unit.getKey(), unit.getValue()));
        }
        if (!problems.isEmpty()) {
            System.err.println("[units] " + problems.size() + " problem(s) in " + dir.getFileName() + ":");
            problems.forEach(p -> System.err.println("  - " + p));
            System.exit(1);
        }
        System.out.println("[units] " + units.size() + " unit(s) in " + dir.getFileName()
                + " compile alone: " + String.join(", ", units.keySet()));
    }

    /** The units declared in the module's README.md and drafts under text/, in order. */
    static Map<String, List<String>> declared(Path dir) throws IOException {
        Map<String, List<String>> units = new LinkedHashMap<>();
        List<Path> texts = new ArrayList<>();
        if (Files.exists(dir.resolve("README.md"))) {
            texts.add(dir.resolve("README.md"));
        }
        if (Files.isDirectory(dir.resolve("text"))) {
            try (Stream<Path> files = Files.list(dir.resolve("text"))) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(texts::add);
            }
        }
        for (Path text : texts) {
            for (String line : Files.readAllLines(text, StandardCharsets.UTF_8)) {
                Matcher m = UNIT.matcher(line);
                if (m.matches()) {
                    List<String> files = List.of(m.group(2).trim().split("\\s+"));
                    List<String> before = units.putIfAbsent(m.group(1), files);
                    if (before != null && !before.equals(files)) {
                        throw new IllegalStateException("unit " + m.group(1) + " is declared twice, differently, in " + dir);
                    }
                }
            }
        }
        return units;
    }

    /** Everything wrong with one unit, each problem naming it. */
    static List<String> check(Path dir, String name, List<String> files) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        StringBuilder headers = new StringBuilder();
        for (String f : files) {
            Path file = dir.resolve(f).normalize();
            if (!file.startsWith(dir) || !f.endsWith(".java") || !Files.isRegularFile(file)) {
                problems.add("unit " + name + ": " + f + " is not a Java source file of this chapter");
                continue;
            }
            if (f.contains("/src/test/") || f.startsWith("src/test/")) {
                problems.add("unit " + name + ": " + f + " is a test file; a unit carries no test fixture");
                continue;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String header = header(text);
            if (header == null) {
                problems.add("unit " + name + ": " + f + " has no comment before its first type saying what it is for");
            } else {
                headers.append(header).append('\n');
            }
            sources.add(file);
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Matcher spec = SPECIFIED_BY.matcher(headers);
        if (!spec.find()) {
            problems.add("unit " + name + ": no file's header names the tests that specify it (a line 'Specified by: FooTest')");
        } else {
            for (String test : spec.group(1).split("[,\\s]+")) {
                String simple = test.replaceAll("\\.$", "");
                if (!simple.isEmpty() && !testExists(dir, simple)) {
                    problems.add("unit " + name + ": 'Specified by' names " + simple + ", which is not a test class of this chapter");
                }
            }
        }
        problems.addAll(compileAlone(name, sources));
        return problems;
    }

    /** The comments and annotations before the first top-level type, or null when there is no comment. */
    private static String header(String text) {
        Matcher type = Pattern.compile("(?m)^(public\\s+|final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*"
                + "(class|interface|record|enum|@interface)\\s").matcher(text);
        String before = type.find() ? text.substring(0, type.start()) : text;
        int comment = Math.max(before.lastIndexOf("/*"), before.lastIndexOf("//"));
        return comment < 0 ? null : before.substring(comment);
    }

    private static boolean testExists(Path dir, String simpleName) throws IOException {
        Path tests = dir.resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
            return false;
        }
        try (Stream<Path> all = Files.walk(tests)) {
            return all.anyMatch(p -> p.getFileName().toString().equals(simpleName + ".java"));
        }
    }

    /** Compiles the files with nothing else to find: the JDK's modules only. */
    static List<String> compileAlone(String name, List<Path> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return List.of("unit " + name + ": no Java compiler in this runtime (run the check on a JDK)");
        }
        Path empty = Files.createTempDirectory("unit-empty-");
        Path out = Files.createTempDirectory("unit-classes-");
        try {
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = List.of("--release", "21", "-proc:none", "-implicit:none",
                        "-classpath", empty.toString(), "-sourcepath", empty.toString(), "-d", out.toString(),
                        "-Xlint:all,-serial", "-Werror", "-Xmaxerrs", "10");
                boolean ok = javac.getTask(null, fm, diagnostics, options, null,
                        fm.getJavaFileObjectsFromPaths(sources)).call();
                if (ok) {
                    return List.of();
                }
                List<String> problems = new ArrayList<>();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() != Diagnostic.Kind.ERROR && d.getKind() != Diagnostic.Kind.WARNING) {
                        continue;
                    }
                    String message = d.getMessage(Locale.ROOT);
                    Matcher symbol = SYMBOL.matcher(message);
                    String what = symbol.find() ? "missing symbol " + symbol.group(1).trim()
                            : message.lines().findFirst().orElse(message);
                    String where = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
                    problems.add("unit " + name + " does not compile alone: " + where + what);
                }
                return problems.isEmpty() ? List.of("unit " + name + " does not compile alone") : problems;
            }
        } finally {
            delete(out);
            delete(empty);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /**
     * The check checks itself on a module it writes to a temporary directory: a unit that compiles
     * alone passes, and a unit that leans on a class outside it, lacks a header, or names no test is
     * reported naming the unit. Run by the root project's verify.
     */
    static void selfTest() throws IOException {
        Path dir = Files.createTempDirectory("units-self-test-");
        try {
            Path main = Files.createDirectories(dir.resolve("src/main/java/u"));
            Path test = Files.createDirectories(dir.resolve("src/test/java/u"));
            Files.writeString(test.resolve("ATest.java"), "package u; class ATest {}\n");
            Files.writeString(main.resolve("A.java"), "package u;\n/** A. Specified by: ATest */\npublic final class A { public static int one() { return 1; } }\n");
            Files.writeString(main.resolve("B.java"), "package u;\n/** B leans on C. Specified by: ATest */\npublic final class B { int two() { return C.two(); } }\n");
            Files.writeString(main.resolve("C.java"), "package u;\n/** C. */\nfinal class C { static int two() { return 2; } }\n");
            Files.writeString(main.resolve("D.java"), "package u;\npublic final class D { }\n");
            Files.writeString(main.resolve("E.java"), "package u;\n/** E. Specified by: NoSuchTest */\npublic final class E { }\n");
            Files.writeString(main.resolve("F.java"), "package u;\n/** F. */\npublic final class F { }\n");
            expect(dir, "a", List.of("src/main/java/u/A.java"), null);
            expect(dir, "bc", List.of("src/main/java/u/B.java", "src/main/java/u/C.java"), null);
            expect(dir, "b", List.of("src/main/java/u/B.java"), "unit b does not compile alone: B.java:3: missing symbol variable C");
            expect(dir, "d", List.of("src/main/java/u/D.java"), "unit d: src/main/java/u/D.java has no comment");
            expect(dir, "e", List.of("src/main/java/u/E.java"), "names NoSuchTest, which is not a test class");
            expect(dir, "f", List.of("src/main/java/u/F.java"), "unit f: no file's header names the tests");
            expect(dir, "t", List.of("src/test/java/u/ATest.java"), "is a test file");
            expect(dir, "x", List.of("src/main/java/u/X.java"), "is not a Java source file of this chapter");
            Files.writeString(dir.resolve("README.md"), "<!-- unit: a = src/main/java/u/A.java -->\n");
            if (!declared(dir).equals(Map.of("a", List.of("src/main/java/u/A.java")))) {
                fail("the README's unit line was not read: " + declared(dir));
            }
            System.out.println("[units] self-test passed: 9 cases");
        } finally {
            delete(dir);
        }
    }

    private static void expect(Path dir, String name, List<String> files, String problem) throws IOException {
        List<String> problems = check(dir, name, files);
        boolean ok = problem == null ? problems.isEmpty()
                : problems.size() == 1 && problems.get(0).contains(problem);
        if (!ok) {
            fail("unit " + name + " " + files + ": expected " + (problem == null ? "no problem" : "'" + problem + "'")
                    + ", got " + problems);
        }
    }

    private static void fail(String message) {
        System.err.println("[units] self-test failed: " + message);
        System.exit(1);
    }
}
