# WARD-POL-009: objects carry the data-classification label.
#
# NetworkPolicies, PeerAuthentications, Falco rules and backups select pods, not controllers, so
# a workload must label its pod template as well as itself.
package warddataclassification

template_paths := {
	"Deployment": ["spec", "template"],
	"StatefulSet": ["spec", "template"],
	"DaemonSet": ["spec", "template"],
	"ReplicaSet": ["spec", "template"],
	"ReplicationController": ["spec", "template"],
	"Job": ["spec", "template"],
	"CronJob": ["spec", "jobTemplate", "spec", "template"],
}

# Pairs of [labels, field path of the labels] to check for the object under review.
label_sets contains [object.get(obj, ["metadata", "labels"], {}), "metadata.labels"] if {
	obj := input.review.object
}

label_sets contains [object.get(template, ["metadata", "labels"], {}), concat(".", array.concat(path, ["metadata", "labels"]))] if {
	obj := input.review.object
	path := template_paths[obj.kind]
	template := object.get(obj, path, {})
}

violation contains {"msg": msg} if {
	some [labels, path] in label_sets
	some required in input.parameters.labels
	not labels[required.key]
	msg := sprintf("%s %q lacks label %q; set %s[%q]%s", [
		input.review.object.kind, input.review.object.metadata.name, required.key, path, required.key,
		allowed_suffix(required),
	])
}

violation contains {"msg": msg} if {
	some [labels, path] in label_sets
	some required in input.parameters.labels
	value := labels[required.key]
	count(object.get(required, "allowedValues", [])) > 0
	not value in required.allowedValues
	msg := sprintf("%s %q has label %q=%q, which is not allowed; set %s[%q]%s", [
		input.review.object.kind, input.review.object.metadata.name, required.key, value, path, required.key,
		allowed_suffix(required),
	])
}

allowed_suffix(required) := sprintf(" to one of: %s", [concat(", ", sort(required.allowedValues))]) if {
	count(object.get(required, "allowedValues", [])) > 0
} else := ""
