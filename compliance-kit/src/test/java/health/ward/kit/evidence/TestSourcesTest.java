package health.ward.kit.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import health.ward.kit.evidence.TestSources.TestClass;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tags are read from sources the way JUnit applies them, and only from real annotations. */
class TestSourcesTest {

    private static final Path FIXTURE_REPO = Path.of("src/test/resources/evidence/repo");

    @Test
    void classTagsApplyToTheClassAndItsNestedClassesMethodTagsToTheirMethod() {
        List<TestClass> classes = TestSources.parse("e2e/src/test/java/a/OuterTest.java", """
                package a.b;

                import org.junit.jupiter.api.Tag;

                @Tag("WARD-AUD-001")
                @DisplayName("outer (with parens)")
                public class OuterTest {
                    @Test
                    @Tag("WARD-ENC-001")
                    @Tag("WARD-IAM-001")
                    void first() {
                    }

                    @Test
                    void second() throws Exception {
                        if (true) { new Object() { void inner() {} }; }
                    }

                    private static String helper(@SuppressWarnings("x") String a) { return a; }

                    @Nested
                    @Tag("WARD-BCK-001")
                    class Inner {
                        @Test @Tag("WARD-NET-001") void third() {}
                    }
                }
                """);
        assertThat(classes).extracting(TestClass::name).containsExactly("a.b.OuterTest", "a.b.OuterTest$Inner");
        TestClass outer = classes.get(0);
        assertThat(outer.path()).isEqualTo("e2e/src/test/java/a/OuterTest.java");
        assertThat(outer.tags()).containsExactly("WARD-AUD-001");
        assertThat(outer.methodTags()).containsEntry("first", Set.of("WARD-ENC-001", "WARD-IAM-001"))
                .containsEntry("second", Set.of()).containsEntry("helper", Set.of()).doesNotContainKey("inner");
        assertThat(outer.testMethods()).containsExactlyInAnyOrder("first", "second");
        TestClass inner = classes.get(1);
        assertThat(inner.tags()).containsExactlyInAnyOrder("WARD-AUD-001", "WARD-BCK-001");
        assertThat(inner.methodTags()).isEqualTo(Map.of("third", Set.of("WARD-NET-001")));
        assertThat(inner.testMethods()).containsExactly("third");
    }

    @Test
    void tagsInCommentsStringsAndTextBlocksDoNotCount() {
        List<TestClass> classes = TestSources.parse("x/src/test/java/T.java", """
                /* @Tag("WARD-POL-001") class Fake { void m() {} } */
                class T {
                    static final String S = "@Tag(\\"WARD-POL-003\\") class Q { void n() {} } }";
                    static final String B = \"""
                            @Tag("WARD-POL-004") }
                            \""";
                    static final char BRACE = '}';
                    // @Tag("WARD-POL-002"), and a stray } in a comment
                    @Test
                    @Tag("WARD-POL-005")
                    void real() {
                    }
                }
                """);
        assertThat(classes).extracting(TestClass::name).containsExactly("T");
        assertThat(classes.get(0).tags()).isEmpty();
        assertThat(classes.get(0).methodTags()).isEqualTo(Map.of("real", Set.of("WARD-POL-005")));
    }

    @Test
    void tagsThroughTagsValueAndQualifiedNamesCountAndFieldInitializersAreNotMethods() {
        List<TestClass> classes = TestSources.parse("x/src/test/java/T.java", """
                class T {
                    @Tag("WARD-POL-009")
                    static final Object FIELD = create("x", () -> { return 1; });
                    @TestSecurity(user = "u", roles = { "clinician", "dpo" })
                    @Tags({@Tag("WARD-POL-006"), @Tag("slow")})
                    @org.junit.jupiter.api.Tag(value = "WARD-POL-007")
                    @Tag(SOME_CONSTANT)
                    void m() {}
                }
                """);
        assertThat(classes.get(0).methodTags()).isEqualTo(Map.of("m", Set.of("WARD-POL-006", "slow", "WARD-POL-007")));
    }

    @Test
    void scanReadsTheTestSourcesOfEveryTieredModule() throws Exception {
        Map<String, TestClass> classes = TestSources.scan(FIXTURE_REPO);
        assertThat(classes).containsKeys("health.ward.db.FakeSchemaTest", "health.ward.kit.FakeKitTest",
                "health.ward.patient.FakeServiceTest", "health.ward.e2e.local.ClinicianPathTest$Denials",
                "health.ward.e2e.kind.DatabaseReachabilityKindTest");
        assertThat(classes.get("health.ward.patient.FakeServiceTest").methodTags())
                .containsEntry("taggedThroughTags", Set.of("WARD-AUD-003", "slow"))
                .containsEntry("grantsAreNarrow", Set.of("WARD-IAM-003", "WARD-IAM-005"));
        assertThat(classes.values()).flatExtracting(c -> List.copyOf(c.tags())).doesNotContain("WARD-POL-011");
        assertThat(classes.values()).flatExtracting(c -> c.methodTags().values().stream().flatMap(Set::stream).toList())
                .doesNotContain("WARD-POL-011");
    }

    @Test
    void aSubclassInheritsTheTestsAndTagsOfItsAbstractSuperclassWhichIsNotListed() throws Exception {
        Map<String, TestClass> classes = TestSources.scan(FIXTURE_REPO);
        assertThat(classes).doesNotContainKey("health.ward.e2e.cluster.SharedChecks");
        TestClass sub = classes.get("health.ward.e2e.controlplane.SharedControlPlaneTest");
        assertThat(sub.path()).isEqualTo("e2e/src/test/java/health/ward/e2e/controlplane/SharedControlPlaneTest.java");
        assertThat(sub.tags()).containsExactly("WARD-GDPR-003");
        assertThat(sub.testMethods()).containsExactlyInAnyOrder("sharedCheck", "taggedSharedCheck", "ownCheck");
        assertThat(sub.methodTags()).containsEntry("taggedSharedCheck", Set.of("WARD-GDPR-004"))
                .containsEntry("ownCheck", Set.of("WARD-IAM-004"));
    }

    @Test
    void theTierOfATestIsThePlaceItsSourceLives() {
        assertThat(Tier.ofSource("e2e/src/test/java/health/ward/e2e/controlplane/ApiServerControlPlaneTest.java"))
                .contains(Tier.CONTROL_PLANE);
        assertThat(Tier.ofSource("e2e/src/test/java/health/ward/e2e/kind/DatabaseReachabilityKindTest.java")).contains(Tier.KIND);
        assertThat(Tier.ofSource("e2e/src/test/java/health/ward/e2e/localcluster/NetworkPolicyLocalClusterTest.java"))
                .contains(Tier.LOCAL_CLUSTER);
        assertThat(Tier.ofSource("e2e/src/test/java/health/ward/e2e/local/ClinicianPathTest.java")).contains(Tier.LOCAL_STACK);
        assertThat(Tier.ofSource("patient-api/src/test/java/health/ward/patient/rights/ErasureTest.java")).contains(Tier.SERVICE);
        assertThat(Tier.ofSource("records-db/src/test/java/health/ward/db/RecordsSchemaTest.java")).contains(Tier.RECORDS_DB);
        assertThat(Tier.ofSource("compliance-kit/src/test/java/health/ward/kit/check/FixtureTest.java")).contains(Tier.WARD_KIT);
        assertThat(Tier.ofSource("docs/Example.java")).isEmpty();
        assertThat(Tier.KIND.level()).isEqualTo(4);
        assertThat(Tier.LOCAL_STACK.describe()).startsWith("3 local stack");
    }

    @Test
    void aReportedNameIsCutToItsMethod() {
        assertThat(JunitResults.method("parameterised(String)[2]")).isEqualTo("parameterised");
        assertThat(JunitResults.method("repeated()[1]")).isEqualTo("repeated");
        assertThat(JunitResults.method("plain")).isEqualTo("plain");
        assertThat(JunitResults.method("dynamic[3]")).isEqualTo("dynamic");
    }
}
