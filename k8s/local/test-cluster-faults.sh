#!/usr/bin/env bash
# Fault behaviour and teardown of k8s/local/cluster.sh (make test-cluster-faults, in make test):
#   1. a node component that fails to start (a kubelet that exits) fails `up`, naming it with its
#      log tail, and the failed `up` leaves nothing on the host (cluster.sh check-clean);
#   2. an `up` killed with SIGKILL once the node runs leaves processes, mounts, cgroups and the
#      network namespace; the next `up` removes them and brings a working node up; `down` then
#      leaves no process, mount, namespace, interface, cgroup, directory or changed sysctl.
# Uses a state directory of its own, so a cluster of `make cluster` is not touched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=k8s/local/lib.sh
. "$root/k8s/local/lib.sh"
script="$root/k8s/local/cluster.sh"
mkdir -p "$root/.run"
work="$(mktemp -d "$root/.run/cluster-faults.XXXXXX")"
export WARD_CLUSTER_DIR="$work/state"
trap '"$script" down >/dev/null 2>&1 || true; rm -rf "$work" "$work/state.failed" "$work/state.baseline"' EXIT

fail() { echo "cluster faults: FAILED: $*" >&2; exit 1; }
running() { pgrep -f -- "$WARD_CLUSTER_DIR/" || true; }

# 1. A kubelet that exits at once: the real binaries, except the kubelet.
kube_bin="$root/.tools/kubernetes-$(sed -n 's/^KUBE_VERSION *:= *//p' "$root/tools/versions.mk")/bin"
failing_component "$kube_bin" "$work/bin" kubelet
started=$SECONDS
if out="$(WARD_KUBE_BIN="$work/bin" WARD_CLUSTER_TIMEOUT=30 "$script" up 2>&1)"; then
  fail "up succeeded with a kubelet that exits"
fi
grep -q 'kubelet exited' <<<"$out" || fail "the failure does not name the kubelet: $out"
grep -q 'this kubelet refuses to start' <<<"$out" || fail "the failure does not show the kubelet's log tail: $out"
"$script" check-clean || fail "a failed up left the above on the host"
echo "cluster faults: a kubelet that exits fails up in $((SECONDS - started)) s, named, with its log; nothing left"

# 2. SIGKILL an `up` once the node is Ready; the next `up` recovers; `down` leaves nothing.
"$script" up >"$work/up.log" 2>&1 &
up_pid=$!
for _ in $(seq 1 360); do
  grep -q 'node ward-node Ready' "$work/up.log" && break
  kill -0 "$up_pid" 2>/dev/null || break
  sleep 0.5
done
grep -q 'node ward-node Ready' "$work/up.log" || fail "the node did not become Ready: $(tail -20 "$work/up.log")"
kill -KILL "$up_pid"; wait "$up_pid" 2>/dev/null || true
[[ -n "$(running)" ]] || fail "the killed up left nothing running (the test did not test anything)"
started=$SECONDS
"$script" up >"$work/up2.log" 2>&1 || fail "up after a killed up failed: $(tail -20 "$work/up2.log")"
KUBECONFIG="$WARD_CLUSTER_DIR/admin.kubeconfig" "$kube_bin/kubectl" get node ward-node \
  -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' | grep -x True >/dev/null \
  || fail "after recovering, node ward-node is not Ready"
echo "cluster faults: an up killed with SIGKILL was cleaned by the next up, which brought a Ready node up in $((SECONDS - started)) s"
"$script" down
"$script" check-clean || fail "down left the above on the host"
echo "cluster faults: down left no process, mount, namespace, interface, cgroup, directory or changed sysctl"
