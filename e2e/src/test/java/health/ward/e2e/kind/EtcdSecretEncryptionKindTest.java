package health.ward.e2e.kind;

import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.SecretAtRestChecks;
import health.ward.e2e.cluster.WardRelease;

/**
 * {@link SecretAtRestChecks} on the kind cluster of k8s/kind/cluster.yaml. etcd is read with the
 * etcdctl of kubeadm's etcd static pod, using the client certificate kubeadm made for health checks.
 * The audit log is a file on the control-plane node (/var/log/kubernetes/audit/audit.log), read
 * through the kubelet's /logs/ endpoint via the API server's node proxy — no container engine
 * command, so this runs wherever kubectl reaches the cluster.
 */
@Tag("kind")
class EtcdSecretEncryptionKindTest extends SecretAtRestChecks {

    static final String NAMESPACE = "ward-kind-etcd";
    static final String AUDIT_LOG = "kubernetes/audit/audit.log";

    @Override
    protected String namespace() {
        return NAMESPACE;
    }

    @Override
    protected String encryptedPrefix() {
        return "k8s:enc:secretbox:v1:";
    }

    @Override
    protected List<String> auditLogLines(Predicate<String> keep) {
        return Kubectl.lines(keep, "get", "--raw", "/api/v1/nodes/" + controlPlaneNode() + "/proxy/logs/" + AUDIT_LOG);
    }

    /** The raw value etcd holds under {@code key}, read by etcdctl inside kubeadm's etcd pod. */
    @Override
    protected byte[] etcdValue(String key) throws Exception {
        String etcd = Kubectl.ok("-n", "kube-system", "get", "pods", "-l", "component=etcd",
                "-o", "jsonpath={.items[0].metadata.name}").strip();
        if (etcd.isEmpty()) {
            throw new AssertionError("no etcd pod (label component=etcd) in kube-system: is this the kind cluster of k8s/kind/cluster.yaml?");
        }
        String pki = "/etc/kubernetes/pki/etcd/";
        String stored = Kubectl.ok("-n", "kube-system", "exec", etcd, "--", "etcdctl", "--endpoints=https://127.0.0.1:2379",
                "--cacert=" + pki + "ca.crt", "--cert=" + pki + "healthcheck-client.crt", "--key=" + pki + "healthcheck-client.key",
                "get", key, "-w", "json");
        JsonNode kvs = WardRelease.JSON.readTree(stored).path("kvs");
        if (kvs.isEmpty()) {
            throw new AssertionError("etcd has no value under " + key);
        }
        return Base64.getDecoder().decode(kvs.get(0).path("value").asText());
    }

    static String controlPlaneNode() {
        String node = Kubectl.ok("get", "nodes", "-l", "node-role.kubernetes.io/control-plane",
                "-o", "jsonpath={.items[0].metadata.name}").strip();
        if (node.isEmpty()) {
            throw new AssertionError("no node labelled node-role.kubernetes.io/control-plane");
        }
        return node;
    }
}
