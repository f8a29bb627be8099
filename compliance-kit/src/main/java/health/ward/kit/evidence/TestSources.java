package health.ward.kit.evidence;

import health.ward.kit.check.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The JUnit 5 {@code @Tag}s of the repository's test sources. Surefire's XML does not carry tags,
 * so they are read from {@code <module>/src/test/java/**}{@code /*.java} of the modules that have
 * a {@link Tier}: a tag before a class applies to all its tests (and, as in JUnit, to its nested
 * classes), a tag before a method to that method. {@code @Tags({@Tag("a"), @Tag("b")})} and
 * {@code @Tag(value = "a")} count too; a tag given by a constant cannot be read and does not count.
 *
 * <p>This is not a Java parser: a tokenizer drops comments, strings (except a tag's own),
 * text blocks and char literals, and brace depth tells which class a method is declared in.
 * That is enough for test classes; an unreadable tag errs towards no proof, never towards one.
 *
 * <p>A test class that {@code extends} another test source inherits, as in JUnit, its superclass's
 * class tags and the tests (with their tags) it does not declare itself: the same checks can run at
 * two tiers from one abstract class, each tier's subclass living where its tier is. Abstract
 * classes never run on their own, so they are not listed.
 */
public final class TestSources {

    /**
     * A class of a test source: binary name ({@code pkg.Outer$Nested}), path relative to the
     * repository root, its tags (with those of enclosing classes), each method's own tags, and the
     * methods annotated as tests ({@code @Test}, {@code @ParameterizedTest}, ...).
     */
    public record TestClass(String name, String path, Set<String> tags, Map<String, Set<String>> methodTags,
            Set<String> testMethods) {
    }

    private static final Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");
    private static final Set<String> MODIFIERS =
            Set.of("public", "protected", "private", "static", "final", "abstract", "sealed", "strictfp");
    private static final Set<String> TEST_ANNOTATIONS =
            Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");

    private TestSources() {
    }

    /** Every class of the tiered modules' test sources, by binary name. */
    public static Map<String, TestClass> scan(Path repo) throws InputException {
        Map<String, TestClass> classes = new TreeMap<>();
        Map<String, Declared> all = new TreeMap<>();
        for (String module : Tier.modules()) {
            Path root = repo.resolve(module).resolve("src/test/java");
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
            } catch (IOException e) {
                throw new InputException("cannot list " + root + ": " + e.getMessage(), e);
            }
            for (Path file : files) {
                String path = repo.relativize(file).toString().replace('\\', '/');
                try {
                    for (Declared declared : new Parser(path, tokens(Files.readString(file, StandardCharsets.UTF_8))).parse()) {
                        all.put(declared.testClass().name(), declared);
                    }
                } catch (IOException e) {
                    throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
        }
        all.values().stream().filter(d -> !d.isAbstract())
                .forEach(d -> classes.put(d.testClass().name(), withInherited(d, all, new LinkedHashSet<>())));
        return classes;
    }

    /** The classes declared in one source file, outermost first, without what they inherit. */
    static List<TestClass> parse(String path, String source) {
        return new Parser(path, tokens(source)).parse().stream().map(Declared::testClass).toList();
    }

    /** A declared class with what inheritance needs: its superclass's binary name, if it is a test source, and whether it is abstract. */
    private record Declared(TestClass testClass, String superclass, boolean isAbstract) {
    }

    private static TestClass withInherited(Declared declared, Map<String, Declared> all, Set<String> seen) {
        TestClass own = declared.testClass();
        Declared parent = declared.superclass() == null ? null : all.get(declared.superclass());
        if (parent == null || !seen.add(own.name())) {
            return own;
        }
        TestClass inherited = withInherited(parent, all, seen);
        Set<String> tags = new LinkedHashSet<>(inherited.tags());
        tags.addAll(own.tags());
        Map<String, Set<String>> methodTags = new LinkedHashMap<>(inherited.methodTags());
        methodTags.putAll(own.methodTags());
        Set<String> tests = new LinkedHashSet<>(inherited.testMethods());
        tests.addAll(own.testMethods());
        return new TestClass(own.name(), own.path(), Set.copyOf(tags), Map.copyOf(methodTags), Set.copyOf(tests));
    }

    private enum Kind { WORD, STRING, SYMBOL }

    private record Token(Kind kind, String text) {

        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        boolean isWord() {
            return kind == Kind.WORD;
        }
    }

    private static final class Scope {
        final String name;
        final int bodyDepth;
        final Set<String> tags;
        String superclass;
        boolean isAbstract;
        final Map<String, Set<String>> methods = new LinkedHashMap<>();
        final Set<String> tests = new LinkedHashSet<>();

        Scope(String name, int bodyDepth, Set<String> tags) {
            this.name = name;
            this.bodyDepth = bodyDepth;
            this.tags = tags;
        }
    }

    private static final class Parser {
        private final String path;
        private final List<Token> tokens;
        private final Deque<Scope> scopes = new ArrayDeque<>();
        private final List<Scope> declared = new ArrayList<>();
        private String packageName = "";
        private final Map<String, String> imports = new LinkedHashMap<>();
        private int braces;
        private int parens;
        private List<String> pendingTags = new ArrayList<>();
        private boolean pendingTest;
        private String pendingClass;
        private List<String> pendingClassTags;
        private String pendingSuperclass;
        private boolean pendingAbstract;
        // An '=' at class-body level: the rest of the member is a field initializer, not a method.
        private boolean initializer;

        Parser(String path, List<Token> tokens) {
            this.path = path;
            this.tokens = tokens;
        }

        List<Declared> parse() {
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                if (token.is("@")) {
                    i = annotation(i);
                } else if (token.isWord() && token.text().equals("package") && braces == 0) {
                    i = packageName(i);
                } else if (token.isWord() && token.text().equals("import") && braces == 0) {
                    i = importName(i);
                } else if (token.isWord() && TYPE_KEYWORDS.contains(token.text()) && parens == 0 && !after(i, ".")
                        && at(i + 1).isWord()) {
                    pendingClass = at(i + 1).text();
                    pendingClassTags = pendingTags;
                    pendingAbstract = modifiers(i).contains("abstract");
                    pendingSuperclass = superclass(i + 2);
                    pendingTags = new ArrayList<>();
                    pendingTest = false;
                    i++;
                } else if (token.is("(")) {
                    parens++;
                } else if (token.is(")")) {
                    parens--;
                } else if (parens == 0) {
                    structure(token, i);
                }
            }
            return declared.stream()
                    .map(s -> new Declared(new TestClass(s.name, path, Set.copyOf(s.tags), Map.copyOf(s.methods),
                            Set.copyOf(s.tests)), s.superclass, s.isAbstract))
                    .toList();
        }

        private void structure(Token token, int i) {
            Scope scope = scopes.peek();
            boolean memberLevel = scope != null && braces == scope.bodyDepth;
            if (token.is("{")) {
                braces++;
                if (pendingClass != null) {
                    openClass();
                }
            } else if (token.is("}")) {
                braces--;
                if (scope != null && braces < scope.bodyDepth) {
                    scopes.pop();
                    endMember();
                } else if (scope != null && braces == scope.bodyDepth) {
                    endMember();
                }
            } else if (memberLevel && token.is(";")) {
                endMember();
            } else if (memberLevel && token.is("=")) {
                initializer = true;
            } else if (memberLevel && token.isWord() && pendingClass == null && !initializer && at(i + 1).is("(")) {
                scope.methods.computeIfAbsent(token.text(), m -> new LinkedHashSet<>()).addAll(pendingTags);
                if (pendingTest) {
                    scope.tests.add(token.text());
                }
                endMember();
            }
        }

        private void openClass() {
            Scope outer = scopes.peek();
            String name = outer != null ? outer.name + "$" + pendingClass
                    : packageName.isEmpty() ? pendingClass : packageName + "." + pendingClass;
            Set<String> tags = new LinkedHashSet<>(outer != null ? outer.tags : Set.of());
            tags.addAll(pendingClassTags);
            Scope scope = new Scope(name, braces, tags);
            scope.isAbstract = pendingAbstract;
            scope.superclass = pendingSuperclass;
            scopes.push(scope);
            declared.add(scope);
            pendingClass = null;
            pendingClassTags = null;
        }

        private void endMember() {
            pendingTags = new ArrayList<>();
            pendingTest = false;
            initializer = false;
        }

        /**
         * Reads {@code @a.b.Name}: a {@code @Tag("x")} adds x to the pending tags, a test annotation
         * marks the coming method as a test. Returns the last index used.
         */
        private int annotation(int at) {
            int i = at + 1;
            if (!at(i).isWord()) {
                return at;
            }
            while (at(i + 1).is(".") && at(i + 2).isWord()) {
                i += 2;
            }
            String name = at(i).text();
            pendingTest |= TEST_ANNOTATIONS.contains(name);
            if (name.equals("interface")) {
                // @interface Name { ... }: an annotation type, read as a class.
                return at;
            }
            if (name.equals("Tag") && at(i + 1).is("(")) {
                int value = i + 2;
                if (at(value).isWord() && at(value).text().equals("value") && at(value + 1).is("=")) {
                    value += 2;
                }
                if (at(value).kind() == Kind.STRING && at(value + 1).is(")")) {
                    pendingTags.add(at(value).text());
                    return value + 1;
                }
            }
            return i;
        }

        private int packageName(int at) {
            StringBuilder name = new StringBuilder();
            int i = at + 1;
            while (at(i).isWord() || at(i).is(".")) {
                name.append(at(i).text());
                i++;
            }
            packageName = name.toString();
            return i;
        }

        /** {@code import a.b.C;}: C resolves to a.b.C. Returns the last index used. */
        private int importName(int at) {
            StringBuilder name = new StringBuilder();
            int i = at + 1;
            while (at(i).isWord() || at(i).is(".")) {
                name.append(at(i).text());
                i++;
            }
            String imported = name.toString();
            imports.put(imported.substring(imported.lastIndexOf('.') + 1), imported);
            return i;
        }

        /** The modifier words right before the type keyword at {@code keyword}. */
        private Set<String> modifiers(int keyword) {
            Set<String> words = new LinkedHashSet<>();
            for (int i = keyword - 1; i >= 0 && at(i).isWord() && MODIFIERS.contains(at(i).text()); i--) {
                words.add(at(i).text());
            }
            return words;
        }

        /**
         * The binary name of the class after {@code extends} (type arguments ignored), from {@code from}
         * up to the class body: imported, or else in this package. Null when there is none.
         */
        private String superclass(int from) {
            for (int i = from; i < tokens.size() && !at(i).is("{"); i++) {
                if (at(i).isWord() && at(i).text().equals("extends") && at(i + 1).isWord()) {
                    String simple = at(i + 1).text();
                    return imports.getOrDefault(simple, packageName.isEmpty() ? simple : packageName + "." + simple);
                }
            }
            return null;
        }

        private boolean after(int i, String symbol) {
            return i > 0 && tokens.get(i - 1).is(symbol);
        }

        private Token at(int i) {
            return i < tokens.size() ? tokens.get(i) : new Token(Kind.SYMBOL, "");
        }
    }

    private static List<Token> tokens(String source) {
        List<Token> tokens = new ArrayList<>();
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                i = textBlockEnd(source, i + 3);
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    if (source.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    text.append(source.charAt(j));
                    j++;
                }
                if (c == '"') {
                    tokens.add(new Token(Kind.STRING, text.toString()));
                }
                i = j + 1;
            } else if (Character.isJavaIdentifierPart(c)) {
                int j = i;
                while (j < n && Character.isJavaIdentifierPart(source.charAt(j))) {
                    j++;
                }
                tokens.add(new Token(Kind.WORD, source.substring(i, j)));
                i = j;
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    private static int textBlockEnd(String source, int from) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith("\"\"\"", i)) {
                return i + 3;
            } else {
                i++;
            }
        }
        return source.length();
    }
}
