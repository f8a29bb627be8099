# Benchmarks, soak and crash consistency (issue 8): make bench | make soak | make crash.
# Included from the root Makefile (needs its ROOT, MVN and tools). Code: e2e/src/main/java/health/ward/e2e/bench,
# results: docs/benchmarks.md. The load generator (Hyperfoil) is a pinned Maven dependency of e2e.
.PHONY: bench bench-builds bench-verify soak crash db-outage

# E2E_JAVA and e2e-build (build everything, resolve e2e's runtime classpath) come from the root Makefile.
# Extra -D settings, e.g. make bench BENCH_OPTS='-Dbench.runs=3 -Dbench.readRate=100' (see Bench.Settings).
BENCH_OPTS ?=

# Fixed-rate read / create / search, audit verify, start-up time and RSS; writes docs/benchmarks.md.
bench: e2e-build bench-builds bench-kit
	$(E2E_JAVA) $(BENCH_OPTS) health.ward.e2e.bench.Bench

# Only the audit verify of a 1,000,000-event trail (part of `make bench`), for work on the verifier.
bench-verify: e2e-build
	$(E2E_JAVA) $(BENCH_OPTS) health.ward.e2e.bench.AuditTrailLoader

# Benchmark-only builds of patient-api (issue 3's baselines), never shipped: build-profile CDI
# alternatives with encryption and audit off (bench-plain) or one Transit call per field
# (bench-naive), packaged into patient-api/target/bench-plain and target/bench-naive.
BENCH_PROFILES := bench-plain bench-naive
bench-builds: e2e-build
	for p in $(BENCH_PROFILES); do \
	  $(MVN) -q -pl patient-api package -DskipTests -Dquarkus.profile=$$p -Dquarkus.package.output-directory=$$p || exit 1; \
	done

# 10 minutes of mixed reads, writes and searches; fails on any error, missing audit event or invalid trail.
soak: e2e-build
	$(E2E_JAVA) -Dsoak.seconds=600 $(BENCH_OPTS) health.ward.e2e.bench.Soak

# SIGKILL patient-api under load and restart it; fails if any 2xx that carried PHI has no committed audit event.
crash: e2e-build
	$(E2E_JAVA) -Dcrash.seconds=120 $(BENCH_OPTS) health.ward.e2e.bench.Crash

# Stop PostgreSQL (pg_ctl stop -m fast) under load for 20 s and start it again, patient-api left running;
# fails on a 5xx other than 503, an unanswered request, an error after recovery, a restart or a missing audit event.
db-outage: e2e-build
	$(E2E_JAVA) -Doutage.seconds=90 -Doutage.down=20 $(BENCH_OPTS) health.ward.e2e.bench.DatabaseOutage
