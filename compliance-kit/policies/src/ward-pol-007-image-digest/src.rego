# WARD-POL-007: every image is pinned by digest.
#
# A tag can be moved to other content; a digest cannot. "name:tag@sha256:..." is accepted since
# the runtime pulls by digest and the tag only documents it.
package wardimagedigest

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
	not regex.match(`@sha256:[a-f0-9]{64}$`, container.image)
	msg := sprintf(
		"%s %q image %q is not pinned by digest; set %s.%s[%d].image to the image name followed by @sha256:<digest>",
		[field_label(field), container.name, container.image, base, field, i],
	)
}
