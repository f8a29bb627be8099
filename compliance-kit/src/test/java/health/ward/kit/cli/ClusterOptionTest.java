package health.ward.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --cluster against fabric8's mock API server (CRUD mode): what is created there is what is audited. */
@EnableKubernetesMockClient(crud = true)
class ClusterOptionTest {

    static KubernetesClient client;

    @Test
    void auditsTheObjectsOfTheClusterAndSkipsPodsOwnedByAController(@TempDir Path dir) throws IOException {
        create("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: patient-api, namespace: ward}
                spec:
                  selector: {matchLabels: {app: patient-api}}
                  template:
                    metadata: {labels: {app: patient-api}}
                    spec:
                      containers: [{name: patient-api, image: registry.example/ward/patient-api:1.0.0}]
                """);
        create("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: patient-api-abc12
                  namespace: ward
                  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: patient-api-abc, uid: "1", controller: true}]
                spec:
                  containers: [{name: patient-api, image: registry.example/ward/patient-api:1.0.0}]
                """);
        create("""
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: strict, namespace: ward}
                spec: {mtls: {mode: PERMISSIVE}}
                """);

        CliRun run = CliRun.withEnv(Map.of(), "audit", "--cluster", "--kubeconfig", kubeconfig(dir).toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("WARD-POL-001 cluster " + client.getMasterUrl() + " Deployment/ward/patient-api")
                .doesNotContain("patient-api-abc12");
    }

    @Test
    void missingKubeconfigIsAClearError() {
        CliRun run = CliRun.withEnv(Map.of(), "audit", "--cluster");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("no kubeconfig: pass --kubeconfig FILE or set KUBECONFIG");
    }

    @Test
    void unreachableClusterIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config"), kubeconfigFor("https://127.0.0.1:1"));
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", config.toString());
        CliRun run = CliRun.withEnv(env, "audit", "--cluster");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).startsWith("ward-kit: cluster https://127.0.0.1:1/: cannot list namespaces")
                .doesNotContain("\tat ");
    }

    private static void create(String yaml) {
        GenericKubernetesResource resource = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        ClusterReader.Kind kind = ClusterReader.KINDS.stream().filter(k -> k.kind().equals(resource.getKind())).findFirst()
                .orElseThrow();
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(kind.group())
                .withVersion(kind.version()).withKind(kind.kind()).withPlural(kind.plural())
                .withNamespaced(kind.namespaced()).build();
        client.genericKubernetesResources(context).inNamespace(resource.getMetadata().getNamespace()).resource(resource).create();
    }

    private static Path kubeconfig(Path dir) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), kubeconfigFor(client.getMasterUrl().toString()));
    }

    private static String kubeconfigFor(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: test, user: {token: test-token}}]
                contexts: [{name: test, context: {cluster: test, user: test}}]
                current-context: test
                """.formatted(server);
    }
}
