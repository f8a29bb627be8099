package health.ward.e2e.cluster;

import java.time.Duration;
import java.time.Instant;

/**
 * The one way the kind tier waits for the cluster: every wait has a bound, prints where it stands
 * every {@link #PROGRESS_EVERY} so a CI log shows what a slow run is waiting on, and on timeout fails
 * the test with what it waited for and what it saw last. A failing kubectl call during the wait
 * (an object not created yet, a pod not scheduled yet) counts as "not yet", with its message as the
 * last thing seen; any other exception fails at once.
 */
public final class ClusterWait {

    public static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final Duration POLL_EVERY = Duration.ofSeconds(2);

    /** One look at the cluster: the value once the wait is over, else what was observed. */
    public record Outcome<T>(T value, String observed) {

        public static <T> Outcome<T> done(T value) {
            return new Outcome<>(value, null);
        }

        public static <T> Outcome<T> pending(String observed) {
            return new Outcome<>(null, observed == null ? "" : observed);
        }

        public boolean isDone() {
            return observed == null;
        }
    }

    @FunctionalInterface
    public interface Check<T> {
        Outcome<T> look() throws Exception;
    }

    private ClusterWait() {
    }

    public static <T> T until(String what, Duration timeout, Check<T> check) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Instant nextReport = start.plus(PROGRESS_EVERY);
        String lastSeen = "nothing yet";
        while (true) {
            try {
                Outcome<T> outcome = check.look();
                if (outcome.isDone()) {
                    long seconds = Duration.between(start, Instant.now()).toSeconds();
                    if (seconds >= PROGRESS_EVERY.toSeconds()) {
                        System.out.printf("[kind] %s: done after %d s%n", what, seconds);
                    }
                    return outcome.value();
                }
                lastSeen = outcome.observed();
            } catch (Kubectl.Failure e) {
                lastSeen = e.getMessage();
            } catch (RuntimeException | AssertionError e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                throw new IllegalStateException("while waiting for " + what + ": " + e.getMessage(), e);
            }
            Instant now = Instant.now();
            if (!now.isBefore(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last seen: " + abbreviate(lastSeen));
            }
            if (!now.isBefore(nextReport)) {
                System.out.printf("[kind] waiting for %s: %d s of %d s; last seen: %s%n", what,
                        Duration.between(start, now).toSeconds(), timeout.toSeconds(), abbreviate(lastSeen));
                nextReport = now.plus(PROGRESS_EVERY);
            }
            sleep(POLL_EVERY);
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " | ");
        return oneLine.length() <= 600 ? oneLine : oneLine.substring(0, 600) + " ...";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
