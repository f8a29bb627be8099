#!/usr/bin/env bash
# `make e2e-kind`: the kind tier of Ward's proofs. Brings up (or reuses) the kind cluster and the
# pinned add-ons (`make kind-up`), installs the chart into namespace `ward`, and runs the e2e tests
# tagged `kind`. Needs a container engine, kind, kubectl and helm; without them it stops with exit 1
# and says the tier was NOT RUN — it never reports success it did not earn.
#
# Images are pinned by digest (WARD-POL-007) and this machine cannot verify registry digests, so the
# caller supplies them:
#   WARD_PATIENT_API_IMAGE_DIGEST   digest of the patient-api image loaded into the cluster
#   WARD_POSTGRES_IMAGE_DIGEST      digest of the PostgreSQL 18 image the chart pins
#   WARD_PROBE_IMAGE                an official PostgreSQL image by digest (repo@sha256:...): pg_isready
#                                   probes, and the plaintext-HTTP probe of the mTLS test (bash, timeout)
#
# The tests and what each proves: README.md, "The kind tier". The restore drill among them deletes
# and restores namespace ward; it runs last.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

for var in WARD_PATIENT_API_IMAGE_DIGEST WARD_POSTGRES_IMAGE_DIGEST WARD_PROBE_IMAGE; do
  if [[ -z "${!var:-}" ]]; then
    echo "kind tier NOT RUN: $var is not set (see the header of $0)" >&2
    exit 1
  fi
done

make --no-print-directory kind-up

# Credentials are generated per cluster and live only in its Secrets.
kubectl create namespace ward --dry-run=client -o yaml | kubectl apply -f -
# The namespace's default ServiceAccount hands no API token to pods that name no account (WARD-IAM-005).
for _ in $(seq 1 60); do kubectl -n ward get serviceaccount default >/dev/null 2>&1 && break; sleep 1; done
kubectl -n ward patch serviceaccount default -p '{"automountServiceAccountToken": false}'
random_password() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; }
secret() {
  kubectl -n ward get secret "$1" >/dev/null 2>&1 \
    || kubectl -n ward create secret generic "$1" --from-literal=password="$(random_password)"
}
secret ward-db-superuser
secret ward-db-migrator
secret ward-db-app
# The cluster has no Prometheus Operator CRDs (k8s/addons does not install them): leave the
# PrometheusRule and PodMonitor out rather than fail the install.
helm upgrade --install ward helm/ward --namespace ward \
  --set monitoring.prometheusRule.enabled=false --set monitoring.scrape.enabled=false \
  --set patientApi.image.digest="$WARD_PATIENT_API_IMAGE_DIGEST" \
  --set recordsDb.image.digest="$WARD_POSTGRES_IMAGE_DIGEST"
k8s/addons/install.sh vault-role

WARD_PROBE_IMAGE="$WARD_PROBE_IMAGE" \
  ./mvnw -B -ntp -pl e2e -am -Pkind -Dtest='*KindTest' -Dsurefire.failIfNoSpecifiedTests=false verify
