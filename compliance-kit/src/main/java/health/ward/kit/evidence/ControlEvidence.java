package health.ward.kit.evidence;

import health.ward.kit.catalogue.ClauseRef;
import java.util.List;
import java.util.Map;

/**
 * The evidence for one catalogue control. {@code tier} is where it was proven (PROVEN), where a
 * proof failed (FAILED, the highest such tier), the highest tier written (NOT_RUN), or null
 * (UNPROVEN). Proofs are listed strongest tier first. {@code planned} is the catalogue's plan, if any.
 */
public record ControlEvidence(String id, String title, String severity, EvidenceResult result, Tier tier,
        List<Proof> proofs, String planned, Map<String, List<ClauseRef>> mappings) {

    public List<Proof> failing() {
        return proofs.stream().filter(p -> p.status() == ProofStatus.FAILED).toList();
    }
}
