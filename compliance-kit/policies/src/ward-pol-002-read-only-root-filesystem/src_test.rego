# Runs the library samples (library/ward-pol-002-read-only-root-filesystem/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package wardreadonlyrootfilesystem_test

import data.wardreadonlyrootfilesystem

samples := data.samples["ward-pol-002-read-only-root-filesystem"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in wardreadonlyrootfilesystem.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_read_only_root_everywhere_is_allowed if {
	messages("containers", "example_allowed.yaml") == set()
}

test_missing_read_only_root_is_a_violation if {
	messages("containers", "example_disallowed_missing.yaml") == {
		`container "app" must have a read-only root filesystem; set spec.containers[0].securityContext.readOnlyRootFilesystem to true`,
	}
}

test_explicit_false_on_second_container_is_a_violation if {
	messages("containers", "example_disallowed_false.yaml") == {
		`container "sidecar" must have a read-only root filesystem; set spec.containers[1].securityContext.readOnlyRootFilesystem to true`,
	}
}

test_init_and_ephemeral_containers_are_checked if {
	messages("containers", "example_disallowed_init_and_ephemeral.yaml") == {
		`ephemeralContainer "debugger" must have a read-only root filesystem; set spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem to true`,
		`initContainer "migrate" must have a read-only root filesystem; set spec.initContainers[0].securityContext.readOnlyRootFilesystem to true`,
	}
}

test_deployment_with_read_only_root_is_allowed if {
	messages("workload-templates", "example_allowed_deployment.yaml") == set()
}

test_cronjob_reports_job_template_path if {
	messages("workload-templates", "example_disallowed_cronjob.yaml") == {
		`container "report" must have a read-only root filesystem; set spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem to true`,
	}
}

test_statefulset_reports_template_path if {
	messages("workload-templates", "example_disallowed_statefulset.yaml") == {
		`container "db" must have a read-only root filesystem; set spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem to true`,
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

test_objects_of_other_kinds_are_ignored if {
	config_map := {"kind": "ConfigMap", "metadata": {"name": "settings"}, "spec": {"containers": [{"name": "x"}]}}
	msgs := {v.msg | some v in wardreadonlyrootfilesystem.violation} with input as {"review": {"object": config_map}}
	msgs == set()
}
