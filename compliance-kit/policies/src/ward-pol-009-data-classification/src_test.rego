# Runs the library samples (library/ward-pol-009-data-classification/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package warddataclassification_test

import data.warddataclassification

samples := data.samples["ward-pol-009-data-classification"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in warddataclassification.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_deployment_and_pod_template_labelled_is_allowed if {
	messages("ward-labels", "example_allowed_deployment.yaml") == set()
}

test_labelled_service_is_allowed if {
	messages("ward-labels", "example_allowed_service.yaml") == set()
}

test_unlabelled_pod_template_is_a_violation if {
	messages("ward-labels", "example_disallowed_template.yaml") == {
		`Deployment "api" lacks label "ward.health/data-classification"; set spec.template.metadata.labels["ward.health/data-classification"] to one of: internal, phi, public`,
	}
}

test_value_outside_allowed_values_is_a_violation if {
	messages("ward-labels", "example_disallowed_value.yaml") == {
		`Namespace "ward" has label "ward.health/data-classification"="secret", which is not allowed; set metadata.labels["ward.health/data-classification"] to one of: internal, phi, public`,
	}
}

test_cronjob_and_its_job_template_are_checked if {
	messages("ward-labels", "example_disallowed_cronjob.yaml") == {
		`CronJob "report" lacks label "ward.health/data-classification"; set metadata.labels["ward.health/data-classification"] to one of: internal, phi, public`,
		`CronJob "report" lacks label "ward.health/data-classification"; set spec.jobTemplate.spec.template.metadata.labels["ward.health/data-classification"] to one of: internal, phi, public`,
	}
}

test_without_allowed_values_any_value_is_allowed if {
	messages("any-value", "example_allowed.yaml") == set()
}

test_without_allowed_values_the_key_is_still_required if {
	messages("any-value", "example_disallowed.yaml") == {
		`Namespace "tools" lacks label "ward.health/data-classification"; set metadata.labels["ward.health/data-classification"]`,
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
