# WARD-POL-004: every container drops ALL capabilities and adds back only allowed ones.
#
# The runtime's default set includes NET_RAW and others; dropping individual names leaves the
# rest, so only ALL counts. Capability names are compared without a CAP_ prefix, since the
# runtime accepts both spellings.
package warddropallcapabilities

container_fields := ["containers", "initContainers", "ephemeralContainers"]

# Controllers that embed a pod template at spec.template.
template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}

# Pairs of [podSpec, field path of that podSpec] for the object under review.
pod_specs contains [obj.spec, "spec"] if {
	obj := input.review.object
	obj.kind == "Pod"
}

pod_specs contains [obj.spec.template.spec, "spec.template.spec"] if {
	obj := input.review.object
	obj.kind in template_kinds
}

pod_specs contains [obj.spec.jobTemplate.spec.template.spec, "spec.jobTemplate.spec.template.spec"] if {
	obj := input.review.object
	obj.kind == "CronJob"
}

field_label("containers") := "container"

field_label("initContainers") := "initContainer"

field_label("ephemeralContainers") := "ephemeralContainer"

violation contains {"msg": msg} if {
	some [spec, base] in pod_specs
	some field in container_fields
	some i, container in spec[field]
	not drops_all(container)
	msg := sprintf(
		"%s %q must drop ALL capabilities; add \"ALL\" to %s.%s[%d].securityContext.capabilities.drop",
		[field_label(field), container.name, base, field, i],
	)
}

violation contains {"msg": msg} if {
	some [spec, base] in pod_specs
	some field in container_fields
	some i, container in spec[field]
	some added in container.securityContext.capabilities.add
	not normalized(added) in allowed_capabilities
	msg := sprintf(
		"%s %q adds capability %q, which the constraint does not allow; remove it from %s.%s[%d].securityContext.capabilities.add",
		[field_label(field), container.name, added, base, field, i],
	)
}

drops_all(container) if {
	some dropped in container.securityContext.capabilities.drop
	normalized(dropped) == "ALL"
}

allowed_capabilities := {normalized(c) | some c in object.get(input, ["parameters", "allowedCapabilities"], [])}

normalized(capability) := trim_prefix(upper(capability), "CAP_")
