package health.ward.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.ClusterWait;
import health.ward.e2e.cluster.WardRelease;

/**
 * WARD-MON-001 with Falco itself: Ward's rules (helm/ward/falco/, loaded by k8s/addons/install.sh
 * into both Falco releases) fire for a real {@code kubectl exec} into patient-api, within 60 s. The
 * syscall DaemonSet on the pod's node reports the shell; the k8saudit release, fed by the API
 * server's audit webhook (k8s/kind/audit-webhook.yaml), reports the exec request. Both print JSON
 * lines ({@code json_output: true}); an alert counts only if it names this pod and is newer than the
 * exec, so an alert from an earlier run cannot pass the test.
 */
@Tag("kind")
@Tag("WARD-MON-001")
class FalcoAlertKindTest {

    static final String FALCO_NAMESPACE = "falco";
    static final String SHELL_RULE = "Ward Shell Spawned in PHI Container";
    static final String EXEC_RULE = "Ward Exec or Attach into PHI Pod";
    static final Duration ALERT_WITHIN = Duration.ofSeconds(60);

    @BeforeAll
    static void falcoAndWardAreRunning() {
        WardRelease.awaitReady();
        WardRelease.rolledOut(FALCO_NAMESPACE, "daemonset/falco", Duration.ofMinutes(5));
        WardRelease.rolledOut(FALCO_NAMESPACE, "deployment/falco-k8saudit", Duration.ofMinutes(5));
    }

    @Test
    void aShellInPatientApiRaisesWardsSyscallAlert() {
        WardRelease.Pod pod = WardRelease.patientApiPods().get(0);
        String marker = "ward-falco-probe-" + UUID.randomUUID().toString().substring(0, 8);
        Instant exec = execShell(pod, marker);
        List<WardRelease.Pod> falcoPods = WardRelease.readyPods(FALCO_NAMESPACE,
                "app.kubernetes.io/name=falco,app.kubernetes.io/instance=falco").stream()
                .filter(falco -> falco.node().equals(pod.node())).toList();
        assertThat(falcoPods).as("Falco DaemonSet pod on node %s", pod.node()).hasSize(1);
        JsonNode alert = awaitAlert(falcoPods.get(0).name(), SHELL_RULE, exec,
                fields -> pod.name().equals(fields.path("k8s.pod.name").asText())
                        && fields.path("proc.cmdline").asText().contains(marker));
        assertThat(alert.path("priority").asText()).isEqualToIgnoringCase("Critical");
        assertThat(alert.path("output_fields").path("k8s.ns.name").asText()).isEqualTo(WardRelease.NAMESPACE);
    }

    @Test
    @Tag("WARD-AUD-003")
    void anExecIntoPatientApiRaisesWardsAuditAlert() {
        WardRelease.Pod pod = WardRelease.patientApiPods().get(0);
        Instant exec = execShell(pod, "ward-falco-audit-probe-" + UUID.randomUUID().toString().substring(0, 8));
        List<WardRelease.Pod> auditPods = WardRelease.readyPods(FALCO_NAMESPACE,
                "app.kubernetes.io/name=falco,app.kubernetes.io/instance=falco-k8saudit");
        assertThat(auditPods).as("Falco k8saudit pod").hasSize(1);
        JsonNode alert = awaitAlert(auditPods.get(0).name(), EXEC_RULE, exec,
                fields -> pod.name().equals(fields.path("ka.target.name").asText())
                        && WardRelease.NAMESPACE.equals(fields.path("ka.target.namespace").asText()));
        assertThat(alert.path("output_fields").path("ka.target.subresource").asText()).isEqualTo("exec");
    }

    /** {@code kubectl exec} of a shell into the patient-api container; returns when it was started. */
    private static Instant execShell(WardRelease.Pod pod, String marker) {
        Instant started = Instant.now().minusSeconds(1);
        Kubectl.Result result = Kubectl.run("-n", WardRelease.NAMESPACE, "exec", pod.name(), "-c", "patient-api", "--",
                "sh", "-c", "echo " + marker);
        if (result.exitCode() != 0 || !result.stdout().contains(marker)) {
            throw new AssertionError("kubectl exec of a shell into " + pod.name() + " failed (does the patient-api image have sh?): "
                    + result.describe());
        }
        return started;
    }

    /** Polls the Falco pod's log for an alert of {@code rule} newer than {@code since} whose fields match. */
    private static JsonNode awaitAlert(String falcoPod, String rule, Instant since, Predicate<JsonNode> match) {
        return ClusterWait.until("Falco alert \"" + rule + "\" in " + FALCO_NAMESPACE + "/" + falcoPod, ALERT_WITHIN, () -> {
            List<String> lines = Kubectl.lines(line -> line.contains(rule), "-n", FALCO_NAMESPACE, "logs", falcoPod,
                    "-c", "falco", "--since=10m");
            for (String line : lines) {
                JsonNode alert = parse(line);
                if (alert != null && rule.equals(alert.path("rule").asText()) && !time(alert).isBefore(since)
                        && match.test(alert.path("output_fields"))) {
                    return ClusterWait.Outcome.done(alert);
                }
            }
            return ClusterWait.Outcome.pending(lines.size() + " log lines mention the rule, none for this pod since " + since
                    + (lines.isEmpty() ? "" : "; last: " + lines.get(lines.size() - 1)));
        });
    }

    /** The alert's {@code time} (RFC 3339 with nanoseconds); an alert without one counts as old. */
    private static Instant time(JsonNode alert) {
        String time = alert.path("time").asText();
        return time.isEmpty() ? Instant.EPOCH : Instant.parse(time);
    }

    private static JsonNode parse(String line) {
        int start = line.indexOf('{');
        if (start < 0) {
            return null;
        }
        try {
            return WardRelease.JSON.readTree(line.substring(start));
        } catch (IOException e) {
            return null;
        }
    }
}
