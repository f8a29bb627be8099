# WARD-ENC-002: claims land on a StorageClass known to encrypt.
#
# Whether a class encrypts depends on its provisioner and parameters, which ward-kit audits
# (EncryptedStorageClassCheck); at admission time the constraint names the approved classes.
package wardencryptedstorageclass

# Triples of [claim spec, label, field path of storageClassName] for the object under review.
claims contains [obj.spec, sprintf("PersistentVolumeClaim %q", [obj.metadata.name]), "spec.storageClassName"] if {
	obj := input.review.object
	obj.kind == "PersistentVolumeClaim"
}

claims contains [template.spec, sprintf("volumeClaimTemplate %q", [template.metadata.name]), path] if {
	obj := input.review.object
	obj.kind == "StatefulSet"
	some i, template in obj.spec.volumeClaimTemplates
	path := sprintf("spec.volumeClaimTemplates[%d].spec.storageClassName", [i])
}

encrypted := {name | some name in object.get(input, ["parameters", "encryptedStorageClasses"], [])}

violation contains {"msg": msg} if {
	some [spec, label, path] in claims
	not spec.storageClassName
	msg := sprintf(
		"%s has no storageClassName and would get the cluster default class; set %s to one of: %s",
		[label, path, allowed_list],
	)
}

violation contains {"msg": msg} if {
	some [spec, label, path] in claims
	class_name := spec.storageClassName
	not class_name in encrypted
	msg := sprintf(
		"%s uses StorageClass %q, which is not an encrypted class; set %s to one of: %s",
		[label, class_name, path, allowed_list],
	)
}

allowed_list := concat(", ", sort(encrypted)) if {
	count(encrypted) > 0
} else := "(none configured: set the encryptedStorageClasses parameter)"
