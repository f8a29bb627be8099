package health.ward.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.report.AuditReport;
import health.ward.kit.report.ControlResult;
import health.ward.kit.report.ControlStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19 as a new user tried it: a compliant slice written the usual way (no Ward labels), then
 * one planted violation at a time. With every checker running, the slice fails only the house-label
 * control, and each planted violation fails exactly its own control besides it: nothing goes
 * quiet for want of Ward's labels. Invocations are named "[control] violation" for `ward-kit evidence`.
 */
class UsualLabelsSliceTest {

    static final Path SLICE = Path.of("src/test/resources/usual-labels/compliant-slice.yaml");
    private static final String HOUSE_LABEL = DataClassificationLabelCheck.CONTROL_ID;
    private static final Catalogue CATALOGUE = Catalogue.load();

    private static UnaryOperator<String> replace(String from, String to) {
        return slice -> {
            assertThat(slice).as("the slice has the text the violation replaces").contains(from);
            return slice.replace(from, to);
        };
    }

    private static UnaryOperator<String> append(String document) {
        return slice -> slice + "---\n" + document;
    }

    private static UnaryOperator<String> both(UnaryOperator<String> first, UnaryOperator<String> second) {
        return slice -> second.apply(first.apply(slice));
    }

    private static String databasePeerAuthentication(String mode) {
        return """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: postgresql, namespace: clinic}
                spec:
                  selector: {matchLabels: {app.kubernetes.io/name: postgresql}}
                  %s
                """.formatted(mode);
    }

    private static final String API_PEER = "    - from:\n        - podSelector:\n            matchLabels:\n"
            + "              app.kubernetes.io/name: patient-api\n";

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("WARD-NET-002", "any pod may reach the database",
                        replace(API_PEER, "    - from:\n        - podSelector: {}\n")),
                Arguments.of("WARD-NET-002", "any namespace may reach the database",
                        replace(API_PEER, "    - from:\n        - namespaceSelector: {}\n")),
                Arguments.of("WARD-NET-002", "0.0.0.0/0 may reach the database",
                        replace(API_PEER, "    - from:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n")),
                Arguments.of("WARD-ENC-003", "workload-level PERMISSIVE on the database",
                        append(databasePeerAuthentication("mtls: {mode: PERMISSIVE}"))),
                Arguments.of("WARD-ENC-003", "port-level DISABLE on 5432",
                        append(databasePeerAuthentication("portLevelMtls: {5432: {mode: DISABLE}}"))),
                Arguments.of("WARD-NET-003", "LoadBalancer in front of the database", append("""
                        apiVersion: v1
                        kind: Service
                        metadata: {name: postgresql-public, namespace: clinic}
                        spec:
                          type: LoadBalancer
                          selector: {app.kubernetes.io/name: postgresql, app.kubernetes.io/instance: clinic}
                          ports: [{port: 5432}]
                        """)),
                Arguments.of("WARD-NET-004", "patient-api may connect anywhere",
                        replace("    - to:\n        - namespaceSelector:\n",
                                "    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n        - namespaceSelector:\n")),
                Arguments.of("WARD-NET-001", "no default deny",
                        replace("  podSelector: {}\n  policyTypes: [Ingress, Egress]\n", "  podSelector: {}\n  policyTypes: [Ingress]\n")),
                Arguments.of("WARD-POL-001", "patient-api may run as root",
                        replace("        runAsNonRoot: true\n        runAsUser: 10001\n", "        runAsUser: 0\n")),
                Arguments.of("WARD-POL-003", "privilege escalation allowed",
                        replace("            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [ALL]\n"
                                + "          resources:\n            requests: {cpu: 250m, memory: 256Mi}\n            limits: {cpu: \"1\", memory: 512Mi}\n",
                                "            allowPrivilegeEscalation: true\n            capabilities:\n              drop: [ALL]\n"
                                + "          resources:\n            requests: {cpu: 250m, memory: 256Mi}\n            limits: {cpu: \"1\", memory: 512Mi}\n")),
                Arguments.of("WARD-POL-007", "image by tag", replace(
                        "patient-api@sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210", "patient-api:1.4.2")),
                Arguments.of("WARD-POL-008", "no limits on the database", replace("            limits: {cpu: \"1\", memory: 1Gi}\n", "")),
                Arguments.of("WARD-POL-011", "database password as a literal", replace(
                        "            - name: POSTGRES_PASSWORD\n              valueFrom:\n                secretKeyRef:\n"
                                + "                  name: postgresql\n                  key: password\n",
                        "            - name: POSTGRES_PASSWORD\n              value: changeme\n")),
                Arguments.of("WARD-ENC-002", "unencrypted storage class", replace("  encrypted: \"true\"\n", "  encrypted: \"false\"\n")),
                Arguments.of("WARD-BCK-001", "no backup of the namespace",
                        replace("    includedNamespaces: [clinic]\n", "    includedNamespaces: [other]\n")),
                Arguments.of("WARD-IAM-005", "patient-api mounts its token", both(
                        replace("  name: patient-api\n  namespace: clinic\nautomountServiceAccountToken: false\n",
                                "  name: patient-api\n  namespace: clinic\nautomountServiceAccountToken: true\n"),
                        replace("      serviceAccountName: patient-api\n      automountServiceAccountToken: false\n",
                                "      serviceAccountName: patient-api\n"))),
                Arguments.of("WARD-POL-010", "namespace without sidecar injection",
                        replace("    istio-injection: enabled\n", "    istio-injection: disabled\n")));
    }

    private static Set<String> failed(Path file) throws InputException {
        List<Resource> resources = new ResourceReader("default", InputStream.nullInputStream()).read(List.of(file.toString()));
        AuditReport report = AuditReport.run(CATALOGUE, Checks.byControlId(), resources, Optional.empty());
        Set<String> failed = new TreeSet<>();
        for (ControlResult control : report.controls()) {
            if (control.status() == ControlStatus.FAIL) {
                failed.add(control.id());
            }
        }
        return failed;
    }

    @Test
    void theCompliantSliceFailsOnlyForLackingTheHouseLabel() throws InputException {
        assertThat(failed(SLICE)).containsExactly(HOUSE_LABEL);
    }

    @ParameterizedTest(name = "[{0}] {1}", quoteTextArguments = false)
    @MethodSource("violations")
    void eachPlantedViolationFailsItsControl(String controlId, String violation, UnaryOperator<String> plant, @TempDir Path dir)
            throws IOException, InputException {
        String slice = Files.readString(SLICE);
        String planted = plant.apply(slice);
        assertThat(planted).as("the violation changed the slice").isNotEqualTo(slice);
        Path file = Files.writeString(dir.resolve("planted.yaml"), planted);
        assertThat(failed(file)).as(violation).containsExactlyInAnyOrder(HOUSE_LABEL, controlId);
    }
}
