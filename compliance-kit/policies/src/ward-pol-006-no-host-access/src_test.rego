# Runs the library samples (library/ward-pol-006-no-host-access/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package wardnohostaccess_test

import data.wardnohostaccess

samples := data.samples["ward-pol-006-no-host-access"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in wardnohostaccess.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_container_port_and_empty_dir_are_allowed if {
	messages("host-access", "example_allowed.yaml") == set()
}

test_each_host_namespace_is_a_violation if {
	messages("host-access", "example_disallowed_namespaces.yaml") == {
		`pod must not share the node's namespaces; remove spec.hostIPC`,
		`pod must not share the node's namespaces; remove spec.hostNetwork`,
		`pod must not share the node's namespaces; remove spec.hostPID`,
	}
}

test_host_path_volume_is_a_violation if {
	messages("host-access", "example_disallowed_host_path.yaml") == {
		`volume "node-logs" must not mount a host path (/var/log); replace spec.template.spec.volumes[1].hostPath with an emptyDir or a PersistentVolumeClaim`,
	}
}

test_host_port_on_init_container_is_a_violation if {
	messages("host-access", "example_disallowed_host_port.yaml") == {
		`initContainer "setup" must not bind host port 9000; remove spec.initContainers[0].ports[0].hostPort`,
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
