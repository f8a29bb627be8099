# Runs the library samples (library/ward-enc-002-encrypted-storage-class/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package wardencryptedstorageclass_test

import data.wardencryptedstorageclass

samples := data.samples["ward-enc-002-encrypted-storage-class"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in wardencryptedstorageclass.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_pvc_on_listed_class_is_allowed if {
	messages("claims", "example_allowed_pvc.yaml") == set()
}

test_statefulset_templates_on_listed_classes_are_allowed if {
	messages("claims", "example_allowed_statefulset.yaml") == set()
}

test_pvc_without_class_is_a_violation if {
	messages("claims", "example_disallowed_default_class.yaml") == {
		`PersistentVolumeClaim "records-db-data" has no storageClassName and would get the cluster default class; set spec.storageClassName to one of: ward-encrypted, ward-encrypted-retain`,
	}
}

test_pvc_on_unlisted_class_is_a_violation if {
	messages("claims", "example_disallowed_other_class.yaml") == {
		`PersistentVolumeClaim "scratch" uses StorageClass "standard", which is not an encrypted class; set spec.storageClassName to one of: ward-encrypted, ward-encrypted-retain`,
	}
}

test_statefulset_template_without_class_is_a_violation if {
	messages("claims", "example_disallowed_statefulset.yaml") == {
		`volumeClaimTemplate "wal" has no storageClassName and would get the cluster default class; set spec.volumeClaimTemplates[1].spec.storageClassName to one of: ward-encrypted, ward-encrypted-retain`,
	}
}

test_without_parameter_no_class_is_trusted if {
	messages("no-classes-configured", "example_disallowed.yaml") == {
		`PersistentVolumeClaim "records-db-data" uses StorageClass "ward-encrypted", which is not an encrypted class; set spec.storageClassName to one of: (none configured: set the encryptedStorageClasses parameter)`,
	}
}

test_every_sample_is_classified_by_its_file_name if {
	every case, files in samples {
		every file, _ in files {
			sample_outcome_matches_name(case, file)
		}
	}
}

sample_outcome_matches_name(_, "constraint.yaml")

sample_outcome_matches_name(case, file) if {
	startswith(file, "example_allowed")
	messages(case, file) == set()
}

sample_outcome_matches_name(case, file) if {
	startswith(file, "example_disallowed")
	count(messages(case, file)) > 0
}
