# Runs the library samples (library/ward-pol-001-run-as-non-root/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package wardrunasnonroot_test

import data.wardrunasnonroot

samples := data.samples["ward-pol-001-run-as-non-root"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": {}}
	msgs := {v.msg | some v in wardrunasnonroot.violation} with input as review
}

test_samples_are_loaded if {
	count(samples) > 0
}

test_pod_level_run_as_non_root_true_allows_containers_without_own_setting if {
	messages("pod-level-only", "example_allowed.yaml") == set()
}

test_container_run_as_non_root_false_overrides_pod_true if {
	messages("container-overrides-pod", "example_disallowed.yaml") == {
		`container "sidecar" must run as non-root: container-level runAsNonRoot is not true and overrides the pod; set spec.containers[1].securityContext.runAsNonRoot to true`,
	}
}

test_container_run_as_non_root_true_overrides_pod_false if {
	messages("container-overrides-pod", "example_allowed.yaml") == set()
}

test_init_container_without_non_root_is_a_violation if {
	messages("init-container", "example_disallowed.yaml") == {
		`initContainer "migrate" must run as non-root: runAsNonRoot is set at neither container nor pod level; set spec.securityContext.runAsNonRoot to true`,
	}
}

test_ephemeral_container_run_as_non_root_false_is_a_violation if {
	messages("ephemeral-container", "example_disallowed.yaml") == {
		`ephemeralContainer "debugger" must run as non-root: container-level runAsNonRoot is not true and overrides the pod; set spec.ephemeralContainers[0].securityContext.runAsNonRoot to true`,
	}
}

test_container_run_as_user_zero_is_a_violation_despite_run_as_non_root if {
	messages("run-as-user-zero", "example_disallowed_container.yaml") == {
		`container "app" must not run as uid 0; set spec.containers[0].securityContext.runAsUser to a non-zero uid`,
	}
}

test_pod_run_as_user_zero_is_a_violation_when_container_does_not_override if {
	messages("run-as-user-zero", "example_disallowed_pod.yaml") == {
		`container "app" must not run as uid 0; set spec.securityContext.runAsUser to a non-zero uid`,
	}
}

test_container_non_zero_uid_overrides_pod_uid_zero if {
	messages("run-as-user-zero", "example_allowed_container_override.yaml") == set()
}

test_run_as_non_root_missing_everywhere_is_a_violation if {
	messages("missing-everywhere", "example_disallowed.yaml") == {
		`container "app" must run as non-root: runAsNonRoot is set at neither container nor pod level; set spec.securityContext.runAsNonRoot to true`,
	}
}

test_deployment_template_with_non_root_is_allowed if {
	messages("workload-templates", "example_allowed_deployment.yaml") == set()
}

test_deployment_template_container_override_reports_template_path if {
	messages("workload-templates", "example_disallowed_deployment.yaml") == {
		`container "app" must run as non-root: container-level runAsNonRoot is not true and overrides the pod; set spec.template.spec.containers[0].securityContext.runAsNonRoot to true`,
	}
}

test_statefulset_template_missing_non_root_is_a_violation if {
	messages("workload-templates", "example_disallowed_statefulset.yaml") == {
		`container "db" must run as non-root: runAsNonRoot is set at neither container nor pod level; set spec.template.spec.securityContext.runAsNonRoot to true`,
	}
}

test_daemonset_template_pod_uid_zero_is_a_violation if {
	messages("workload-templates", "example_disallowed_daemonset.yaml") == {
		`container "agent" must not run as uid 0; set spec.template.spec.securityContext.runAsUser to a non-zero uid`,
	}
}

test_replicaset_template_init_container_override_is_a_violation if {
	messages("workload-templates", "example_disallowed_replicaset.yaml") == {
		`initContainer "setup" must run as non-root: container-level runAsNonRoot is not true and overrides the pod; set spec.template.spec.initContainers[0].securityContext.runAsNonRoot to true`,
	}
}

test_job_template_missing_non_root_is_a_violation if {
	messages("workload-templates", "example_disallowed_job.yaml") == {
		`container "migrate" must run as non-root: runAsNonRoot is set at neither container nor pod level; set spec.template.spec.securityContext.runAsNonRoot to true`,
	}
}

test_cronjob_job_template_with_non_root_is_allowed if {
	messages("workload-templates", "example_allowed_cronjob.yaml") == set()
}

test_cronjob_job_template_container_uid_zero_reports_job_template_path if {
	messages("workload-templates", "example_disallowed_cronjob.yaml") == {
		`container "report" must not run as uid 0; set spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsUser to a non-zero uid`,
	}
}

test_every_sample_is_classified_by_its_file_name if {
	every case, files in samples {
		every file, text in files {
			sample_outcome_matches_name(case, file, text)
		}
	}
}

sample_outcome_matches_name(_, file, _) if file == "constraint.yaml"

sample_outcome_matches_name(case, file, _) if {
	startswith(file, "example_allowed")
	messages(case, file) == set()
}

sample_outcome_matches_name(case, file, _) if {
	startswith(file, "example_disallowed")
	count(messages(case, file)) > 0
}

test_objects_of_other_kinds_are_ignored if {
	config_map := {"kind": "ConfigMap", "metadata": {"name": "settings"}, "spec": {"containers": [{"name": "x"}]}}
	msgs := {v.msg | some v in wardrunasnonroot.violation} with input as {"review": {"object": config_map}}
	msgs == set()
}
