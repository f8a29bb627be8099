#!/usr/bin/env bash
# A real Kubernetes control plane on this machine, for Ward's cluster tier (`make control-plane`,
# and the e2e control-plane tests, which call it): etcd, kube-apiserver, kube-controller-manager and
# kube-scheduler built from the Go module proxy (tools/go/, `make control-plane-tools`), every server
# on 127.0.0.1 on free ports, certificates generated per run.
#
# The API server reads the SAME files as the kind cluster (k8s/kind/cluster.yaml): the audit policy
# k8s/kind/audit-policy.yaml as it is, and an EncryptionConfiguration written by
# k8s/kind/make-encryption-config.sh from k8s/kind/encryption-config.yaml with a fresh key. What kind's
# config has and this one has not: the audit webhook to Falco (no Falco runs here).
#
#   k8s/local/control-plane.sh up     # stops a previous one (even of a killed run), starts, waits until ready
#   k8s/local/control-plane.sh down   # stops every process it started and removes its state
#   k8s/local/control-plane.sh env    # prints the env file of the running control plane
#
# State lives in $WARD_CONTROL_PLANE_DIR (default .run/control-plane): pids, logs, PKI, etcd data, the
# audit log, admin.kubeconfig and `env` (KUBECONFIG, ports and paths for tests). Nothing is installed
# outside it and nothing on the host is changed: no root needed, no sysctl, iptables or mount.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${WARD_CONTROL_PLANE_DIR:-$root/.run/control-plane}"
pki="$dir/pki"
log_name=control-plane
# shellcheck source=k8s/local/lib.sh
. "$root/k8s/local/lib.sh"
# The API server's address: 127.0.0.1, or the node's address inside the network namespace of the
# cluster tier (k8s/local/cluster.sh runs this script in it). The other servers stay on 127.0.0.1.
api_address="${WARD_APISERVER_ADDRESS:-127.0.0.1}"
kube_bin="${WARD_KUBE_BIN:-$root/.tools/kubernetes-$(version_of KUBE_VERSION)/bin}"
etcd_bin="${WARD_ETCD_BIN:-$root/.tools/etcd-$(version_of ETCD_VERSION)/bin}"
gatekeeper_version="v$(sed -n 's/^GATEKEEPER_VERSION=//p' "$root/k8s/addons/versions.env")"
gatekeeper_bin="${WARD_GATEKEEPER_BIN:-$root/.tools/gatekeeper-$gatekeeper_version/bin}"
ready_timeout="${WARD_CONTROL_PLANE_TIMEOUT:-90}"

# ------------------------------------------------------------------------------------------ stop
down() {
  local name
  # Reverse start order: the API server's clients first, etcd last, so each can shut down cleanly.
  for name in gatekeeper kube-scheduler kube-controller-manager kube-apiserver etcd; do stop "$name"; done
  stop_strays "$root/.tools/"
  rm -rf "$dir"
}

# ------------------------------------------------------------------------------------- gatekeeper
# Gatekeeper as its upstream manifest installs it (deploy/gatekeeper.yaml of the pinned module: CRDs,
# namespace, ServiceAccount and RBAC), run as a process instead of a Deployment: its client
# certificate names the ServiceAccount gatekeeper-system/gatekeeper-admin, so RBAC grants it exactly
# the upstream ClusterRole, and its webhook serves on 127.0.0.1 with a certificate of this run's CA.
# The ValidatingWebhookConfiguration is upstream's with the Service replaced by that URL and
# failurePolicy Fail (the add-on install on kind sets the same): if Gatekeeper is down, nothing is
# admitted.
gatekeeper_up() {
  local manifest gk_port gk_health
  manifest="$(go_module_dir "github.com/open-policy-agent/gatekeeper/v3@$gatekeeper_version")/deploy/gatekeeper.yaml"
  [[ -f "$manifest" ]] || die "Gatekeeper's manifest is missing from the module cache: $manifest"
  read -r gk_port gk_health <<<"$(free_ports 2)"
  mkdir -p "$dir/gatekeeper/certs"
  issue ca gatekeeper-client "/O=system:serviceaccounts/O=system:serviceaccounts:gatekeeper-system/CN=system:serviceaccount:gatekeeper-system:gatekeeper-admin" clientAuth
  issue ca gatekeeper-webhook "/CN=gatekeeper-webhook" serverAuth "IP:127.0.0.1"
  cp "$dir/pki/gatekeeper-webhook.crt" "$dir/gatekeeper/certs/tls.crt"
  cp "$dir/pki/gatekeeper-webhook.key" "$dir/gatekeeper/certs/tls.key"
  kubeconfig gatekeeper.kubeconfig gatekeeper-admin gatekeeper-client "$api_url"

  python3 "$root/k8s/local/gatekeeper-manifest.py" install "$manifest" | kubectl apply --server-side -f - >/dev/null
  kubectl wait --for condition=Established --timeout=60s crd/constrainttemplates.templates.gatekeeper.sh >/dev/null
  # Gatekeeper writes its per-pod status objects (what `status.byPod` of a Constraint is made of)
  # owned by its own Pod; with no Pod object the garbage collector deletes them as orphans. This Pod
  # object stands for the process: it names no node any node has, so it is never scheduled or run.
  kubectl apply --server-side -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: gatekeeper-process
  namespace: gatekeeper-system
  labels: {app.kubernetes.io/name: gatekeeper, ward.health/runs-as: local-process}
spec:
  nodeSelector: {ward.health/gatekeeper-runs-as-a-local-process: "true"}
  # The identity the process has (and an account that exists now: the namespace's default one is
  # made by the controller-manager a moment later, and admission refuses a Pod naming a missing one).
  serviceAccountName: gatekeeper-admin
  automountServiceAccountToken: false
  securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: manager
      image: gatekeeper-runs-as-a-local-process
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
EOF

  POD_NAMESPACE=gatekeeper-system POD_NAME=gatekeeper-process NAMESPACE=gatekeeper-system CONTAINER_NAME=manager \
    start gatekeeper "$gatekeeper_bin/gatekeeper" --kubeconfig "$dir/gatekeeper.kubeconfig" \
    --operation=webhook --operation=audit --operation=status --operation=generate --shutdown-delay=0 \
    --host 127.0.0.1 --port "$gk_port" --cert-dir "$dir/gatekeeper/certs" --disable-cert-rotation \
    --health-addr "127.0.0.1:$gk_health" --metrics-addr 0 --exempt-namespace=gatekeeper-system \
    '--disable-opa-builtin={http.send}' --logtostderr
  await gatekeeper "http://127.0.0.1:$gk_health/readyz"
  python3 "$root/k8s/local/gatekeeper-manifest.py" webhook "$manifest" "https://127.0.0.1:$gk_port" "$dir/pki/ca.crt" \
    | kubectl apply --server-side -f - >/dev/null
}

kubectl() { KUBECONFIG="$dir/admin.kubeconfig" "$kube_bin/kubectl" "$@"; }

# The directory of a module in the Go module cache, downloaded (and checked against go.sum's
# database) if needed.
up() {
  local missing=()
  for b in "$etcd_bin/etcd" "$kube_bin/kube-apiserver" "$kube_bin/kube-controller-manager" "$kube_bin/kube-scheduler" "$kube_bin/kubectl" \
    "$gatekeeper_bin/gatekeeper"; do
    [[ -x "$b" ]] || missing+=("$b")
  done
  ((${#missing[@]} == 0)) || die "not built: ${missing[*]} (run 'make control-plane-tools')"
  command -v openssl >/dev/null || die "openssl is needed to make the per-run certificates"

  down
  # A start that fails half-way stops what it started; the logs are kept for the reader.
  trap 'log "up failed: stopping what it started (logs kept in $dir.failed/logs)"; rm -rf "$dir.failed"; mkdir -p "$dir.failed"; cp -r "$dir/logs" "$dir.failed/" 2>/dev/null || true; down' EXIT
  mkdir -p "$dir"/{pids,logs,pki,audit,etcd}
  chmod 700 "$dir"
  local started=$SECONDS
  read -r etcd_port etcd_peer_port apiserver_port kcm_port scheduler_port <<<"$(free_ports 5)"
  api_url="https://$api_address:$apiserver_port"

  # PKI: one CA for the API server and its clients, one for etcd (as kubeadm does), so a client
  # certificate of the cluster cannot read etcd.
  new_ca ca ward-local-ca
  new_ca etcd-ca ward-local-etcd-ca
  issue ca apiserver "/CN=kube-apiserver" serverAuth \
    "IP:127.0.0.1,IP:$api_address,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1"
  issue ca admin "/O=system:masters/CN=ward-admin" clientAuth
  # The API server's own identity towards kubelets (exec, logs, port-forward): RBAC grants it
  # system:kubelet-api-admin (k8s/local/cluster.sh binds it), nothing else.
  issue ca apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client" clientAuth
  issue ca controller-manager "/CN=system:kube-controller-manager" clientAuth
  issue ca scheduler "/CN=system:kube-scheduler" clientAuth
  issue ca controller-manager-serving "/CN=kube-controller-manager" serverAuth "IP:127.0.0.1"
  issue ca scheduler-serving "/CN=kube-scheduler" serverAuth "IP:127.0.0.1"
  issue etcd-ca etcd-server "/CN=etcd" serverAuth "IP:127.0.0.1,DNS:localhost"
  issue etcd-ca apiserver-etcd-client "/CN=kube-apiserver-etcd-client" clientAuth
  issue etcd-ca etcdctl "/CN=ward-etcdctl" clientAuth
  openssl genrsa -out "$dir/pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/pki/sa.key" -pubout -out "$dir/pki/sa.pub" 2>/dev/null

  "$root/k8s/kind/make-encryption-config.sh" "$dir/encryption-config.yaml" >/dev/null

  start etcd "$etcd_bin/etcd" --name ward-local --data-dir "$dir/etcd" \
    --listen-client-urls "https://127.0.0.1:$etcd_port" --advertise-client-urls "https://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "ward-local=http://127.0.0.1:$etcd_peer_port" \
    --cert-file "$dir/pki/etcd-server.crt" --key-file "$dir/pki/etcd-server.key" \
    --trusted-ca-file "$dir/pki/etcd-ca.crt" --client-cert-auth
  local etcdctl=("$etcd_bin/etcdctl" --endpoints "https://127.0.0.1:$etcd_port" --cacert "$dir/pki/etcd-ca.crt"
    --cert "$dir/pki/etcdctl.crt" --key "$dir/pki/etcdctl.key")
  local waited=$SECONDS
  until "${etcdctl[@]}" --command-timeout=2s endpoint health >/dev/null 2>&1; do
    kill -0 "$(cat "$dir/pids/etcd.pid")" 2>/dev/null || fail_with_log etcd "exited"
    ((SECONDS - waited < ready_timeout)) || fail_with_log etcd "was not healthy within ${ready_timeout} s"
    sleep 0.5
  done
  log "etcd ready after $((SECONDS - waited)) s"

  start kube-apiserver "$kube_bin/kube-apiserver" \
    --bind-address "$api_address" --advertise-address "$api_address" --secure-port "$apiserver_port" \
    --etcd-servers "https://127.0.0.1:$etcd_port" --etcd-cafile "$dir/pki/etcd-ca.crt" \
    --etcd-certfile "$dir/pki/apiserver-etcd-client.crt" --etcd-keyfile "$dir/pki/apiserver-etcd-client.key" \
    --tls-cert-file "$dir/pki/apiserver.crt" --tls-private-key-file "$dir/pki/apiserver.key" \
    --client-ca-file "$dir/pki/ca.crt" \
    --kubelet-client-certificate "$dir/pki/apiserver-kubelet-client.crt" --kubelet-client-key "$dir/pki/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$dir/pki/ca.crt" --kubelet-preferred-address-types InternalIP \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$dir/pki/sa.pub" --service-account-signing-key-file "$dir/pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 --allow-privileged=true --profiling=false \
    --encryption-provider-config "$dir/encryption-config.yaml" \
    --audit-policy-file "$root/k8s/kind/audit-policy.yaml" --audit-log-path "$dir/audit/audit.log" \
    --audit-log-maxage 30 --audit-log-maxbackup 10 --audit-log-maxsize 100
  await kube-apiserver "$api_url/readyz"

  kubeconfig admin.kubeconfig ward-admin admin "$api_url"
  kubeconfig controller-manager.kubeconfig system:kube-controller-manager controller-manager "$api_url"
  kubeconfig scheduler.kubeconfig system:kube-scheduler scheduler "$api_url"

  start kube-controller-manager "$kube_bin/kube-controller-manager" \
    --kubeconfig "$dir/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$dir/controller-manager.kubeconfig" --authorization-kubeconfig "$dir/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$kcm_port" \
    --tls-cert-file "$dir/pki/controller-manager-serving.crt" --tls-private-key-file "$dir/pki/controller-manager-serving.key" \
    --client-ca-file "$dir/pki/ca.crt" --root-ca-file "$dir/pki/ca.crt" \
    --service-account-private-key-file "$dir/pki/sa.key" --use-service-account-credentials \
    --cluster-signing-cert-file "$dir/pki/ca.crt" --cluster-signing-key-file "$dir/pki/ca.key" \
    --leader-elect=false --profiling=false
  start kube-scheduler "$kube_bin/kube-scheduler" \
    --kubeconfig "$dir/scheduler.kubeconfig" \
    --authentication-kubeconfig "$dir/scheduler.kubeconfig" --authorization-kubeconfig "$dir/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$scheduler_port" \
    --tls-cert-file "$dir/pki/scheduler-serving.crt" --tls-private-key-file "$dir/pki/scheduler-serving.key" \
    --client-ca-file "$dir/pki/ca.crt" --leader-elect=false --profiling=false
  await kube-controller-manager "https://127.0.0.1:$kcm_port/healthz"
  await kube-scheduler "https://127.0.0.1:$scheduler_port/healthz"
  gatekeeper_up

  cat >"$dir/env" <<EOF
# Written by k8s/local/control-plane.sh up; read by the e2e control-plane tests.
KUBECONFIG=$dir/admin.kubeconfig
WARD_CONTROL_PLANE_DIR=$dir
WARD_KUBE_BIN=$kube_bin
WARD_APISERVER_URL=$api_url
WARD_CA_CERT=$dir/pki/ca.crt
WARD_CA_KEY=$dir/pki/ca.key
WARD_ETCDCTL=$etcd_bin/etcdctl
WARD_ETCD_ENDPOINT=https://127.0.0.1:$etcd_port
WARD_ETCD_CACERT=$dir/pki/etcd-ca.crt
WARD_ETCD_CERT=$dir/pki/etcdctl.crt
WARD_ETCD_KEY=$dir/pki/etcdctl.key
WARD_AUDIT_LOG=$dir/audit/audit.log
WARD_ENCRYPTION_CONFIG=$dir/encryption-config.yaml
EOF
  trap - EXIT
  log "up in $((SECONDS - started)) s: export KUBECONFIG=$dir/admin.kubeconfig"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) cat "$dir/env" ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
