# WARD-NET-003: PHI services are reachable from outside the cluster only via the Istio gateway.
#
# NodePort and LoadBalancer open the service on nodes or a cloud load balancer; externalIPs
# route node traffic to it. All three bypass the gateway's TLS and authentication.
package wardnoexternalservice

external_types := {"NodePort", "LoadBalancer"}

violation contains {"msg": msg} if {
	svc := phi_service
	svc.spec.type in external_types
	msg := sprintf(
		"PHI service %q must not be of type %s; set spec.type to ClusterIP and publish it through the Istio ingress gateway",
		[svc.metadata.name, svc.spec.type],
	)
}

violation contains {"msg": msg} if {
	svc := phi_service
	count(object.get(svc.spec, "externalIPs", [])) > 0
	msg := sprintf(
		"PHI service %q must not set externalIPs; remove spec.externalIPs and publish it through the Istio ingress gateway",
		[svc.metadata.name],
	)
}

phi_service := svc if {
	svc := input.review.object
	svc.kind == "Service"
	svc.metadata.labels["ward.health/data-classification"] == "phi"
}
