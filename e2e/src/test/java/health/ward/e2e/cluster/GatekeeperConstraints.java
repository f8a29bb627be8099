package health.ward.e2e.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Gatekeeper Constraints as the admission tests meet them: ready to enforce, and their denial lines. */
public final class GatekeeperConstraints {

    public static final Duration ENFORCED_WITHIN = Duration.ofMinutes(3);

    private GatekeeperConstraints() {
    }

    /**
     * Waits until every Gatekeeper pod reports the constraint as enforced ({@code status.byPod}), so a
     * request sent next is judged by it.
     */
    public static void awaitEnforced(String kind, String name) {
        String resource = kind.toLowerCase() + ".constraints.gatekeeper.sh";
        ClusterWait.until("Gatekeeper to enforce " + kind + "/" + name, ENFORCED_WITHIN, () -> {
            String enforced = Kubectl.ok("get", resource, name, "-o", "jsonpath={.status.byPod[*].enforced}").strip();
            return !enforced.isEmpty() && !enforced.contains("false") ? ClusterWait.Outcome.done(true)
                    : ClusterWait.Outcome.pending("byPod enforced: [" + enforced + "]");
        });
    }

    /**
     * The messages of one constraint's lines in a webhook denial: Gatekeeper answers
     * {@code denied the request: [<constraint>] <message>}, one line per violation.
     */
    public static List<String> violations(String stderr, String constraintName) {
        List<String> messages = new ArrayList<>();
        Matcher line = Pattern.compile("\\[" + Pattern.quote(constraintName) + "] ([^\\n]*)").matcher(stderr);
        while (line.find()) {
            messages.add(line.group(1).strip());
        }
        return messages;
    }
}
