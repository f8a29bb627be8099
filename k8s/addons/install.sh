#!/usr/bin/env bash
# Installs the Ward cluster add-ons, at the versions pinned in versions.env, into the cluster of
# the current kubectl context (k8s/kind/cluster.yaml). Safe to re-run: every step is
# `helm upgrade --install` against a pinned chart version.
#
# In order: Calico (NetworkPolicy enforcement, WARD-NET-*), Gatekeeper and the compliance-kit
# ConstraintTemplates (WARD-POL-*), Istio base/CNI/istiod/ingress gateway (WARD-ENC-003), Falco
# for syscalls and for API audit events (WARD-MON-001), MinIO + Velero with an encrypted Kopia
# repository and an admissible restore helper (WARD-BCK-001/002/003), OpenBao with Transit and Kubernetes auth (WARD-ENC-001), Keycloak
# with realm `ward` (WARD-IAM-001), and the labelled PHI namespace `ward`.
#
#   k8s/addons/install.sh              everything above
#   k8s/addons/install.sh vault-role   after `helm install` of the Ward chart: load its Vault role
#
# Nothing here has been run: the machines it was written on have no container engine, so kind
# cannot start there. It is shellcheck-clean and its YAML is checked offline (make test-k8s).
# Credentials (MinIO, Velero's repository password, OpenBao's dev root token, the Keycloak admin)
# are generated here, once per cluster, and live only in that cluster's Secrets.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# The namespace the Ward chart is installed into (e2e/kind/run-kind-tier.sh uses ward).
WARD_NAMESPACE="${WARD_NAMESPACE:-ward}"
WARD_RELEASE="${WARD_RELEASE:-ward}"
# shellcheck source=k8s/addons/versions.env
source "$here/versions.env"

for tool in helm kubectl bao; do
  command -v "$tool" >/dev/null || { echo "install.sh: $tool not found on PATH" >&2; exit 1; }
done

log() { printf '\n==> %s\n' "$*"; }

random_secret() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n'; }

namespace() {
  kubectl create namespace "$1" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
}

# Creates a generic Secret once; an existing one is left alone, so re-running never rotates a
# credential underneath a running add-on.
secret_once() {
  local ns=$1 name=$2
  shift 2
  kubectl -n "$ns" get secret "$name" >/dev/null 2>&1 || kubectl -n "$ns" create secret generic "$name" "$@" >/dev/null
}

secret_value() {
  kubectl -n "$1" get secret "$2" -o "jsonpath={.data.$3}" | base64 -d
}

# Runs a command with BAO_ADDR/BAO_TOKEN pointing at OpenBao through a port-forward.
with_openbao() {
  local port=18200 pf status=0
  kubectl -n openbao port-forward svc/openbao "$port:8200" </dev/null >/dev/null 2>&1 &
  pf=$!
  for _ in $(seq 1 30); do
    if BAO_ADDR="http://127.0.0.1:$port" bao status >/dev/null 2>&1; then break; fi
    sleep 1
  done
  BAO_ADDR="http://127.0.0.1:$port" BAO_TOKEN="$(secret_value openbao openbao-dev-root token)" "$@" || status=$?
  kill "$pf" 2>/dev/null || true
  wait "$pf" 2>/dev/null || true
  return "$status"
}

# Loads the Vault policy and Kubernetes-auth role that the Ward chart renders into its
# <fullname>-vault-bootstrap ConfigMap (bound to the release's ServiceAccount and namespace).
load_vault_role() {
  local cm="$WARD_RELEASE-vault-bootstrap" role_path
  if ! kubectl -n "$WARD_NAMESPACE" get configmap "$cm" >/dev/null 2>&1; then
    echo "Vault role: ConfigMap $WARD_NAMESPACE/$cm not found; install the Ward chart, then run: $0 vault-role"
    return 0
  fi
  role_path=$(kubectl -n "$WARD_NAMESPACE" get configmap "$cm" -o 'jsonpath={.metadata.annotations.ward\.health/vault-role}')
  kubectl -n "$WARD_NAMESPACE" get configmap "$cm" -o 'jsonpath={.data.ward-patient-api\.hcl}' \
    | with_openbao bao policy write ward-patient-api - >/dev/null
  kubectl -n "$WARD_NAMESPACE" get configmap "$cm" -o 'jsonpath={.data.kubernetes-role\.json}' \
    | with_openbao bao write "$role_path" - >/dev/null
  echo "Vault role $role_path loaded from $WARD_NAMESPACE/$cm"
}

if [[ "${1:-}" == vault-role ]]; then
  command -v bao >/dev/null || { echo "install.sh: bao not found on PATH (make tools)" >&2; exit 1; }
  load_vault_role
  exit 0
fi

helm_repo() {
  # --force-update makes re-adding an existing repository name a no-op instead of an error.
  helm repo add --force-update "$1" "$2" >/dev/null
}

log "Helm repositories"
helm_repo projectcalico https://docs.tigera.io/calico/charts
helm_repo gatekeeper https://open-policy-agent.github.io/gatekeeper/charts
helm_repo istio https://istio-release.storage.googleapis.com/charts
helm_repo falcosecurity https://falcosecurity.github.io/charts
helm_repo vmware-tanzu https://vmware-tanzu.github.io/helm-charts
helm_repo minio https://charts.min.io
helm_repo openbao https://openbao.github.io/openbao-helm
helm repo update projectcalico gatekeeper istio falcosecurity vmware-tanzu minio openbao >/dev/null

log "Calico $CALICO_VERSION"
# The pod CIDR must match networking.podSubnet in k8s/kind/cluster.yaml.
helm upgrade --install calico projectcalico/tigera-operator \
  --version "$CALICO_VERSION" \
  --namespace tigera-operator --create-namespace \
  --set 'installation.calicoNetwork.ipPools[0].cidr=192.168.0.0/16' \
  --set 'installation.calicoNetwork.ipPools[0].encapsulation=VXLANCrossSubnet' \
  --wait --timeout 10m
# Nodes turn Ready only once the CNI runs; nothing else can schedule before that.
kubectl wait --for=condition=Ready nodes --all --timeout=10m

log "Gatekeeper $GATEKEEPER_VERSION"
# Fail closed: the chart's default failurePolicy Ignore admits everything while the webhook is
# unreachable, which would let an unpinned or privileged pod into the PHI namespace during a
# Gatekeeper outage. With Fail, admission stops instead (Gatekeeper's own namespace stays exempt),
# so keep Gatekeeper's replicas and PodDisruptionBudget healthy.
helm upgrade --install gatekeeper gatekeeper/gatekeeper \
  --version "$GATEKEEPER_VERSION" \
  --namespace gatekeeper-system --create-namespace \
  --set validatingWebhookFailurePolicy=Fail \
  --wait --timeout 10m

log "Ward ConstraintTemplates (compliance-kit/policies/library)"
# The Ward chart's Constraints are instances of these kinds; each template's CRD must exist
# before the chart is installed.
for template in "$repo"/compliance-kit/policies/library/*/template.yaml; do
  kubectl apply -f "$template" >/dev/null
  name=$(kubectl apply -f "$template" --dry-run=client -o 'jsonpath={.metadata.name}')
  kubectl wait --for=jsonpath='{.status.created}'=true "constrainttemplate/$name" --timeout=2m >/dev/null
  echo "ConstraintTemplate $name ready"
done

log "Istio $ISTIO_VERSION"
helm upgrade --install istio-base istio/base \
  --version "$ISTIO_VERSION" \
  --namespace istio-system --create-namespace \
  --set defaultRevision=default \
  --wait --timeout 10m
# Istio's CNI plugin sets up each pod's traffic redirection instead of the istio-init container,
# which needs NET_ADMIN and NET_RAW: with it, PHI pods keep drop ALL (WARD-POL-004) and pass the
# restricted Pod Security level. Chained after Calico.
helm upgrade --install istio-cni istio/cni \
  --version "$ISTIO_VERSION" \
  --namespace istio-system \
  --wait --timeout 10m
# The sidecar image is injected into every PHI pod after the Ward chart's manifests were checked,
# so it must be pinned by digest too, or WardImageDigest (WARD-POL-007) denies every injected pod.
# Set ISTIO_PROXY_DIGEST in versions.env for a reviewed pin; otherwise it is resolved here from
# the registry (trust on first use: acceptable for a throwaway kind cluster only).
proxy_image="docker.io/istio/proxyv2:$ISTIO_VERSION"
if [[ -z "${ISTIO_PROXY_DIGEST:-}" ]]; then
  command -v docker >/dev/null || { echo "install.sh: set ISTIO_PROXY_DIGEST or install docker" >&2; exit 1; }
  docker pull -q "$proxy_image" >/dev/null
  ISTIO_PROXY_DIGEST=$(docker image inspect --format '{{index .RepoDigests 0}}' "$proxy_image" | sed 's/.*@//')
fi
helm upgrade --install istiod istio/istiod \
  --version "$ISTIO_VERSION" \
  --namespace istio-system \
  --set pilot.cni.enabled=true \
  --set "global.proxy.image=$proxy_image@$ISTIO_PROXY_DIGEST" \
  --wait --timeout 10m
# The gateway chart labels its pods istio=<release name without "istio-">, so this release name
# yields istio=ingressgateway, the peer the Ward chart's NetworkPolicy admits by default.
# ClusterIP because kind has no load balancer (a LoadBalancer Service would block --wait);
# reach it with kubectl port-forward.
helm upgrade --install istio-ingressgateway istio/gateway \
  --version "$ISTIO_VERSION" \
  --namespace istio-system \
  --set service.type=ClusterIP \
  --wait --timeout 10m

log "Falco $FALCO_CHART_VERSION (syscalls and Kubernetes audit events)"
# Ward's rules ride on the Falco chart's customRules (helm/ward/falco/). The k8saudit release
# receives the API server's audit webhook (k8s/kind/audit-webhook.yaml) on NodePort 30765.
helm upgrade --install falco falcosecurity/falco \
  --version "$FALCO_CHART_VERSION" \
  --namespace falco --create-namespace \
  -f "$repo/helm/ward/falco/ward-rules-values.yaml" \
  --wait --timeout 10m
helm upgrade --install falco-k8saudit falcosecurity/falco \
  --version "$FALCO_CHART_VERSION" \
  --namespace falco \
  -f "$repo/helm/ward/falco/ward-k8saudit-values.yaml" \
  --wait --timeout 10m

log "MinIO $MINIO_CHART_VERSION (backup target) and Velero $VELERO_CHART_VERSION"
namespace minio
namespace velero
secret_once minio minio-root --from-literal=rootUser=ward-minio --from-literal=rootPassword="$(random_secret)"
helm upgrade --install minio minio/minio \
  --version "$MINIO_CHART_VERSION" \
  --namespace minio \
  --set mode=standalone \
  --set replicas=1 \
  --set existingSecret=minio-root \
  --set persistence.size=10Gi \
  --set resources.requests.memory=512Mi \
  --set 'buckets[0].name=velero' \
  --set 'buckets[0].policy=none' \
  --set 'buckets[0].purge=false' \
  --wait --timeout 10m
# Velero logs in to MinIO with the root pair here; on a real cluster give it its own MinIO user
# limited to the bucket.
if ! kubectl -n velero get secret velero-minio >/dev/null 2>&1; then
  creds=$(mktemp)
  trap 'rm -f "$creds"' EXIT
  printf '[default]\naws_access_key_id=%s\naws_secret_access_key=%s\n' \
    "$(secret_value minio minio-root rootUser)" "$(secret_value minio minio-root rootPassword)" >"$creds"
  kubectl -n velero create secret generic velero-minio --from-file=cloud="$creds" >/dev/null
  rm -f "$creds"
  trap - EXIT
fi
# WARD-BCK-002: Velero encrypts its Kopia repository with the password in this Secret. Created
# before Velero, because Velero otherwise creates it itself with a well-known static password.
secret_once velero velero-repo-credentials --from-literal=repository-password="$(random_secret)"
helm upgrade --install velero vmware-tanzu/velero \
  --version "$VELERO_CHART_VERSION" \
  --namespace velero \
  --set "initContainers[0].name=velero-plugin-for-aws" \
  --set "initContainers[0].image=velero/velero-plugin-for-aws:$VELERO_AWS_PLUGIN_VERSION" \
  --set "initContainers[0].volumeMounts[0].mountPath=/target" \
  --set "initContainers[0].volumeMounts[0].name=plugins" \
  --set credentials.useSecret=true \
  --set credentials.existingSecret=velero-minio \
  --set snapshotsEnabled=false \
  --set deployNodeAgent=true \
  --set configuration.uploaderType=kopia \
  --set configuration.defaultVolumesToFsBackup=false \
  --set 'configuration.backupStorageLocation[0].name=default' \
  --set 'configuration.backupStorageLocation[0].provider=aws' \
  --set 'configuration.backupStorageLocation[0].bucket=velero' \
  --set 'configuration.backupStorageLocation[0].config.region=minio' \
  --set-string 'configuration.backupStorageLocation[0].config.s3ForcePathStyle=true' \
  --set 'configuration.backupStorageLocation[0].config.s3Url=http://minio.minio.svc.cluster.local:9000' \
  --wait --timeout 10m
# A file-system restore adds Velero's restore-helper init container to each restored pod that had
# a backed-up volume (records-db). In the PHI namespace that pod must pass Gatekeeper (image by
# digest, WARD-POL-007; read-only root, no escalation, drop ALL, WARD-POL-002..004) and Pod Security
# "restricted", which Velero's default helper (image by tag, no securityContext) does not: without
# this ConfigMap every restore of namespace ward is denied at admission. The helper is the Velero
# server's own image; runAsUser and seccomp come from the pod's securityContext.
velero_image=$(kubectl -n velero get deployment velero -o 'jsonpath={.spec.template.spec.containers[0].image}')
velero_image="${velero_image%@*}"
if [[ -z "${VELERO_IMAGE_DIGEST:-}" ]]; then
  command -v docker >/dev/null || { echo "install.sh: set VELERO_IMAGE_DIGEST or install docker" >&2; exit 1; }
  docker pull -q "$velero_image" >/dev/null
  VELERO_IMAGE_DIGEST=$(docker image inspect --format '{{index .RepoDigests 0}}' "$velero_image" | sed 's/.*@//')
fi
kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: fs-restore-action-config
  namespace: velero
  labels:
    velero.io/plugin-config: ""
    velero.io/pod-volume-restore: RestoreItemAction
data:
  image: "$velero_image@$VELERO_IMAGE_DIGEST"
  cpuRequest: 50m
  memRequest: 64Mi
  cpuLimit: 200m
  memLimit: 128Mi
  secCtx: |
    runAsNonRoot: true
    allowPrivilegeEscalation: false
    readOnlyRootFilesystem: true
    capabilities:
      drop: [ALL]
EOF
echo "Velero restore helper: $velero_image@$VELERO_IMAGE_DIGEST"

log "OpenBao $OPENBAO_CHART_VERSION (Transit, Kubernetes auth)"
# Dev mode (in-memory storage, unsealed, root token from a generated Secret): kind only. A real
# cluster runs OpenBao/Vault with persistent storage, auto-unseal and no root token at rest.
namespace openbao
secret_once openbao openbao-dev-root --from-literal=token="$(random_secret)"
helm upgrade --install openbao openbao/openbao \
  --version "$OPENBAO_CHART_VERSION" \
  --namespace openbao \
  --set server.dev.enabled=true \
  --set-string "server.dev.devRootToken=$(secret_value openbao openbao-dev-root token)" \
  --set server.authDelegator.enabled=true \
  --set injector.enabled=false \
  --wait --timeout 10m
kubectl -n openbao wait --for=condition=Ready pod -l app.kubernetes.io/name=openbao --timeout=5m >/dev/null
# Transit engine, Ward's keys and the patient-api policy (the lead-owned bootstrap script).
with_openbao "$repo/k8s/vault/bootstrap.sh"
# Kubernetes auth: OpenBao checks patient-api's projected token with the TokenReview API, as its
# own ServiceAccount (system:auth-delegator, granted by server.authDelegator.enabled).
enable_kubernetes_auth() {
  if ! bao auth list -format=json | grep -q '"kubernetes/"'; then
    bao auth enable kubernetes >/dev/null
  fi
  bao write auth/kubernetes/config kubernetes_host=https://kubernetes.default.svc >/dev/null
}
with_openbao enable_kubernetes_auth
load_vault_role

log "Keycloak $KEYCLOAK_VERSION (realm ward, no users)"
namespace keycloak
secret_once keycloak keycloak-admin --from-literal=username=ward-admin --from-literal=password="$(random_secret)"
kubectl -n keycloak create configmap keycloak-realm \
  --from-file=ward-realm.json="$repo/helm/ward/files/keycloak/ward-realm.json" \
  --dry-run=client -o yaml | kubectl apply -f - >/dev/null
sed "s/\${KEYCLOAK_VERSION}/$KEYCLOAK_VERSION/" "$here/keycloak.yaml" | kubectl apply -f - >/dev/null
kubectl -n keycloak rollout status deployment/keycloak --timeout=10m

log "PHI namespace $WARD_NAMESPACE"
# The labels the Ward chart expects of its namespace (WARD-POL-009, WARD-POL-010) and Pod
# Security Admission "restricted" as a second line behind Gatekeeper.
namespace "$WARD_NAMESPACE"
kubectl label namespace "$WARD_NAMESPACE" --overwrite \
  istio-injection=enabled \
  ward.health/data-classification=phi \
  pod-security.kubernetes.io/enforce=restricted \
  pod-security.kubernetes.io/enforce-version=latest >/dev/null

log "Add-ons installed"
