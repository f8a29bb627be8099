package health.ward.e2e.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.ProbePod;
import health.ward.e2e.cluster.WardRelease;

/**
 * The node of the local cluster does what the other tests need of it: pods run from the images
 * {@code make images} built, Services and cluster DNS work, and {@code kubectl exec}, {@code logs}
 * and {@code port-forward} reach the kubelet; and the node's network namespace has no way off the
 * machine.
 */
@Tag("local-cluster")
@ExtendWith(LocalCluster.class)
class NodeLocalClusterTest {

    static final String NAMESPACE = "ward-node-checks";
    static String image;

    @BeforeAll
    static void server() {
        image = LocalCluster.image("postgres");
        WardRelease.ensureNamespace(NAMESPACE);
        Kubectl.okWithInput("""
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "pg", "namespace": "%1$s", "labels": {"app": "pg"}},
                 "spec": {"automountServiceAccountToken": false,
                  "securityContext": {"runAsNonRoot": true, "runAsUser": 999, "fsGroup": 999, "seccompProfile": {"type": "RuntimeDefault"}},
                  "containers": [{"name": "postgres", "image": "%2$s",
                    "command": ["sh", "-c", "initdb -D /work/data -U postgres --auth=trust >/work/initdb.log 2>&1 && exec postgres -D /work/data -c listen_addresses='*' -k /work"],
                    "ports": [{"containerPort": 5432}],
                    "readinessProbe": {"exec": {"command": ["pg_isready", "-h", "127.0.0.1"]}, "periodSeconds": 2},
                    "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "capabilities": {"drop": ["ALL"]}},
                    "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}},
                    "volumeMounts": [{"name": "work", "mountPath": "/work"}]}],
                  "volumes": [{"name": "work", "emptyDir": {}}]}}
                """.formatted(NAMESPACE, image), "apply", "--server-side", "-f", "-");
        Kubectl.okWithInput("""
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "pg", "namespace": "%s"},
                 "spec": {"selector": {"app": "pg"}, "ports": [{"port": 5432, "targetPort": 5432}]}}
                """.formatted(NAMESPACE), "apply", "--server-side", "-f", "-");
        Kubectl.ok("-n", NAMESPACE, "wait", "--for=condition=Ready", "pod/pg", "--timeout=180s");
    }

    @AfterAll
    static void remove() {
        Kubectl.run("delete", "namespace", NAMESPACE, "--wait=false");
    }

    @Test
    void podsRunFromTheImagesBuiltHerePinnedByDigest() {
        JsonNode pod = WardRelease.json("-n", NAMESPACE, "get", "pod", "pg", "-o", "json");
        JsonNode status = pod.path("status").path("containerStatuses").get(0);
        assertThat(status.path("ready").asBoolean()).as("container status %s", status).isTrue();
        assertThat(status.path("imageID").asText()).as("the image the node ran").endsWith(image.substring(image.indexOf('@') + 1));
        JsonNode dns = WardRelease.json("-n", "kube-system", "get", "pods", "-l", "k8s-app=kube-dns", "-o", "json");
        assertThat(dns.path("items")).as("CoreDNS pods").isNotEmpty();
        assertThat(dns.path("items").get(0).path("spec").path("containers").get(0).path("image").asText())
                .as("CoreDNS runs the node's own image").contains("/ward/coredns");
    }

    @Test
    void servicesAndClusterDnsWork() {
        ProbePod.Finished byName = ProbePod.run(image, NAMESPACE, Map.of("app", "probe"), null,
                List.of("pg_isready", "-h", "pg." + NAMESPACE + ".svc.cluster.local", "-p", "5432", "-t", "8"));
        assertThat(byName.exitCode()).as("pg_isready by Service name; output: %s", byName.logs()).isEqualTo(0);
    }

    @Test
    void execAndLogsReachTheKubelet() {
        assertThat(Kubectl.ok("-n", NAMESPACE, "exec", "pg", "--", "pg_isready", "-h", "127.0.0.1"))
                .contains("accepting connections");
        assertThat(Kubectl.ok("-n", NAMESPACE, "logs", "pg")).contains("database system is ready to accept connections");
    }

    @Test
    void portForwardReachesAPodFromTheHostsLoopback() throws IOException {
        try (Kubectl.PortForward forward = Kubectl.portForward(NAMESPACE, "pod/pg", 5432);
                Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", forward.localPort()), 10_000);
            socket.setSoTimeout(10_000);
            // PostgreSQL's SSLRequest (length 8, code 80877103): a server without TLS answers 'N'.
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(8);
            out.writeInt(80877103);
            out.flush();
            int answer = new DataInputStream(socket.getInputStream()).read();
            assertThat((char) answer).as("PostgreSQL's answer to SSLRequest through the port-forward").isEqualTo('N');
        }
    }

    @Test
    void theNodesNetworkNamespaceHasNoRouteOffTheMachine() throws Exception {
        String netns = LocalCluster.environment().get("WARD_CLUSTER_NETNS");
        Process process = new ProcessBuilder("ip", "-n", netns, "-4", "route", "show", "table", "all").redirectErrorStream(true).start();
        String routes = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("ip route in %s: %s", netns, routes).isZero();
        assertThat(routes).as("routes of the node's namespace").doesNotContain("default").contains("10.213.0.0/30").contains("10.244.0.0/24");
        for (String route : routes.lines().filter(l -> !l.isBlank()).toList()) {
            assertThat(route).as("every route stays on the node, the host link or the pod bridge")
                    .matches("(local |broadcast )?(10\\.213\\.0\\.|10\\.244\\.0\\.|127\\.).*");
        }
    }

}
