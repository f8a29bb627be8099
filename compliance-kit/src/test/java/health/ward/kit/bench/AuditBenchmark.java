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
 * + every checker), and writes the numbers to target/bench/results.txt. Issue 19 adds the same audit
 * of 800 and 8,000 objects in ONE namespace, where any per-selector scan of the namespace would
 * show as cost per object growing with size (target: at most 1.5x from 800 to 8,000, at least
 * 1,000 objects/s), measured in wall time and in CPU time of the auditing thread (the figure that
 * holds on a shared machine).
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
        // Issue 19: the chart replicated into ONE namespace, where every selector sees every object
        // of the namespace; a scan per selector shows up here as cost per resource growing with size.
        List<Scaling> scaling = oneNamespace(catalogue, out, SCALING_SMALL, SCALING_LARGE);
        Scaling small = scaling.get(0);
        Scaling large = scaling.get(1);
        double growth = large.cpuNsPerResource() / small.cpuNsPerResource();
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
                one_namespace_%d_ms      %.1f wall, %.1f CPU (warm read + parse + checks, medians of %d; %d resources in one namespace)
                one_namespace_%d_ms     %.1f wall, %.1f CPU (%d resources in one namespace)
                one_namespace_%d_resources_per_s %.0f wall, %.0f per CPU second (target >= 1000)
                one_namespace_cost_growth  %.2f (CPU cost per resource at %d / at %d; target <= 1.5)
                one_namespace_target       %s
                """, count, findings, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), loadBefore, loadAverage(), startupMs, coldMs, read / 1e6, MEASURED, WARMUP, check / 1e6,
                (read + check) / 1e6, count / ((read + check) / 1e9), Checks.all().size(), count / (check / 1e9), cpu / 1e6, count / (cpu / 1e9),
                count / (coldMs / 1e3), small.resources(), small.ns() / 1e6, small.cpuNs() / 1e6, MEASURED, small.resources(),
                large.resources(), large.ns() / 1e6, large.cpuNs() / 1e6, large.resources(), large.resources(),
                large.resources() / (large.ns() / 1e9), large.resources() / (large.cpuNs() / 1e9), growth,
                large.resources(), small.resources(),
                growth <= 1.5 && large.resources() / (large.cpuNs() / 1e9) >= 1000 ? "MET (CPU time)" : "NOT MET");
        Files.writeString(out.resolve("results.txt"), results);
        System.out.print(results);
    }

    static final int SCALING_SMALL = 800;
    static final int SCALING_LARGE = 8_000;

    /** Medians of wall time and of the auditing thread's CPU time (what the audit costs when the cores are shared). */
    record Scaling(int resources, long ns, long cpuNs) {
        double cpuNsPerResource() {
            return (double) cpuNs / resources;
        }
    }

    /**
     * Median warm audits (read + parse + every checker) of each size, all objects in one namespace.
     * The sizes take turns run by run, so load that comes and goes on a shared machine weighs on
     * each alike rather than on whichever was measured while it lasted.
     */
    private static List<Scaling> oneNamespace(Catalogue catalogue, Path out, int... sizes) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int size : sizes) {
            Path manifests = out.resolve("one-namespace-" + size + ".yaml");
            Files.writeString(manifests, generateOneNamespace(size));
            files.add(manifests);
        }
        List<List<Long>> ns = new ArrayList<>();
        List<List<Long>> cpuNs = new ArrayList<>();
        int[] counts = new int[sizes.length];
        files.forEach(f -> {
            ns.add(new ArrayList<>());
            cpuNs.add(new ArrayList<>());
        });
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            for (int s = 0; s < files.size(); s++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                List<Resource> read = new ResourceReader("ward", InputStream.nullInputStream()).read(List.of(files.get(s).toString()));
                AuditReport.run(catalogue, Checks.byControlId(), read, Optional.empty());
                if (i >= WARMUP) {
                    ns.get(s).add(System.nanoTime() - t0);
                    cpuNs.get(s).add(threads.getCurrentThreadCpuTime() - c0);
                }
                counts[s] = read.size();
            }
        }
        List<Scaling> results = new ArrayList<>();
        for (int s = 0; s < files.size(); s++) {
            results.add(new Scaling(counts[s], medianOf(ns.get(s)), medianOf(cpuNs.get(s))));
        }
        return results;
    }

    /**
     * The chart's shape installed again and again into namespace "ward" (release ward-N, whose
     * instance label the selectors carry, as helm's do): ten objects per release, among them a
     * default deny selecting every pod of the namespace, so namespace-wide policies really do
     * multiply with size.
     */
    static String generateOneNamespace(int resources) {
        StringBuilder yaml = new StringBuilder();
        // Ten objects per release, three shared ones after them.
        for (int n = 0; n * 10 + 3 < resources; n++) {
            release(yaml, "ward", "ward-" + n, n % 3 != 0);
        }
        return shared(yaml, "[ward]", "ward");
    }

    /** The same releases, one per namespace (bench-N), as a cluster export of many tenants looks. */
    static String generate(int resources) {
        StringBuilder yaml = new StringBuilder();
        for (int n = 0; n * 10 + 3 < resources; n++) {
            release(yaml, "bench-" + n, "ward-" + n, n % 3 != 0);
        }
        return shared(yaml, "['*']", "istio-system");
    }

    /**
     * One release of the chart's shape (patient-api, PostgreSQL, its Service, a ServiceAccount, default
     * deny, database ingress and API egress policies, operator RBAC, a workload mTLS policy), some
     * compliant and some not, so every checker does real work.
     */
    private static void release(StringBuilder yaml, String namespace, String release, boolean good) {
        String digest = "@sha256:" + "0123456789abcdef".repeat(4);
        yaml.append(String.format(Locale.ROOT, """
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: %1$s-patient-api, namespace: %8$s}
                    spec:
                      selector: {matchLabels: {app.kubernetes.io/name: patient-api, app.kubernetes.io/instance: %1$s}}
                      template:
                        metadata:
                          labels: {app.kubernetes.io/name: patient-api, app.kubernetes.io/instance: %1$s}
                        spec:
                          serviceAccountName: %1$s-patient-api
                          securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
                          containers:
                            - name: patient-api
                              image: registry.example/ward/patient-api%2$s
                              securityContext: {readOnlyRootFilesystem: %3$s, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                              resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {cpu: "1", memory: 512Mi}}
                              env:
                                - {name: QUARKUS_DATASOURCE_JDBC_URL, value: "jdbc:postgresql://%1$s-postgresql:5432/records"}
                    ---
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata: {name: %1$s-postgresql, namespace: %8$s}
                    spec:
                      serviceName: %1$s-postgresql
                      selector: {matchLabels: {app.kubernetes.io/name: postgresql, app.kubernetes.io/instance: %1$s}}
                      template:
                        metadata:
                          labels: {app.kubernetes.io/name: postgresql, app.kubernetes.io/instance: %1$s}
                          annotations: {pre.hook.backup.velero.io/command: '["/bin/sh", "-c", "pg_dump"]'}
                        spec:
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
                    metadata: {name: %1$s-postgresql, namespace: %8$s}
                    spec: {selector: {app.kubernetes.io/name: postgresql, app.kubernetes.io/instance: %1$s}, ports: [{port: 5432}]}
                    ---
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata: {name: %1$s-patient-api, namespace: %8$s}
                    automountServiceAccountToken: false
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: %1$s-default-deny, namespace: %8$s}
                    spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: %1$s-allow-app-to-db, namespace: %8$s}
                    spec:
                      podSelector: {matchLabels: {app.kubernetes.io/name: postgresql, app.kubernetes.io/instance: %1$s}}
                      policyTypes: [Ingress]
                      ingress:
                        - from: [{podSelector: {matchLabels: {app.kubernetes.io/name: %5$s, app.kubernetes.io/instance: %1$s}}}]
                          ports: [{protocol: TCP, port: 5432}]
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: %1$s-patient-api-egress, namespace: %8$s}
                    spec:
                      podSelector: {matchLabels: {app.kubernetes.io/name: patient-api, app.kubernetes.io/instance: %1$s}}
                      policyTypes: [Egress]
                      egress:
                        - to: [{podSelector: {matchLabels: {app.kubernetes.io/name: postgresql, app.kubernetes.io/instance: %1$s}}}]
                          ports: [{protocol: TCP, port: 5432}]
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: Role
                    metadata: {name: %1$s-operator, namespace: %8$s}
                    rules:
                      - {apiGroups: [""], resources: [pods, %6$s], verbs: [get, list, watch]}
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: %1$s-operator, namespace: %8$s}
                    subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: %1$s-ops}]
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: %1$s-operator}
                    ---
                    apiVersion: security.istio.io/v1
                    kind: PeerAuthentication
                    metadata: {name: %1$s-postgresql, namespace: %8$s}
                    spec:
                      selector: {matchLabels: {app.kubernetes.io/name: postgresql, app.kubernetes.io/instance: %1$s}}
                      mtls: {mode: %7$s}
                    """, release, digest, good, good ? digest : "", good ? "patient-api" : "postgresql",
                good ? "services" : "secrets", good ? "STRICT" : "PERMISSIVE", namespace));
    }

    /** A Velero Schedule over {@code included}, a STRICT PeerAuthentication in {@code meshNamespace}, the StorageClass. */
    private static String shared(StringBuilder yaml, String included, String meshNamespace) {
        yaml.append(String.format(Locale.ROOT, """
                ---
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: default, namespace: %2$s}
                spec: {mtls: {mode: STRICT}}
                ---
                apiVersion: velero.io/v1
                kind: Schedule
                metadata: {name: ward, namespace: velero}
                spec: {schedule: "0 2 * * *", template: {includedNamespaces: %1$s, ttl: 720h0m0s}}
                ---
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: ward-encrypted}
                provisioner: ebs.csi.aws.com
                parameters: {encrypted: "true"}
                """, included, meshNamespace));
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
