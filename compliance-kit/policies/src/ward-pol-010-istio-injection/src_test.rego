# Runs the library samples (library/ward-pol-010-istio-injection/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package wardistioinjection_test

import data.wardistioinjection

samples := data.samples["ward-pol-010-istio-injection"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in wardistioinjection.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_phi_namespace_with_injection_is_allowed if {
	messages("namespaces", "example_allowed.yaml") == set()
}

test_non_phi_namespace_without_injection_is_allowed if {
	messages("namespaces", "example_allowed_not_phi.yaml") == set()
}

test_phi_namespace_without_injection_label_is_a_violation if {
	messages("namespaces", "example_disallowed_missing.yaml") == {
		`namespace "ward" holds PHI (ward.health/data-classification=phi) but istio-injection is "unset"; set metadata.labels["istio-injection"] to "enabled"`,
	}
}

test_phi_namespace_with_injection_disabled_is_a_violation if {
	messages("namespaces", "example_disallowed_disabled.yaml") == {
		`namespace "ward" holds PHI (ward.health/data-classification=phi) but istio-injection is "disabled"; set metadata.labels["istio-injection"] to "enabled"`,
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
