# Runs the library samples (library/ward-net-003-no-external-service/samples), the same cases that
# `gator verify` runs. `make test-policies` loads them as data.samples via generate.py --samples-data.
package wardnoexternalservice_test

import data.wardnoexternalservice

samples := data.samples["ward-net-003-no-external-service"]

messages(case, file) := msgs if {
	review := {"review": {"object": yaml.unmarshal(samples[case][file])}, "parameters": parameters(case)}
	msgs := {v.msg | some v in wardnoexternalservice.violation} with input as review
}

parameters(case) := object.get(yaml.unmarshal(samples[case]["constraint.yaml"]), ["spec", "parameters"], {})

test_samples_are_loaded if {
	count(samples) > 0
}

test_phi_cluster_ip_service_is_allowed if {
	messages("services", "example_allowed.yaml") == set()
}

test_phi_service_without_type_defaults_to_cluster_ip if {
	messages("services", "example_allowed_default_type.yaml") == set()
}

test_non_phi_load_balancer_is_allowed if {
	messages("services", "example_allowed_not_phi.yaml") == set()
}

test_phi_node_port_is_a_violation if {
	messages("services", "example_disallowed_node_port.yaml") == {
		`PHI service "patient-api" must not be of type NodePort; set spec.type to ClusterIP and publish it through the Istio ingress gateway`,
	}
}

test_phi_load_balancer_is_a_violation if {
	messages("services", "example_disallowed_load_balancer.yaml") == {
		`PHI service "patient-api" must not be of type LoadBalancer; set spec.type to ClusterIP and publish it through the Istio ingress gateway`,
	}
}

test_phi_external_ips_is_a_violation if {
	messages("services", "example_disallowed_external_ips.yaml") == {
		`PHI service "records-db" must not set externalIPs; remove spec.externalIPs and publish it through the Istio ingress gateway`,
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
