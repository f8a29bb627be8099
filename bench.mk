# Benchmarks, soak and crash consistency (issue 8): make bench | make soak | make crash.
# Included from the root Makefile (needs its ROOT, MVN and tools). Code: e2e/src/main/java/health/ward/e2e/bench,
# results: docs/benchmarks.md. The load generator (Hyperfoil) is a pinned Maven dependency of e2e.
.PHONY: bench soak crash bench-build

BENCH_CLASSPATH := $(ROOT)/e2e/target/bench.classpath
BENCH_JAVA = java -Dward-test.repo-root=$(ROOT) -cp $(ROOT)/e2e/target/classes:$$(cat $(BENCH_CLASSPATH))
# Extra -D settings, e.g. make bench BENCH_OPTS='-Dbench.runs=3 -Dbench.readRate=100' (see Bench.Settings).
BENCH_OPTS ?=

bench-build: tools
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl e2e dependency:build-classpath -Dmdep.outputFile=$(BENCH_CLASSPATH) -Dmdep.includeScope=runtime

# Fixed-rate read / create / search, audit verify, start-up time and RSS; writes docs/benchmarks.md.
bench: bench-build
	$(BENCH_JAVA) $(BENCH_OPTS) health.ward.e2e.bench.Bench

# 10 minutes of mixed reads, writes and searches; fails on any error, missing audit event or invalid trail.
soak: bench-build
	$(BENCH_JAVA) -Dsoak.seconds=600 $(BENCH_OPTS) health.ward.e2e.bench.Soak

# SIGKILL patient-api under load and restart it; fails if any 2xx that carried PHI has no committed audit event.
crash: bench-build
	$(BENCH_JAVA) -Dcrash.seconds=120 $(BENCH_OPTS) health.ward.e2e.bench.Crash
