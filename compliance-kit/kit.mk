# compliance-kit targets, included by the root Makefile (which defines ROOT, BIN, MVN and puts
# $(BIN) on PATH). Variables are recursive and tools are checked in recipes, so the include may
# sit anywhere in the root Makefile.
# The kit's Java tests are not run here: the root `mvn verify` runs them with every other module.
KIT_DIR      = $(ROOT)/compliance-kit
KIT_POLICIES = $(KIT_DIR)/policies
KIT_JAR      = $(KIT_DIR)/target/ward-kit.jar

.PHONY: test-kit test-policies kit-policy-tools policies ward-kit bench-kit

test-kit: test-policies

# Engine-level proof of the Gatekeeper library: formatting, strict compile, unit tests over the
# library samples, template drift and suite presence, then gator running the same samples.
test-policies: kit-policy-tools
	opa fmt --fail -l $(KIT_POLICIES)/src
	opa check --strict $(KIT_POLICIES)/src
	samples=$$(mktemp -d); trap 'rm -rf "$$samples"' EXIT; \
	  $(KIT_POLICIES)/generate.py --samples-data "$$samples"; \
	  opa test -v $(KIT_POLICIES)/src "$$samples"
	$(KIT_POLICIES)/check-library.sh
	cd $(KIT_POLICIES) && gator verify ./library/...

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

# The audit-throughput benchmark of issue 5 (not a test, never run by `make test`): 10,000
# generated manifests; JVM start-up, one cold CLI audit and warm in-JVM audits, written to
# compliance-kit/target/bench/results.txt for docs/benchmarks.md.
KIT_BENCH_DIR = $(KIT_DIR)/target/bench
bench-kit:
	$(MVN) -f $(ROOT)/pom.xml -q -pl compliance-kit -DskipTests package
	java -cp $(KIT_JAR):$(KIT_DIR)/target/test-classes health.ward.kit.bench.AuditBenchmark $(KIT_BENCH_DIR) $(KIT_JAR)
