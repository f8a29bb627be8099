# WARD-POL-002: every container has a read-only root filesystem.
#
# Kubernetes has no pod-level readOnlyRootFilesystem, and the default is writable, so each
# container must say true itself; a missing field is as bad as false.
package wardreadonlyrootfilesystem

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
	not container.securityContext.readOnlyRootFilesystem == true
	msg := sprintf(
		"%s %q must have a read-only root filesystem; set %s.%s[%d].securityContext.readOnlyRootFilesystem to true",
		[field_label(field), container.name, base, field, i],
	)
}
