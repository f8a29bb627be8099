# compliance-kit targets, included by the root Makefile (which defines ROOT, BIN, MVN and RENDERED,
# includes helm/chart.mk for render-chart and RENDERED_CI, and puts $(BIN) on PATH). Variables are
# recursive and tools are checked in recipes, so the include may sit anywhere in the root Makefile.
# The kit's Java tests are not run here: the root `mvn verify` runs them with every other module.
KIT_DIR      = $(ROOT)/compliance-kit
KIT_POLICIES = $(KIT_DIR)/policies
KIT_JAR      = $(KIT_DIR)/target/ward-kit.jar
# Tier-1 results as JUnit XML (TEST-opa.xml, TEST-gator.xml) for `ward-kit evidence`, written by
# policies/engine-report.py from `opa test --format=json` and `gator verify -v`, with the raw output beside them.
KIT_POLICY_REPORTS = $(KIT_DIR)/target/policy-reports

.PHONY: test-kit test-policies kit-policy-tools policies ward-kit evidence bench-kit

test-kit: test-policies

# Engine-level proof of the Gatekeeper library: formatting, strict compile, unit tests over the
# library samples, template drift and suite presence, then gator running the same samples.
# Each engine's results are also written to $(KIT_POLICY_REPORTS) before its exit status counts,
# so a failing case is reported (and `make evidence` shows its control FAILED) while this target
# fails exactly where it did without the reports. opa runs twice: once as JSON for the report, once
# with -v for people (its failure traces are not in the JSON); gator runs once with -v, which names
# every case (the report needs them), shown and kept in gator.txt.
test-policies: kit-policy-tools
	rm -rf $(KIT_POLICY_REPORTS) && mkdir -p $(KIT_POLICY_REPORTS)
	opa fmt --fail -l $(KIT_POLICIES)/src
	opa check --strict $(KIT_POLICIES)/src
	samples=$$(mktemp -d); trap 'rm -rf "$$samples"' EXIT; \
	  $(KIT_POLICIES)/generate.py --samples-data "$$samples"; \
	  rc=0; opa test --format=json $(KIT_POLICIES)/src "$$samples" > $(KIT_POLICY_REPORTS)/opa.json || rc=$$?; \
	  $(KIT_POLICIES)/engine-report.py opa $(KIT_POLICY_REPORTS)/opa.json --exit-code $$rc --output $(KIT_POLICY_REPORTS)/TEST-opa.xml; \
	  opa test -v $(KIT_POLICIES)/src "$$samples"
	$(KIT_POLICIES)/check-library.sh
	cd $(KIT_POLICIES) && rc=0; gator verify -v ./library/... 2>&1 | tee $(KIT_POLICY_REPORTS)/gator.txt || rc=$$?; \
	  ./engine-report.py gator $(KIT_POLICY_REPORTS)/gator.txt --exit-code $$rc --output $(KIT_POLICY_REPORTS)/TEST-gator.xml; \
	  exit $$rc

# Installs only the two pinned tools this needs, through the root Makefile's stamp rules.
kit-policy-tools:
	@test -x $(BIN)/opa -a -f $(BIN)/.opa-$(OPA_VERSION) || $(MAKE) --no-print-directory $(BIN)/.opa-$(OPA_VERSION)
	@test -x $(BIN)/gator -a -f $(BIN)/.gator-$(GATOR_VERSION) || $(MAKE) --no-print-directory $(BIN)/.gator-$(GATOR_VERSION)

# Regenerates library/*/template.yaml after editing a policy's src.rego or constraint.tmpl.
policies:
	$(KIT_POLICIES)/generate.py

# Builds the fat jar behind compliance-kit/bin/ward-kit when it is missing or older than its sources.
ward-kit:
	@if [ ! -f $(KIT_JAR) ] || [ -n "$$(find $(KIT_DIR)/pom.xml $(KIT_DIR)/src/main $(KIT_DIR)/catalogue -newer $(KIT_JAR) -print -quit)" ]; then \
	  $(MVN) -f $(ROOT)/pom.xml -pl compliance-kit -DskipTests package; \
	else \
	  echo "ward-kit: $(KIT_JAR) is up to date"; \
	fi

# The evidence report (issue 7; README "Evidence report"): the JUnit XML of the last test run,
# copied to target/evidence/junit/<module>/, the policy engines' (tier 1, from test-policies) copied
# to target/evidence/policy-reports/, and ward-kit's audit of every rendering of the chart
# ($(RENDERED) and $(RENDERED_CI), made by helm/chart.mk's render-chart) as tier-2 evidence, turned
# by `ward-kit evidence` into evidence.html, evidence.oscal.json, evidence.json and evidence.txt.
# Fails without JUnit reports, and when a proof FAILED (exit 3); UNPROVEN and NOT_RUN controls are
# reported, never failed on here. Without policy-engine reports ward-kit warns and tier 1 is absent.
EVIDENCE_DIR = $(ROOT)/target/evidence
KIT_CLI      = $(KIT_DIR)/bin/ward-kit
evidence: ward-kit render-chart
	rm -rf $(EVIDENCE_DIR) && mkdir -p $(EVIDENCE_DIR)/junit
	shopt -s nullglob; reports=($(ROOT)/*/target/surefire-reports/TEST-*.xml $(ROOT)/*/target/failsafe-reports/TEST-*.xml); \
	  [ $${#reports[@]} -gt 0 ] || { echo "evidence: no JUnit reports in */target/{surefire,failsafe}-reports; run 'make test' first" >&2; exit 1; }; \
	  for report in "$${reports[@]}"; do \
	    kind=$$(dirname "$$report"); module=$$(basename "$$(dirname "$$(dirname "$$kind")")"); \
	    mkdir -p $(EVIDENCE_DIR)/junit/$$module/$$(basename "$$kind") && cp "$$report" $(EVIDENCE_DIR)/junit/$$module/$$(basename "$$kind")/; \
	  done; \
	  echo "evidence: $${#reports[@]} JUnit reports copied to $(EVIDENCE_DIR)/junit"
	mkdir -p $(EVIDENCE_DIR)/policy-reports; shopt -s nullglob; engines=($(KIT_POLICY_REPORTS)/TEST-*.xml); \
	  [ $${#engines[@]} -eq 0 ] || cp "$${engines[@]}" $(EVIDENCE_DIR)/policy-reports/; \
	  echo "evidence: $${#engines[@]} policy-engine reports copied to $(EVIDENCE_DIR)/policy-reports"
	audits=(); for manifest in $(RENDERED) $(RENDERED_CI); do \
	  name=$$(basename "$$manifest" .yaml); json=$(EVIDENCE_DIR)/chart-audit$${name#ward}.json; \
	  rc=0; $(KIT_CLI) audit --format json --output "$$json" "$$manifest" || rc=$$?; \
	  [ $$rc -eq 0 ] || [ $$rc -eq 3 ] || { echo "evidence: ward-kit audit of $$manifest failed (exit $$rc)" >&2; exit 1; }; \
	  audits+=(--audit "$$json"); \
	done; \
	rc=0; for out in html:evidence.html oscal:evidence.oscal.json json:evidence.json text:evidence.txt; do \
	  $(KIT_CLI) evidence --repo $(ROOT) --reports $(EVIDENCE_DIR)/junit --policy-reports $(EVIDENCE_DIR)/policy-reports "$${audits[@]}" \
	    --format "$${out%%:*}" --output "$(EVIDENCE_DIR)/$${out#*:}" || rc=$$?; \
	done; \
	[ ! -f $(EVIDENCE_DIR)/evidence.txt ] || sed -n '/^Summary:/,$$p' $(EVIDENCE_DIR)/evidence.txt; \
	echo "evidence: $(EVIDENCE_DIR)/evidence.html (also evidence.oscal.json, evidence.json, evidence.txt, junit/, policy-reports/)"; \
	[ $$rc -eq 0 ] || { echo "evidence: ward-kit evidence exited $$rc (3: a proof FAILED)" >&2; exit $$rc; }

# The audit-throughput benchmark of issue 5 (not a test, never run by `make test`): 10,000
# generated manifests; JVM start-up, one cold CLI audit and warm in-JVM audits; and issue 19's
# scaling figure, 800 and 8,000 objects in one namespace (target: >= 1,000 objects/s, cost per
# object at 8,000 <= 1.5x that at 800, judged on CPU time of the auditing thread); written to
# compliance-kit/target/bench/results.txt for docs/benchmarks.md.
KIT_BENCH_DIR = $(KIT_DIR)/target/bench
bench-kit:
	$(MVN) -f $(ROOT)/pom.xml -q -pl compliance-kit -DskipTests package
	java -cp $(KIT_JAR):$(KIT_DIR)/target/test-classes health.ward.kit.bench.AuditBenchmark $(KIT_BENCH_DIR) $(KIT_JAR)
