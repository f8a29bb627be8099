# Runs the library samples (library/ward-pol-005-seccomp-runtime-default/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package wardseccompruntimedefault_test

import data.wardseccompruntimedefault

samples := data.samples["ward-pol-005-seccomp-runtime-default"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in wardseccompruntimedefault.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_pod_level_runtime_default_covers_every_container if {
	messages("pod-level", "example_allowed.yaml") == set()
}

test_no_profile_anywhere_is_a_violation if {
	messages("pod-level", "example_disallowed_unset.yaml") == {
		`container "app" must run with seccomp profile RuntimeDefault or Localhost, not unset; set spec.securityContext.seccompProfile.type to RuntimeDefault`,
	}
}

test_pod_level_unconfined_is_a_violation if {
	messages("pod-level", "example_disallowed_unconfined.yaml") == {
		`container "app" must run with seccomp profile RuntimeDefault or Localhost, not Unconfined; set spec.securityContext.seccompProfile.type to RuntimeDefault`,
	}
}

test_container_localhost_overrides_pod_unconfined if {
	messages("container-overrides-pod", "example_allowed.yaml") == set()
}

test_container_unconfined_overrides_pod_runtime_default if {
	messages("container-overrides-pod", "example_disallowed.yaml") == {
		`ephemeralContainer "debugger" must run with seccomp profile RuntimeDefault or Localhost, not Unconfined; set spec.ephemeralContainers[0].securityContext.seccompProfile.type to RuntimeDefault`,
	}
}

test_cronjob_reports_job_template_path if {
	messages("container-overrides-pod", "example_disallowed_cronjob.yaml") == {
		`container "report" must run with seccomp profile RuntimeDefault or Localhost, not Unconfined; set spec.jobTemplate.spec.template.spec.containers[0].securityContext.seccompProfile.type to RuntimeDefault`,
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
