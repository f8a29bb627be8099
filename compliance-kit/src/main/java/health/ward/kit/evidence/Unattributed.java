package health.ward.kit.evidence;

/**
 * A result that claims to prove a control but cannot be tied to one: an engine case of a policy
 * that no catalogue control names, or an invocation whose name gives an unknown control ID or
 * whose class has no tiered test source. {@code reason} says which.
 */
public record Unattributed(String test, String source, ProofStatus status, String reason) {
}
