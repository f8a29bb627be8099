# WARD-POL-003: no container can gain more privileges than it started with.
#
# allowPrivilegeEscalation defaults to true (and is forced true for privileged containers), so
# only an explicit false passes. Both fields exist only at container level.
package wardnoprivilegeescalation

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
	not container.securityContext.allowPrivilegeEscalation == false
	msg := sprintf(
		"%s %q must not allow privilege escalation; set %s.%s[%d].securityContext.allowPrivilegeEscalation to false",
		[field_label(field), container.name, base, field, i],
	)
}

violation contains {"msg": msg} if {
	some [spec, base] in pod_specs
	some field in container_fields
	some i, container in spec[field]
	container.securityContext.privileged == true
	msg := sprintf(
		"%s %q must not be privileged; set %s.%s[%d].securityContext.privileged to false",
		[field_label(field), container.name, base, field, i],
	)
}
