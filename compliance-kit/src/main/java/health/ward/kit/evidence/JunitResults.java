package health.ward.kit.evidence;

import health.ward.kit.check.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * ({@code TEST-*.xml}): a {@code <testcase>} with {@code <failure>} or {@code <error>} failed,
 * with {@code <skipped>} was skipped, and otherwise passed (a flaky test that passed on a rerun
 * passed). Parameterised and repeated invocations are named {@code method(Type)[n]}; the method
 * is the name up to the first "(" or "[".
 */
public final class JunitResults {

    /** One reported invocation. */
    public record TestCase(String className, String method, ProofStatus status) {
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
        List<Path> roots = new ArrayList<>(dirs);
        if (roots.isEmpty()) {
            try (Stream<Path> modules = Files.list(repo)) {
                modules.filter(Files::isDirectory).sorted()
                        .forEach(module -> MODULE_REPORT_DIRS.forEach(dir -> roots.add(module.resolve(dir))));
            } catch (IOException e) {
                throw new InputException("cannot list " + repo + ": " + e.getMessage(), e);
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                if (!dirs.isEmpty()) {
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

    public static List<TestCase> read(List<Path> files) throws InputException {
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
                    cases.add(new TestCase(className, method(testcase.getAttribute("name")), status(testcase)));
                }
            }
        }
        return cases;
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
