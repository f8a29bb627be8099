package health.ward.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.ClusterWait;
import health.ward.e2e.cluster.ProbePod;
import health.ward.e2e.cluster.WardRelease;

/**
 * WARD-ENC-003 on the kind cluster: the chart's STRICT PeerAuthentication is what the sidecars
 * enforce. A plaintext HTTP request from a pod outside the mesh gets no HTTP answer from patient-api,
 * while a meshed caller — the ingress gateway, the only principal the chart's AuthorizationPolicy
 * admits — is served.
 *
 * <p>Ward's NetworkPolicy already drops traffic from anywhere but the gateway, which would make a
 * refused plaintext request prove nothing about mTLS. So for the refusal the test opens the network
 * layer for its own probe namespace alone (a NetworkPolicy it removes afterwards) and checks that the
 * TCP connection to patient-api's sidecar was established: only then does "no HTTP answer" mean the
 * sidecar refused plaintext. The same probe against Keycloak (plain HTTP, outside the mesh) does get
 * an HTTP answer, so the probe itself can read one.
 *
 * <p>The served request goes client → kubectl port-forward → ingress gateway → patient-api. The
 * AuthorizationPolicy admits the gateway by its SPIFFE principal, which exists only on an mTLS
 * connection: a 200 on that path is a request the sidecar accepted over mutual TLS.
 */
@Tag("kind")
@Tag("WARD-ENC-003")
class MeshMtlsKindTest {

    static final String OUTSIDE = "ward-mtls-probe";
    static final String OPENING = "ward-kind-mtls-probe-opening";
    static final String ROUTE = "ward-kind-mtls-probe";
    static final String API_HOST = WardRelease.PATIENT_API + "." + WardRelease.NAMESPACE + ".svc.cluster.local";

    /**
     * bash's /dev/tcp, because the probe image has no curl: prints CONNECTED once the TCP connection
     * stands, then whatever the server answers to a plain HTTP GET. Bounded by timeout either way.
     */
    static final String PLAINTEXT_GET = """
            timeout 20 bash -c '
              exec 3<>/dev/tcp/%1$s/%2$d || exit 1
              echo CONNECTED
              printf "GET %3$s HTTP/1.1\\r\\nHost: %1$s\\r\\nConnection: close\\r\\n\\r\\n" >&3
              timeout 10 cat <&3
              echo
              echo "READ-ENDED $?"
            '
            echo "PROBE-EXIT $?"
            """;

    @BeforeAll
    static void meshIsThere() {
        ProbePod.image();
        WardRelease.awaitReady();
        String modes = Kubectl.ok("-n", WardRelease.NAMESPACE, "get", "peerauthentications.security.istio.io",
                "-o", "jsonpath={.items[*].spec.mtls.mode}");
        assertThat(modes).as("PeerAuthentication modes in namespace ward (the chart renders one, STRICT)").contains("STRICT");
        for (WardRelease.Pod pod : WardRelease.patientApiPods()) {
            String containers = Kubectl.ok("-n", WardRelease.NAMESPACE, "get", "pod", pod.name(), "-o",
                    "jsonpath={.spec.containers[*].name} {.spec.initContainers[*].name}");
            assertThat(containers).as("containers of %s: without an injected sidecar this test proves nothing", pod.name())
                    .contains("istio-proxy");
        }
        WardRelease.ensureNamespace(OUTSIDE, "istio-injection=disabled", "ward.health/data-classification=internal");
    }

    @AfterAll
    static void removeProbeNamespace() {
        Kubectl.run("delete", "namespace", OUTSIDE, "--ignore-not-found", "--wait=false");
    }

    @Test
    void plaintextFromOutsideTheMeshIsRefusedBySidecar() {
        Map<String, String> labels = Map.of("ward.health/data-classification", "internal");
        ProbePod.Finished control = ProbePod.run(OUTSIDE, labels, null,
                plaintextGet("keycloak.keycloak.svc.cluster.local", 8080, "/realms/ward"));
        assertThat(control.logs()).as("control probe against Keycloak (plain HTTP, no sidecar): the probe can read an answer")
                .contains("CONNECTED").contains("HTTP/1.1 200");

        Kubectl.okWithInput(networkOpening(), "apply", "-f", "-");
        try {
            ProbePod.Finished probe = ProbePod.run(OUTSIDE, labels, null, plaintextGet(API_HOST, 8080, "/q/health/ready"));
            assertThat(probe.logs())
                    .as("TCP connection to patient-api's sidecar (else the network dropped it and mTLS was never asked); output: %s",
                            probe.logs())
                    .contains("CONNECTED");
            assertThat(probe.logs()).as("plaintext request to patient-api answered over HTTP: STRICT mTLS is not in force")
                    .doesNotContain("HTTP/1.");
        } finally {
            Kubectl.run("-n", WardRelease.NAMESPACE, "delete", "networkpolicy", OPENING, "--ignore-not-found");
        }
    }

    @Test
    void aMeshedCallerThroughTheIngressGatewayIsServed() throws Exception {
        Kubectl.okWithInput(gatewayRoute(), "apply", "-f", "-");
        try (Kubectl.PortForward gateway = Kubectl.portForward("istio-system", "svc/istio-ingressgateway", 80)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create(gateway.url("/q/health/ready")))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            // The gateway serves the route once istiod has pushed it: until then 404 or a refused connection.
            HttpResponse<String> response = ClusterWait.until("patient-api readiness through the ingress gateway",
                    Duration.ofSeconds(120), () -> {
                        try {
                            HttpResponse<String> answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
                            return answer.statusCode() == 200 ? ClusterWait.Outcome.done(answer)
                                    : ClusterWait.Outcome.pending("HTTP " + answer.statusCode() + ": " + answer.body());
                        } catch (IOException e) {
                            return ClusterWait.Outcome.pending(e.toString());
                        }
                    });
            JsonNode health = WardRelease.JSON.readTree(response.body());
            assertThat(health.path("status").asText()).as(response.body()).isEqualTo("UP");
        } finally {
            Kubectl.run("-n", WardRelease.NAMESPACE, "delete", "virtualservices.networking.istio.io", ROUTE, "--ignore-not-found");
            Kubectl.run("-n", WardRelease.NAMESPACE, "delete", "gateways.networking.istio.io", ROUTE, "--ignore-not-found");
        }
    }

    static List<String> plaintextGet(String host, int port, String path) {
        return List.of("bash", "-c", PLAINTEXT_GET.formatted(host, port, path));
    }

    /** Lets the probe namespace reach patient-api's port at the network layer, so only the mesh can refuse it. */
    static String networkOpening() {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  podSelector:
                    matchLabels:
                      app.kubernetes.io/instance: ward
                      app.kubernetes.io/component: patient-api
                  policyTypes: [Ingress]
                  ingress:
                    - from:
                        - namespaceSelector:
                            matchLabels:
                              kubernetes.io/metadata.name: %s
                      ports:
                        - protocol: TCP
                          port: 8080
                """.formatted(OPENING, WardRelease.NAMESPACE, OUTSIDE);
    }

    /** A Gateway on the chart's ingress gateway (istio=ingressgateway) routing every host to patient-api. */
    static String gatewayRoute() {
        return """
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  selector:
                    istio: ingressgateway
                  servers:
                    - port: {number: 80, name: http, protocol: HTTP}
                      hosts: ["*"]
                ---
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  hosts: ["*"]
                  gateways: [%1$s]
                  http:
                    - route:
                        - destination:
                            host: %3$s
                            port: {number: 8080}
                """.formatted(ROUTE, WardRelease.NAMESPACE, API_HOST);
    }
}
