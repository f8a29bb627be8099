# Runs the library samples (library/ward-pol-007-image-digest/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package wardimagedigest_test

import data.wardimagedigest

samples := data.samples["ward-pol-007-image-digest"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in wardimagedigest.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_tag_with_digest_and_digest_only_are_allowed if {
	messages("containers", "example_allowed.yaml") == set()
}

test_tag_only_is_a_violation if {
	messages("containers", "example_disallowed_tag.yaml") == {
		`container "app" image "registry.example/ward/app:1.0.0" is not pinned by digest; set spec.containers[0].image to the image name followed by @sha256:<digest>`,
	}
}

test_truncated_digest_is_a_violation if {
	messages("containers", "example_disallowed_short_digest.yaml") == {
		`ephemeralContainer "debugger" image "registry.example/ward/debug@sha256:abc" is not pinned by digest; set spec.ephemeralContainers[0].image to the image name followed by @sha256:<digest>`,
	}
}

test_third_party_job_image_is_a_violation if {
	messages("containers", "example_disallowed_job.yaml") == {
		`container "migrate" image "ghcr.io/groundnuty/k8s-wait-for:v2.0" is not pinned by digest; set spec.template.spec.containers[0].image to the image name followed by @sha256:<digest>`,
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
