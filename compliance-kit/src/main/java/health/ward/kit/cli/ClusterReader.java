package health.ward.kit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.ward.kit.check.InputException;
import health.ward.kit.check.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the objects ward-kit's checkers judge from a live cluster (read-only list calls), so
 * `audit --cluster` sees what is running rather than what a chart says.
 *
 * <p>Kinds are listed with explicit group, version, plural and scope, so no discovery call is
 * needed and RBAC can be as narrow as get/list on these resources. A kind whose API is not
 * installed (no Istio, Velero or Gatekeeper) is skipped: the controls that need it then report
 * what its absence means. Pods, ReplicaSets and Jobs created by a controller are skipped because
 * their owner is audited, and each finding would otherwise appear twice.
 */
final class ClusterReader {

    record Kind(String group, String version, String kind, String plural, boolean namespaced) {

        String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    static final List<Kind> KINDS;

    static {
        List<Kind> kinds = new ArrayList<>(List.of(
                new Kind("", "v1", "Namespace", "namespaces", false),
                new Kind("", "v1", "Pod", "pods", true),
                new Kind("", "v1", "ReplicationController", "replicationcontrollers", true),
                new Kind("", "v1", "Service", "services", true),
                new Kind("", "v1", "ServiceAccount", "serviceaccounts", true),
                new Kind("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
                new Kind("apps", "v1", "Deployment", "deployments", true),
                new Kind("apps", "v1", "StatefulSet", "statefulsets", true),
                new Kind("apps", "v1", "DaemonSet", "daemonsets", true),
                new Kind("apps", "v1", "ReplicaSet", "replicasets", true),
                new Kind("batch", "v1", "Job", "jobs", true),
                new Kind("batch", "v1", "CronJob", "cronjobs", true),
                new Kind("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
                new Kind("networking.k8s.io", "v1", "Ingress", "ingresses", true),
                new Kind("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
                new Kind("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
                new Kind("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
                new Kind("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
                new Kind("storage.k8s.io", "v1", "StorageClass", "storageclasses", false),
                new Kind("security.istio.io", "v1", "PeerAuthentication", "peerauthentications", true),
                new Kind("velero.io", "v1", "Schedule", "schedules", true)));
        for (String constraint : List.of("WardRunAsNonRoot", "WardReadOnlyRootFilesystem", "WardNoPrivilegeEscalation",
                "WardDropAllCapabilities", "WardSeccompRuntimeDefault", "WardNoHostAccess", "WardImageDigest",
                "WardDataClassification", "WardIstioInjection", "WardNoExternalService", "WardEncryptedStorageClass")) {
            kinds.add(new Kind("constraints.gatekeeper.sh", "v1beta1", constraint, constraint.toLowerCase(), false));
        }
        KINDS = List.copyOf(kinds);
    }

    private static final Set<String> OWNED_SKIPPED = Set.of("Pod", "ReplicaSet", "Job");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;

    ClusterReader(Map<String, String> env) {
        this.env = env;
    }

    List<Resource> read(Path kubeconfig) throws InputException {
        Config config = config(kubeconfig);
        String label = "cluster " + config.getMasterUrl();
        List<Resource> resources = new ArrayList<>();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            for (Kind kind : KINDS) {
                for (GenericKubernetesResource item : list(client, kind, label)) {
                    if (OWNED_SKIPPED.contains(kind.kind()) && !item.getMetadata().getOwnerReferences().isEmpty()) {
                        continue;
                    }
                    ObjectNode body = JSON.valueToTree(item);
                    body.put("apiVersion", kind.apiVersion());
                    body.put("kind", kind.kind());
                    ((ObjectNode) body.path("metadata")).remove("managedFields");
                    String namespace = kind.namespaced() ? body.path("metadata").path("namespace").asText("") : "";
                    resources.add(new Resource(label, namespace, body));
                }
            }
        }
        return resources;
    }

    private static List<GenericKubernetesResource> list(KubernetesClient client, Kind kind, String label)
            throws InputException {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(kind.group())
                .withVersion(kind.version()).withKind(kind.kind()).withPlural(kind.plural())
                .withNamespaced(kind.namespaced()).build();
        try {
            var operation = client.genericKubernetesResources(context);
            return kind.namespaced() ? operation.inAnyNamespace().list().getItems() : operation.list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            String reason;
            if (e.getStatus() != null && e.getStatus().getMessage() != null) {
                reason = "HTTP " + e.getCode() + " " + e.getStatus().getMessage();
            } else {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                reason = (root instanceof IOException ? "cannot connect: " : "") + root.getClass().getSimpleName()
                        + (root.getMessage() == null ? "" : ": " + root.getMessage());
            }
            throw new InputException(label + ": cannot list " + kind.plural() + ": " + reason, e);
        }
    }

    private Config config(Path kubeconfig) throws InputException {
        Path file = kubeconfig;
        if (file == null && env.get("KUBECONFIG") != null && !env.get("KUBECONFIG").isBlank()) {
            // kubectl merges a KUBECONFIG list; ward-kit reads the first file, which holds the current context in practice.
            file = Path.of(env.get("KUBECONFIG").split(File.pathSeparator)[0]);
        }
        if (file == null && env.get("HOME") != null) {
            file = Path.of(env.get("HOME"), ".kube", "config");
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw new InputException("no kubeconfig: pass --kubeconfig FILE or set KUBECONFIG");
        }
        try {
            Config config = Config.fromKubeconfig(Files.readString(file));
            // An audit is one pass of list calls: fail fast instead of fabric8's ten retries with backoff.
            config.setRequestRetryBackoffLimit(0);
            config.setConnectionTimeout(10_000);
            return config;
        } catch (IOException | RuntimeException e) {
            throw new InputException(file + ": not a usable kubeconfig: " + e.getMessage(), e);
        }
    }
}
