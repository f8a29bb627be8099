package health.ward.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import health.ward.kit.check.WorkloadRoles.Classification;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How WorkloadRoles recognises the database and PHI workloads without Ward's labels (issue 19). */
class WorkloadRolesTest {

    private static ResourceIndex index(String yaml) {
        return ResourceIndex.of(new ResourceReader("clinic", InputStream.nullInputStream()).readText("test.yaml", yaml));
    }

    private static Resource named(ResourceIndex index, String name) {
        return index.workloads().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    }

    private static String deployment(String name, String labels, String container) {
        return """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s}
                spec:
                  template:
                    metadata: {labels: {%s}}
                    spec:
                      containers:
                        - %s
                """.formatted(name, labels, container);
    }

    @Test
    void theDatabaseByImagePortNameOrServiceButNotAnExporterOrAnExplicitlyNonPhiOne() {
        ResourceIndex index = index(deployment("by-image", "app: a", "{name: db, image: 'docker.io/bitnami/postgresql:16@sha256:00'}")
                + deployment("by-port", "app: b", "{name: db, image: example/store:1, ports: [{containerPort: 5432}]}")
                + deployment("by-name", "app.kubernetes.io/name: postgresql", "{name: db, image: example/store:1}")
                + deployment("by-service", "app: d", "{name: db, image: example/store:1}")
                + deployment("exporter", "app: e", "{name: x, image: quay.io/prometheuscommunity/postgres-exporter:v0.15.0}")
                + deployment("keycloak-db", "app: f, ward.health/data-classification: internal", "{name: db, image: postgres:18}")
                + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: store}
                spec: {selector: {app: d}, ports: [{port: 5432, targetPort: 5432}]}
                """);
        WorkloadRoles roles = index.roles();
        assertThat(roles.databases()).extracting(Resource::name).containsExactly("by-image", "by-port", "by-name", "by-service");
        assertThat(roles.phiReason(named(index, "by-service"))).hasValueSatisfying(r -> assertThat(r).contains("Service \"store\""));
        assertThat(roles.classification(named(index, "keycloak-db"))).isEqualTo(Classification.NOT_PHI);
        assertThat(roles.classification(named(index, "exporter"))).isEqualTo(Classification.UNKNOWN);
    }

    @Test
    void phiByLabelByReachingTheDatabaseOrByMountingItsVolume() {
        ResourceIndex index = index(deployment("db", "app.kubernetes.io/name: postgresql", "{name: db, image: postgres:18}")
                + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: records}
                spec: {selector: {app.kubernetes.io/name: postgresql}, ports: [{port: 5432}]}
                """
                + deployment("by-url", "app: a", "{name: a, image: x, env: [{name: URL, value: 'jdbc:postgresql://elsewhere/db'}]}")
                + deployment("by-host", "app: b", "{name: b, image: x, env: [{name: DB_HOST, value: records.clinic.svc.cluster.local}]}")
                + deployment("by-policy", "app: c", "{name: c, image: x}")
                + deployment("by-label", "ward.health/data-classification: phi", "{name: d, image: x}")
                + deployment("public", "app: e, ward.health/data-classification: public", "{name: e, image: x}")
                + deployment("unknown", "app: f", "{name: f, image: x, env: [{name: DB_TYPE_OTHER, value: recordsx}]}")
                + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: db-ingress}
                spec:
                  podSelector: {matchLabels: {app.kubernetes.io/name: postgresql}}
                  ingress: [{from: [{podSelector: {matchLabels: {app: c}}}], ports: [{port: 5432}]}]
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: pg}
                spec:
                  template:
                    metadata: {labels: {app: pg}}
                    spec: {containers: [{name: pg, image: postgres:18}]}
                  volumeClaimTemplates: [{metadata: {name: data}}]
                ---
                apiVersion: batch/v1
                kind: Job
                metadata: {name: restore-check}
                spec:
                  template:
                    spec:
                      containers: [{name: c, image: x}]
                      volumes: [{name: v, persistentVolumeClaim: {claimName: data-pg-0}}]
                """);
        WorkloadRoles roles = index.roles();
        for (String phi : List.of("db", "by-url", "by-host", "by-policy", "by-label", "pg", "restore-check")) {
            assertThat(roles.classification(named(index, phi))).as(phi).isEqualTo(Classification.PHI);
        }
        assertThat(roles.phiReason(named(index, "restore-check"))).hasValueSatisfying(r -> assertThat(r).contains("data-pg-0"));
        assertThat(roles.phiReason(named(index, "by-policy"))).hasValueSatisfying(r -> assertThat(r).contains("db-ingress"));
        assertThat(roles.classification(named(index, "public"))).isEqualTo(Classification.NOT_PHI);
        assertThat(roles.classification(named(index, "unknown"))).isEqualTo(Classification.UNKNOWN);
        assertThat(roles.phiNamespaces()).containsOnlyKeys("clinic");
    }

    @Test
    void patientApiByComponentOrNameLabel() {
        ResourceIndex index = index(deployment("a", "app.kubernetes.io/component: patient-api", "{name: a, image: x}")
                + deployment("b", "app.kubernetes.io/name: patient-api", "{name: b, image: x}")
                + deployment("c", "app: reporting", "{name: c, image: x}"));
        assertThat(index.workloads().stream().filter(index.roles()::isApi)).extracting(Resource::name).containsExactly("a", "b");
    }

    @Test
    void selectorsAreAnsweredFromTheIndexWithKubernetesSemantics() {
        ResourceIndex index = index(deployment("a", "tier: web, track: stable", "{name: a, image: x}")
                + deployment("b", "tier: web, track: canary", "{name: b, image: x}")
                + deployment("c", "tier: db", "{name: c, image: x}"));
        var selector = new ObjectMapper().createObjectNode();
        selector.putObject("matchLabels").put("tier", "web");
        assertThat(index.workloadsSelectedBy("clinic", selector)).extracting(Resource::name).containsExactly("a", "b");
        var in = new ObjectMapper().createObjectNode();
        in.putArray("matchExpressions").addObject().put("key", "track").put("operator", "In").putArray("values").add("canary").add("stable");
        assertThat(index.workloadsSelectedBy("clinic", in)).extracting(Resource::name).containsExactly("a", "b");
        assertThat(index.workloadsSelectedBy("clinic", new ObjectMapper().createObjectNode()))
                .extracting(Resource::name).containsExactly("a", "b", "c");
        assertThat(index.workloadsSelectedBy("other", selector)).isEmpty();
    }
}
