# Runs the library samples (library/ward-pol-004-drop-all-capabilities/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package warddropallcapabilities_test

import data.warddropallcapabilities

samples := data.samples["ward-pol-004-drop-all-capabilities"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in warddropallcapabilities.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_drop_all_in_any_case_is_allowed if {
	messages("containers", "example_allowed.yaml") == set()
}

test_missing_drop_is_a_violation if {
	messages("containers", "example_disallowed_missing.yaml") == {
		`container "app" must drop ALL capabilities; add "ALL" to spec.containers[0].securityContext.capabilities.drop`,
	}
}

test_dropping_named_capabilities_is_not_enough if {
	messages("containers", "example_disallowed_partial_drop.yaml") == {
		`container "app" must drop ALL capabilities; add "ALL" to spec.containers[0].securityContext.capabilities.drop`,
	}
}

test_adding_a_capability_is_a_violation_by_default if {
	messages("containers", "example_disallowed_add.yaml") == {
		`ephemeralContainer "debugger" adds capability "SYS_PTRACE", which the constraint does not allow; remove it from spec.ephemeralContainers[0].securityContext.capabilities.add`,
	}
}

test_parameter_allows_listed_capability_with_cap_prefix if {
	messages("allowed-capabilities", "example_allowed.yaml") == set()
}

test_parameter_does_not_allow_unlisted_capability if {
	messages("allowed-capabilities", "example_disallowed.yaml") == {
		`container "app" adds capability "NET_RAW", which the constraint does not allow; remove it from spec.template.spec.containers[0].securityContext.capabilities.add`,
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
