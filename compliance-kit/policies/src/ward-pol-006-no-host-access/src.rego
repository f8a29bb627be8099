# WARD-POL-006: pods stay out of the node's namespaces and file system.
package wardnohostaccess

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

host_namespaces := ["hostNetwork", "hostPID", "hostIPC"]

violation contains {"msg": msg} if {
	some [spec, base] in pod_specs
	some key in host_namespaces
	spec[key] == true
	msg := sprintf("pod must not share the node's namespaces; remove %s.%s", [base, key])
}

violation contains {"msg": msg} if {
	some [spec, base] in pod_specs
	some i, volume in spec.volumes
	volume.hostPath
	msg := sprintf(
		"volume %q must not mount a host path (%s); replace %s.volumes[%d].hostPath with an emptyDir or a PersistentVolumeClaim",
		[volume.name, volume.hostPath.path, base, i],
	)
}

violation contains {"msg": msg} if {
	some [spec, base] in pod_specs
	some field in container_fields
	some i, container in spec[field]
	some j, port in container.ports
	port.hostPort > 0
	msg := sprintf(
		"%s %q must not bind host port %d; remove %s.%s[%d].ports[%d].hostPort",
		[field_label(field), container.name, port.hostPort, base, field, i, j],
	)
}
