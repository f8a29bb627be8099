# WARD-POL-005: every container runs under a seccomp profile.
#
# The container-level seccompProfile wins over the pod-level one, so a pod-level RuntimeDefault
# does not help a container that sets Unconfined. Localhost profiles are stricter still and pass.
package wardseccompruntimedefault

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

allowed_types := {"RuntimeDefault", "Localhost"}

violation contains {"msg": msg} if {
	some [spec, base] in pod_specs
	some field in container_fields
	some i, container in spec[field]
	profile_type := effective_type(spec, container)
	not profile_type in allowed_types
	msg := sprintf(
		"%s %q must run with seccomp profile RuntimeDefault or Localhost, not %s; set %s.type to RuntimeDefault",
		[field_label(field), container.name, profile_type, fix_path(base, field, i, container)],
	)
}

effective_type(_, container) := container.securityContext.seccompProfile.type

effective_type(spec, container) := object.get(spec, ["securityContext", "seccompProfile", "type"], "unset") if {
	not container.securityContext.seccompProfile
}

# An explicit container profile must be fixed where it is; otherwise the pod profile fixes all.
fix_path(base, field, i, container) := sprintf("%s.%s[%d].securityContext.seccompProfile", [base, field, i]) if {
	container.securityContext.seccompProfile
}

fix_path(base, _, _, container) := sprintf("%s.securityContext.seccompProfile", [base]) if {
	not container.securityContext.seccompProfile
}
