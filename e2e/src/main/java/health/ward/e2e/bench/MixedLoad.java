package health.ward.e2e.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Steady mixed load for the soak and the crash drill, with a log of every request (kind, request
 * id, status) so that each 2xx that carried PHI can be matched to its audit event afterwards.
 *
 * <p>Why not Hyperfoil here (it drives {@code make bench}): these drills need the per-request log
 * and must survive the server vanishing mid-run; this driver keeps both simple. It is still an open
 * model — requests are scheduled at a fixed rate and latency is measured from the scheduled start,
 * so a stall shows as latency, not as fewer requests (coordinated omission corrected the way wrk2 does it)
 * — but it is a small hand-written driver on {@link java.net.http.HttpClient}, and its latencies
 * include that client's overhead. Bounded: exactly {@code rate × seconds} requests, each with a
 * 10 s timeout.
 */
public final class MixedLoad {

    public enum Kind {
        READ("READ"), CREATE("CREATE"), SEARCH("SEARCH");

        /** The audit_event.action a successful request of this kind must have committed. */
        final String auditAction;

        Kind(String auditAction) {
            this.auditAction = auditAction;
        }
    }

    /**
     * One request as the client saw it; status -1 when no HTTP answer arrived (refused, reset, timeout).
     * {@code scheduledNanos} is its {@link System#nanoTime()} start as scheduled.
     */
    public record Outcome(Kind kind, String requestId, int status, long scheduledNanos, long latencyNanos) {
        public boolean success() {
            return status >= 200 && status < 300;
        }
    }

    /** Latency (from scheduled start) and RSS of one time window. */
    public record Window(int secondsFromStart, long requests, long errors, double p50Ms, double p99Ms, double maxMs,
            long rssKiB) {
    }

    public record Report(List<Outcome> outcomes, List<Window> windows) {
        public long errors() {
            return outcomes.stream().filter(o -> !o.success()).count();
        }

        public long successes(Kind kind) {
            return outcomes.stream().filter(o -> o.kind() == kind && o.success()).count();
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WardApi api;
    private final String user;
    private final List<WardApi.SeededPatient> patients;
    private final String requestIdPrefix;

    public MixedLoad(WardApi api, String user, List<WardApi.SeededPatient> patients, String requestIdPrefix) {
        this.api = api;
        this.user = user;
        this.patients = patients;
        this.requestIdPrefix = requestIdPrefix;
    }

    /**
     * Runs {@code ratePerSec × seconds} requests: 70 % reads, 15 % creates, 15 % searches by
     * identifier. {@code rssOfServer} is sampled once per window.
     */
    public Report run(int ratePerSec, int seconds, int windowSeconds, LongSupplier rssOfServer) throws InterruptedException {
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        Recorder latency = new Recorder(3);
        AtomicLong windowRequests = new AtomicLong();
        AtomicLong windowErrors = new AtomicLong();
        List<Window> windows = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(32, daemon("mixed-load"));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("mixed-load-sampler"));
        long start = System.nanoTime();
        Runnable sample = () -> {
            Histogram h = latency.getIntervalHistogram();
            int at = (int) Math.round((System.nanoTime() - start) / 1e9);
            synchronized (windows) {
                windows.add(new Window(at, windowRequests.getAndSet(0), windowErrors.getAndSet(0),
                        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6,
                        rssOfServer.getAsLong()));
            }
        };
        sampler.scheduleAtFixedRate(sample, windowSeconds, windowSeconds, TimeUnit.SECONDS);

        long total = (long) ratePerSec * seconds;
        for (long i = 0; i < total; i++) {
            long scheduled = start + i * 1_000_000_000L / ratePerSec;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            workers.execute(() -> {
                Outcome outcome = once(scheduled);
                outcomes.add(outcome);
                latency.recordValue(Math.max(0, Math.min(outcome.latencyNanos(), TimeUnit.SECONDS.toNanos(60))));
                windowRequests.incrementAndGet();
                if (!outcome.success()) {
                    windowErrors.incrementAndGet();
                }
            });
        }
        workers.shutdown();
        if (!workers.awaitTermination(2, TimeUnit.MINUTES)) {
            workers.shutdownNow();
        }
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        if (windowRequests.get() > 0) {
            sample.run(); // the last, partial window
        }
        return new Report(List.copyOf(outcomes), List.copyOf(windows));
    }

    private Outcome once(long scheduledNanos) {
        int dice = ThreadLocalRandom.current().nextInt(100);
        Kind kind = dice < 70 ? Kind.READ : dice < 85 ? Kind.CREATE : Kind.SEARCH;
        WardApi.SeededPatient patient = patients.get(ThreadLocalRandom.current().nextInt(patients.size()));
        String requestId = requestIdPrefix + "-" + UUID.randomUUID();
        int status;
        try {
            HttpResponse<String> response = switch (kind) {
                case READ -> api.send("GET", "/api/v1/patients/" + patient.id(), user, null, requestId, TIMEOUT);
                case CREATE -> api.send("POST", "/api/v1/patients", user,
                        SyntheticPatient.json(requestIdPrefix.toUpperCase() + "-" + UUID.randomUUID()), requestId, TIMEOUT);
                case SEARCH -> api.send("GET", "/api/v1/patients?identifier=" + patient.identifier(), user, null,
                        requestId, TIMEOUT);
            };
            status = response.statusCode();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        } catch (RuntimeException e) {
            // e.g. Keycloak unreachable for a token renewal: an error of this request, not of the run
            status = -1;
        }
        return new Outcome(kind, requestId, status, scheduledNanos, System.nanoTime() - scheduledNanos);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }
}
