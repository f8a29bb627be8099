package health.ward.kit.evidence;

import health.ward.kit.check.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The test cases of JUnit XML reports as Maven Surefire and Failsafe write them
 * ({@code TEST-*.xml}), and as {@code policies/engine-report.py} writes the policy engines'
 * results: a {@code <testcase>} with {@code <failure>} or {@code <error>} failed, with
 * {@code <skipped>} was skipped, and otherwise passed (a flaky test that passed on a rerun
 * passed). The method of a test is its name up to the first "(" or "[": repeated and dynamic
 * invocations are named {@code method()[n]}, and parameterised ones {@code method(Type)[n]}, or,
 * since the parent pom has Surefire and Failsafe write phrased method names,
 * {@code method(Type) <display name>}.
 *
 * <p>The naming convention for a parameterised test whose invocations prove different controls
 * (one per checker fixture, say): a display name that starts with the control ID in brackets,
 * {@code @ParameterizedTest(name = "[{0}] {1}", quoteTextArguments = false)} with the ID as first
 * argument, is reported as {@code method(String, Path)[WARD-POL-001] pass-minimal.yaml} (Surefire
 * puts no space before a display name that starts with "["), and {@link TestCase#namedControl()}
 * reads the ID from there. The method must not carry a {@code @DisplayName}, which would replace
 * its name in the report. A tag cannot say this: tags are per method, not per invocation.
 */
public final class JunitResults {

    /**
     * A control ID in brackets right after the method and its parameter types: the display name
     * of a parameterised invocation that names the control it proves.
     */
    private static final Pattern NAMED_CONTROL = Pattern.compile(
            "[^\\s(\\[]+\\([^)]*\\) ?(?<display>\\[(?<control>" + EvidenceReport.CONTROL_ID + ")\\](?: .*)?)", Pattern.DOTALL);

    /**
     * One reported invocation: its class ({@code pkg.Class}, or {@code ENGINE.POLICY} for a
     * policy engine), name as reported, result, and source file ({@code file[:line]}) when the
     * report gives one (engine reports do, Surefire's do not).
     */
    public record TestCase(String className, String name, ProofStatus status, String file) {

        public String method() {
            return JunitResults.method(name);
        }

        /** The control this invocation names by the convention above, if it names one. */
        public Optional<NamedControl> namedControl() {
            Matcher matcher = NAMED_CONTROL.matcher(name);
            return matcher.matches() ? Optional.of(new NamedControl(matcher.group("control"), matcher.group("display")))
                    : Optional.empty();
        }
    }

    /** The control an invocation names, and its display name ({@code [WARD-POL-001] pass-minimal.yaml}). */
    public record NamedControl(String id, String display) {
    }

    /** The test cases of some reports, and how many report files they came from. */
    public record Results(List<TestCase> cases, int files) {
    }

    /** Where Maven puts the reports of each module under the repository root. */
    static final List<String> MODULE_REPORT_DIRS = List.of("target/surefire-reports", "target/failsafe-reports");

    private JunitResults() {
    }

    /**
     * The report files: every TEST-*.xml below the given directories, or, when none are given,
     * in the surefire and failsafe report directories of every module directly under the repository.
     */
    public static List<Path> find(Path repo, List<Path> dirs) throws InputException {
        if (!dirs.isEmpty()) {
            return find(dirs, true);
        }
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repo)) {
            modules.filter(Files::isDirectory).sorted()
                    .forEach(module -> MODULE_REPORT_DIRS.forEach(dir -> roots.add(module.resolve(dir))));
        } catch (IOException e) {
            throw new InputException("cannot list " + repo + ": " + e.getMessage(), e);
        }
        return find(roots, false);
    }

    /** Every TEST-*.xml below the given directories; a directory that is missing is an error when {@code required}. */
    public static List<Path> find(List<Path> roots, boolean required) throws InputException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                if (required) {
                    throw new InputException(root + ": no such directory");
                }
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml") && Files.isRegularFile(p))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new InputException("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    public static Results read(List<Path> files) throws InputException {
        DocumentBuilder builder;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Reports are data: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            builder = factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML support is misconfigured", e);
        }
        // Throws on malformed XML instead of printing to stderr first.
        builder.setErrorHandler(new DefaultHandler());
        List<TestCase> cases = new ArrayList<>();
        for (Path file : files) {
            Document doc;
            try {
                doc = builder.parse(file.toFile());
            } catch (SAXException e) {
                throw new InputException(file + ": not a JUnit XML report: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
            }
            NodeList testcases = doc.getElementsByTagName("testcase");
            for (int i = 0; i < testcases.getLength(); i++) {
                Element testcase = (Element) testcases.item(i);
                String className = testcase.getAttribute("classname").strip();
                if (!className.isEmpty()) {
                    String source = testcase.getAttribute("file").strip();
                    String line = testcase.getAttribute("line").strip();
                    cases.add(new TestCase(className, testcase.getAttribute("name").strip(), status(testcase),
                            source.isEmpty() || line.isEmpty() ? source : source + ":" + line));
                }
            }
        }
        return new Results(List.copyOf(cases), files.size());
    }

    static String method(String name) {
        int end = name.length();
        for (char stop : new char[] {'(', '['}) {
            int at = name.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return name.substring(0, end).strip();
    }

    private static ProofStatus status(Element testcase) {
        if (has(testcase, "failure") || has(testcase, "error")) {
            return ProofStatus.FAILED;
        }
        return has(testcase, "skipped") ? ProofStatus.SKIPPED : ProofStatus.PASSED;
    }

    private static boolean has(Element testcase, String child) {
        for (var node = testcase.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(child)) {
                return true;
            }
        }
        return false;
    }
}
