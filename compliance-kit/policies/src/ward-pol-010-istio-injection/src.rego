# WARD-POL-010: PHI namespaces have Istio sidecar injection on.
#
# STRICT mTLS is enforced by the sidecar; a pod without one neither requires nor offers mTLS.
package wardistioinjection

violation contains {"msg": msg} if {
	ns := input.review.object
	ns.kind == "Namespace"
	ns.metadata.labels["ward.health/data-classification"] == "phi"
	not ns.metadata.labels["istio-injection"] == "enabled"
	msg := sprintf(
		"namespace %q holds PHI (ward.health/data-classification=phi) but istio-injection is %q; set metadata.labels[\"istio-injection\"] to \"enabled\"",
		[ns.metadata.name, object.get(ns.metadata.labels, "istio-injection", "unset")],
	)
}
