#!/usr/bin/env bash
# Installs the Ward cluster add-ons, at the versions pinned in versions.env, into the cluster of
# the current kubectl context (k8s/kind/cluster.yaml). Safe to re-run: every step is
# `helm upgrade --install` against a pinned chart version.
#
# Installed so far: Calico (NetworkPolicy enforcement for WARD-NET-001/002), Gatekeeper (admission
# for the WARD-POL constraints), Istio base/istiod/ingress gateway (mTLS, and the only ingress
# the chart's NetworkPolicy admits). Falco, Velero, MinIO, OpenBao and Keycloak are pinned in
# versions.env but not installed by this script yet.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=k8s/addons/versions.env
source "$here/versions.env"

for tool in helm kubectl; do
  command -v "$tool" >/dev/null || { echo "install.sh: $tool not found on PATH" >&2; exit 1; }
done

log() { printf '\n==> %s\n' "$*"; }

helm_repo() {
  # --force-update makes re-adding an existing repository name a no-op instead of an error.
  helm repo add --force-update "$1" "$2" >/dev/null
}

log "Helm repositories"
helm_repo projectcalico https://docs.tigera.io/calico/charts
helm_repo gatekeeper https://open-policy-agent.github.io/gatekeeper/charts
helm_repo istio https://istio-release.storage.googleapis.com/charts
helm repo update projectcalico gatekeeper istio >/dev/null

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
helm upgrade --install gatekeeper gatekeeper/gatekeeper \
  --version "$GATEKEEPER_VERSION" \
  --namespace gatekeeper-system --create-namespace \
  --wait --timeout 10m

log "Istio $ISTIO_VERSION"
helm upgrade --install istio-base istio/base \
  --version "$ISTIO_VERSION" \
  --namespace istio-system --create-namespace \
  --set defaultRevision=default \
  --wait --timeout 10m
helm upgrade --install istiod istio/istiod \
  --version "$ISTIO_VERSION" \
  --namespace istio-system \
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

log "Add-ons installed"
