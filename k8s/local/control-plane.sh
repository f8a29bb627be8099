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
version_of() { sed -n "s/^$1 *:= *//p" "$root/tools/versions.mk"; }
kube_bin="${WARD_KUBE_BIN:-$root/.tools/kubernetes-$(version_of KUBE_VERSION)/bin}"
etcd_bin="${WARD_ETCD_BIN:-$root/.tools/etcd-$(version_of ETCD_VERSION)/bin}"
gatekeeper_version="v$(sed -n 's/^GATEKEEPER_VERSION=//p' "$root/k8s/addons/versions.env")"
gatekeeper_bin="${WARD_GATEKEEPER_BIN:-$root/.tools/gatekeeper-$gatekeeper_version/bin}"
ready_timeout="${WARD_CONTROL_PLANE_TIMEOUT:-90}"

log() { printf 'control-plane: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# ------------------------------------------------------------------------------------------ stop
# Only a process whose command line names this state directory is ours: a pid file left by a killed
# run may by now name an unrelated process.
ours() {
  local cmdline
  cmdline="$({ tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$dir/"* ]]
}

down() {
  local pidfile pid name waited
  # Reverse start order: the API server's clients first, etcd last, so each can shut down cleanly.
  for name in gatekeeper kube-scheduler kube-controller-manager kube-apiserver etcd; do
    pidfile="$dir/pids/$name.pid"
    [[ -f "$pidfile" ]] || continue
    pid="$(cat "$pidfile")"
    if ours "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      waited=0
      while ours "$pid" && ((waited < 100)); do sleep 0.1; waited=$((waited + 1)); done
      if ours "$pid"; then log "$name (pid $pid) ignored SIGTERM for 10 s: killed"; kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$pidfile"
  done
  # A component of ours whose pid file is gone (a run killed while starting) goes too: a process
  # running a binary from .tools/ with this directory on its command line.
  for pid in $(pgrep -f -- "$dir/" || true); do
    if [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == "$root/.tools/"* ]]; then
      log "stopping $(basename "$(readlink "/proc/$pid/exe")") (pid $pid) left from an earlier run"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
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
  kubeconfig gatekeeper.kubeconfig gatekeeper-admin gatekeeper-client

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
go_module_dir() { go mod download -json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])'; }

# ------------------------------------------------------------------------------------------ start
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# A component started in its own session, output to its log, pid recorded for `down`.
start() {
  local name="$1"; shift
  setsid "$@" >"$dir/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/$name.pid"
}

# Waits (bounded) until $url answers 200 with the admin client certificate; on timeout names the
# component and shows its log tail. Progress every 15 s.
await() {
  local name="$1" url="$2" started=$SECONDS next=15 pid
  pid="$(cat "$dir/pids/$name.pid")"
  until curl -fsS --max-time 2 --cacert "$dir/pki/ca.crt" --cert "$dir/pki/admin.crt" --key "$dir/pki/admin.key" "$url" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      die "$name exited before it was ready; last lines of $dir/logs/$name.log:
$(tail -n 20 "$dir/logs/$name.log")"
    fi
    if ((SECONDS - started >= ready_timeout)); then
      die "$name was not ready at $url within ${ready_timeout} s; last lines of $dir/logs/$name.log:
$(tail -n 20 "$dir/logs/$name.log")"
    fi
    if ((SECONDS - started >= next)); then log "waiting for $name ($((SECONDS - started)) s)"; next=$((next + 15)); fi
    sleep 0.5
  done
  log "$name ready after $((SECONDS - started)) s"
}

# Certificate signed by $ca: name, subject, extended key usage, optional subjectAltName.
issue() {
  local ca="$1" name="$2" subject="$3" usage="$4" san="${5:-}" ext
  ext="$(mktemp)"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -z "$san" ]] || echo "subjectAltName=$san"
  } >"$ext"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$dir/pki/$name.key" -subj "$subject" -out "$dir/pki/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/pki/$name.csr" -CA "$dir/pki/$ca.crt" -CAkey "$dir/pki/$ca.key" -CAcreateserial \
    -days 2 -sha256 -extfile "$ext" -out "$dir/pki/$name.crt" 2>/dev/null
  rm -f "$ext" "$dir/pki/$name.csr"
}

new_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/pki/$1.key" -out "$dir/pki/$1.crt" 2>/dev/null
}

kubeconfig() { # file user cert
  local server="https://127.0.0.1:$apiserver_port"
  KUBECONFIG="$dir/$1" "$kube_bin/kubectl" config set-cluster ward-local --server="$server" \
    --certificate-authority="$dir/pki/ca.crt" --embed-certs >/dev/null
  KUBECONFIG="$dir/$1" "$kube_bin/kubectl" config set-credentials "$2" \
    --client-certificate="$dir/pki/$3.crt" --client-key="$dir/pki/$3.key" --embed-certs >/dev/null
  KUBECONFIG="$dir/$1" "$kube_bin/kubectl" config set-context ward-local --cluster=ward-local --user="$2" >/dev/null
  KUBECONFIG="$dir/$1" "$kube_bin/kubectl" config use-context ward-local >/dev/null
}

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

  # PKI: one CA for the API server and its clients, one for etcd (as kubeadm does), so a client
  # certificate of the cluster cannot read etcd.
  new_ca ca ward-local-ca
  new_ca etcd-ca ward-local-etcd-ca
  issue ca apiserver "/CN=kube-apiserver" serverAuth \
    "IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1"
  issue ca admin "/O=system:masters/CN=ward-admin" clientAuth
  issue ca controller-manager "/CN=system:kube-controller-manager" clientAuth
  issue ca scheduler "/CN=system:kube-scheduler" clientAuth
  issue ca controller-manager-serving "/CN=kube-controller-manager" serverAuth "IP:127.0.0.1"
  issue ca scheduler-serving "/CN=kube-scheduler" serverAuth "IP:127.0.0.1"
  issue etcd-ca etcd-server "/CN=etcd" serverAuth "IP:127.0.0.1,DNS:localhost"
  issue etcd-ca apiserver-etcd-client "/CN=kube-apiserver-etcd-client" clientAuth
  issue etcd-ca etcdctl "/CN=ward-etcdctl" clientAuth
  openssl genrsa -out "$dir/pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/pki/sa.key" -pubout -out "$dir/pki/sa.pub" 2>/dev/null
  chmod 600 "$dir"/pki/*.key

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
    kill -0 "$(cat "$dir/pids/etcd.pid")" 2>/dev/null || die "etcd exited; last lines of $dir/logs/etcd.log:
$(tail -n 20 "$dir/logs/etcd.log")"
    ((SECONDS - waited < ready_timeout)) || die "etcd not healthy within ${ready_timeout} s; last lines of $dir/logs/etcd.log:
$(tail -n 20 "$dir/logs/etcd.log")"
    sleep 0.5
  done
  log "etcd ready after $((SECONDS - waited)) s"

  start kube-apiserver "$kube_bin/kube-apiserver" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$apiserver_port" \
    --etcd-servers "https://127.0.0.1:$etcd_port" --etcd-cafile "$dir/pki/etcd-ca.crt" \
    --etcd-certfile "$dir/pki/apiserver-etcd-client.crt" --etcd-keyfile "$dir/pki/apiserver-etcd-client.key" \
    --tls-cert-file "$dir/pki/apiserver.crt" --tls-private-key-file "$dir/pki/apiserver.key" \
    --client-ca-file "$dir/pki/ca.crt" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$dir/pki/sa.pub" --service-account-signing-key-file "$dir/pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 --allow-privileged=true --profiling=false \
    --encryption-provider-config "$dir/encryption-config.yaml" \
    --audit-policy-file "$root/k8s/kind/audit-policy.yaml" --audit-log-path "$dir/audit/audit.log" \
    --audit-log-maxage 30 --audit-log-maxbackup 10 --audit-log-maxsize 100
  await kube-apiserver "https://127.0.0.1:$apiserver_port/readyz"

  kubeconfig admin.kubeconfig ward-admin admin
  kubeconfig controller-manager.kubeconfig system:kube-controller-manager controller-manager
  kubeconfig scheduler.kubeconfig system:kube-scheduler scheduler

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
WARD_APISERVER_URL=https://127.0.0.1:$apiserver_port
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
