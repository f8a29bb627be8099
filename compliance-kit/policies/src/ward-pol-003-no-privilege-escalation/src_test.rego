# Runs the library samples (library/ward-pol-003-no-privilege-escalation/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package wardnoprivilegeescalation_test

import data.wardnoprivilegeescalation

samples := data.samples["ward-pol-003-no-privilege-escalation"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in wardnoprivilegeescalation.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_explicit_false_everywhere_is_allowed if {
	messages("containers", "example_allowed.yaml") == set()
}

test_missing_field_is_a_violation_because_the_default_is_true if {
	messages("containers", "example_disallowed_missing.yaml") == {
		`container "app" must not allow privilege escalation; set spec.containers[0].securityContext.allowPrivilegeEscalation to false`,
	}
}

test_privileged_container_reports_both_fields if {
	messages("containers", "example_disallowed_privileged.yaml") == {
		`container "app" must not allow privilege escalation; set spec.containers[0].securityContext.allowPrivilegeEscalation to false`,
		`container "app" must not be privileged; set spec.containers[0].securityContext.privileged to false`,
	}
}

test_privileged_ephemeral_container_reports_both_fields if {
	messages("containers", "example_disallowed_ephemeral.yaml") == {
		`ephemeralContainer "debugger" must not allow privilege escalation; set spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation to false`,
		`ephemeralContainer "debugger" must not be privileged; set spec.ephemeralContainers[0].securityContext.privileged to false`,
	}
}

test_job_with_no_escalation_is_allowed if {
	messages("workload-templates", "example_allowed_job.yaml") == set()
}

test_daemonset_reports_template_path if {
	messages("workload-templates", "example_disallowed_daemonset.yaml") == {
		`container "agent" must not allow privilege escalation; set spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation to false`,
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
