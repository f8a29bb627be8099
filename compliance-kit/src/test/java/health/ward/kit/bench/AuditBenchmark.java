package health.ward.kit.bench;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.check.Checks;
import health.ward.kit.check.Resource;
import health.ward.kit.check.ResourceReader;
import health.ward.kit.report.AuditReport;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The audit-throughput benchmark of issue 5 (`make bench-kit`), not a test: generates 10,000
 * manifests, then measures JVM start-up, one cold CLI audit, and warm in-JVM audits (read + parse
 * + every checker), and writes the numbers to target/bench/results.txt.
 *
 * <p>Usage: AuditBenchmark OUTPUT_DIR WARD_KIT_JAR
 */
public final class AuditBenchmark {

    static final int RESOURCES = 10_000;
    private static final int WARMUP = 5;
    private static final int MEASURED = 10;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        Files.createDirectories(out);
        Path manifests = out.resolve("manifests.yaml");
        Files.writeString(manifests, generate(RESOURCES));
        // Shared CI machines run other jobs; the load average says how much to trust the numbers.
        String loadBefore = loadAverage();

        long startupMs = median(3, () -> run(jar, "--version"));
        long coldMs = median(3, () -> run(jar, "audit", "--format", "json", "--output", out.resolve("cold.json").toString(),
                manifests.toString()));

        Catalogue catalogue = Catalogue.load();
        List<Long> readNs = new ArrayList<>();
        List<Long> checkNs = new ArrayList<>();
        // CPU time of this thread as well: on a shared machine wall time includes waiting for a core.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Long> cpuNs = new ArrayList<>();
        int count = 0;
        int findings = 0;
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            List<Resource> resources = new ResourceReader("default", InputStream.nullInputStream())
                    .read(List.of(manifests.toString()));
            long t1 = System.nanoTime();
            AuditReport report = AuditReport.run(catalogue, Checks.byControlId(), resources, Optional.empty());
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            if (i >= WARMUP) {
                readNs.add(t1 - t0);
                checkNs.add(t2 - t1);
                cpuNs.add(c2 - c0);
            }
            count = resources.size();
            findings = report.findings().size();
        }
        long read = medianOf(readNs);
        long check = medianOf(checkNs);
        long cpu = medianOf(cpuNs);
        String results = String.format(Locale.ROOT, """
                # ward-kit audit benchmark (make bench-kit); %d generated resources, %d findings
                # java %s on %d cores (%s); load average before/after: %s / %s
                jvm_startup_ms            %d   (median of 3: ward-kit --version)
                cold_cli_audit_ms         %d   (median of 3: java -jar ward-kit.jar audit, start-up included)
                warm_read_parse_ms        %.1f (median of %d after %d warm-up runs)
                warm_checks_ms            %.1f
                warm_total_ms             %.1f
                warm_resources_per_s      %.0f (read + parse + all %d checkers)
                warm_checks_resources_per_s %.0f
                warm_cpu_ms               %.1f (CPU time of the auditing thread, read + parse + checks)
                warm_resources_per_cpu_s  %.0f (throughput if the core were not shared)
                cold_resources_per_s      %.0f
                """, count, findings, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), loadBefore, loadAverage(), startupMs, coldMs, read / 1e6, MEASURED, WARMUP, check / 1e6,
                (read + check) / 1e6, count / ((read + check) / 1e9), Checks.all().size(), count / (check / 1e9), cpu / 1e6, count / (cpu / 1e9),
                count / (coldMs / 1e3));
        Files.writeString(out.resolve("results.txt"), results);
        System.out.print(results);
    }

    /**
     * Namespaces of ten objects each, shaped like the Ward chart (deployment, database with a
     * claim, service, service account, policies, RBAC, mesh policy, backup schedule), some compliant, some not,
     * so every checker does real work.
     */
    static String generate(int resources) {
        StringBuilder yaml = new StringBuilder();
        String digest = "@sha256:" + "0123456789abcdef".repeat(4);
        for (int n = 0; n * 10 < resources; n++) {
            String ns = "bench-" + n;
            boolean good = n % 3 != 0;
            yaml.append(String.format(Locale.ROOT, """
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: patient-api, namespace: %1$s, labels: {ward.health/data-classification: phi}}
                    spec:
                      selector: {matchLabels: {app.kubernetes.io/component: patient-api}}
                      template:
                        metadata:
                          labels: {app.kubernetes.io/component: patient-api, ward.health/data-classification: phi}
                        spec:
                          serviceAccountName: patient-api
                          securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
                          containers:
                            - name: patient-api
                              image: registry.example/ward/patient-api%2$s
                              securityContext: {readOnlyRootFilesystem: %3$s, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                              resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {cpu: "1", memory: 512Mi}}
                              env:
                                - {name: QUARKUS_DATASOURCE_USERNAME, value: ward_app}
                                - name: QUARKUS_DATASOURCE_PASSWORD
                                  valueFrom: {secretKeyRef: {name: db, key: password}}
                    ---
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata: {name: records-db, namespace: %1$s, labels: {ward.health/data-classification: phi}}
                    spec:
                      serviceName: records-db
                      selector: {matchLabels: {app.kubernetes.io/component: records-db}}
                      template:
                        metadata:
                          labels: {app.kubernetes.io/component: records-db, ward.health/data-classification: phi}
                          annotations: {pre.hook.backup.velero.io/command: '["/bin/sh", "-c", "pg_dump"]'}
                        spec:
                          serviceAccountName: records-db
                          automountServiceAccountToken: false
                          securityContext: {runAsNonRoot: true, runAsUser: 999, seccompProfile: {type: RuntimeDefault}}
                          containers:
                            - name: postgresql
                              image: docker.io/library/postgres:18%4$s
                              ports: [{name: postgresql, containerPort: 5432}]
                              securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                              resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {cpu: "1", memory: 1Gi}}
                      volumeClaimTemplates:
                        - metadata: {name: data}
                          spec: {storageClassName: ward-encrypted, accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Gi}}}
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata: {name: patient-api, namespace: %1$s, labels: {ward.health/data-classification: phi}}
                    spec: {selector: {app.kubernetes.io/component: patient-api}, ports: [{port: 8080}]}
                    ---
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata: {name: patient-api, namespace: %1$s}
                    automountServiceAccountToken: false
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: default-deny, namespace: %1$s}
                    spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: allow-app-to-db, namespace: %1$s}
                    spec:
                      podSelector: {matchLabels: {app.kubernetes.io/component: records-db}}
                      policyTypes: [Ingress]
                      ingress:
                        - from: [{podSelector: {matchLabels: {app.kubernetes.io/component: %5$s}}}]
                          ports: [{protocol: TCP, port: 5432}]
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: Role
                    metadata: {name: operator, namespace: %1$s}
                    rules:
                      - {apiGroups: [""], resources: [pods, %6$s], verbs: [get, list, watch]}
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: operator, namespace: %1$s}
                    subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: ops}]
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: operator}
                    ---
                    apiVersion: security.istio.io/v1
                    kind: PeerAuthentication
                    metadata: {name: strict, namespace: %1$s}
                    spec: {mtls: {mode: %7$s}}
                    ---
                    apiVersion: velero.io/v1
                    kind: Schedule
                    metadata: {name: %1$s, namespace: velero}
                    spec: {schedule: "0 2 * * *", template: {includedNamespaces: [%1$s], ttl: 720h0m0s}}
                    """, ns, digest, good, good ? digest : "", good ? "patient-api" : "records-db",
                    good ? "services" : "secrets", good ? "STRICT" : "PERMISSIVE"));
        }
        yaml.append("""
                ---
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: ward-encrypted}
                provisioner: ebs.csi.aws.com
                parameters: {encrypted: "true"}
                """);
        return yaml.toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static long median(int runs, Timed timed) throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            timed.run();
            ms.add((System.nanoTime() - t0) / 1_000_000);
        }
        return medianOf(ms);
    }

    private static long medianOf(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static void run(Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = process.waitFor();
        if (exit != 0 && exit != 3) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit);
        }
    }
}
