# WARD-POL-001: every container runs as non-root.
#
# The effective setting is what the kubelet enforces: a container-level securityContext field
# wins over the pod-level one. Checking only the pod level (as the commonly published example
# does) lets a container opt back into root with `runAsNonRoot: false` or `runAsUser: 0`.
package wardrunasnonroot

container_fields := ["containers", "initContainers", "ephemeralContainers"]

# Controllers that embed a pod template at spec.template.
template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}

violation contains {"msg": msg} if {
	some [spec, base] in pod_specs
	some field in container_fields
	some i, container in spec[field]
	not effective_run_as_non_root(spec, container)
	msg := sprintf(
		"%s %q must run as non-root: %s; set %s to true",
		[field_label(field), container.name, run_as_non_root_problem(spec, container), run_as_non_root_fix_path(base, field, i, container)],
	)
}

violation contains {"msg": msg} if {
	some [spec, base] in pod_specs
	some field in container_fields
	some i, container in spec[field]
	effective_run_as_user(spec, container) == 0
	msg := sprintf(
		"%s %q must not run as uid 0; set %s to a non-zero uid",
		[field_label(field), container.name, run_as_user_fix_path(base, field, i, container)],
	)
}

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

effective_run_as_non_root(spec, container) if {
	effective_setting(spec, container, "runAsNonRoot") == true
}

effective_run_as_user(spec, container) := effective_setting(spec, container, "runAsUser")

# The container-level value when present (even when false or 0), otherwise the pod-level value.
effective_setting(_, container, key) := container.securityContext[key]

effective_setting(spec, container, key) := spec.securityContext[key] if {
	not has_container_setting(container, key)
}

has_container_setting(container, key) if {
	_ = container.securityContext[key]
}

has_pod_setting(spec, key) if {
	_ = spec.securityContext[key]
}

# Total by construction (else chain) so that no non-compliant container can lack a message.
run_as_non_root_problem(spec, container) := "container-level runAsNonRoot is not true and overrides the pod" if {
	has_container_setting(container, "runAsNonRoot")
} else := "runAsNonRoot is set at neither container nor pod level" if {
	not has_pod_setting(spec, "runAsNonRoot")
} else := "pod-level runAsNonRoot is not true"

# An explicit container-level value must be fixed where it is; otherwise one pod-level field
# fixes every container at once.
run_as_non_root_fix_path(base, field, i, container) := concat(".", [base, container_path(field, i, "runAsNonRoot")]) if {
	has_container_setting(container, "runAsNonRoot")
}

run_as_non_root_fix_path(base, _, _, container) := concat(".", [base, "securityContext.runAsNonRoot"]) if {
	not has_container_setting(container, "runAsNonRoot")
}

run_as_user_fix_path(base, field, i, container) := concat(".", [base, container_path(field, i, "runAsUser")]) if {
	has_container_setting(container, "runAsUser")
}

run_as_user_fix_path(base, _, _, container) := concat(".", [base, "securityContext.runAsUser"]) if {
	not has_container_setting(container, "runAsUser")
}

container_path(field, i, key) := sprintf("%s[%d].securityContext.%s", [field, i, key])

field_label("containers") := "container"

field_label("initContainers") := "initContainer"

field_label("ephemeralContainers") := "ephemeralContainer"
