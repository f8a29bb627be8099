#!/usr/bin/env bash
# Fault behaviour of k8s/local/control-plane.sh (make test-control-plane-faults, in make test):
#   1. a component that never becomes ready fails `up` within its bound, naming the component and
#      showing its log tail, and leaves no process behind;
#   2. an `up` killed half-way (SIGKILL, no trap runs) leaves processes and state that the next
#      `down` (which every `up` starts with) removes: no process, no state directory.
# Uses a state directory of its own, so a control plane of `make control-plane` is not touched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=k8s/local/lib.sh
. "$root/k8s/local/lib.sh"
script="$root/k8s/local/control-plane.sh"
mkdir -p "$root/.run"
work="$(mktemp -d "$root/.run/control-plane-faults.XXXXXX")"
export WARD_CONTROL_PLANE_DIR="$work/state"
trap '"$script" down >/dev/null 2>&1 || true; rm -rf "$work" "$work/state.failed"' EXIT

fail() { echo "control-plane faults: FAILED: $*" >&2; exit 1; }
left_over() { pgrep -f -- "$WARD_CONTROL_PLANE_DIR/" || true; }

# 1. An API server that exits at once: the real binaries, except kube-apiserver.
kube_bin="$root/.tools/kubernetes-$(sed -n 's/^KUBE_VERSION *:= *//p' "$root/tools/versions.mk")/bin"
failing_component "$kube_bin" "$work/bin" kube-apiserver
started=$SECONDS
if out="$(WARD_KUBE_BIN="$work/bin" WARD_CONTROL_PLANE_TIMEOUT=20 "$script" up 2>&1)"; then
  fail "up succeeded with a kube-apiserver that exits"
fi
((SECONDS - started < 120)) || fail "up took $((SECONDS - started)) s to fail"
grep -q 'kube-apiserver exited before it was ready' <<<"$out" || fail "the failure does not name kube-apiserver: $out"
grep -q 'this kube-apiserver refuses to start' <<<"$out" || fail "the failure does not show the log tail: $out"
[[ -z "$(left_over)" ]] || fail "processes left after a failed up: $(left_over)"
[[ ! -e "$WARD_CONTROL_PLANE_DIR" ]] || fail "state left after a failed up: $WARD_CONTROL_PLANE_DIR"
echo "control-plane faults: a kube-apiserver that exits fails up in $((SECONDS - started)) s, named, with its log; nothing left"

# 2. Kill -9 an `up` once etcd runs; the next `down` removes the orphaned etcd and the state.
"$script" up >"$work/up.log" 2>&1 &
up_pid=$!
for _ in $(seq 1 120); do
  [[ -s "$WARD_CONTROL_PLANE_DIR/pids/etcd.pid" ]] && grep -q 'etcd ready' "$work/up.log" && break
  sleep 0.5
done
grep -q 'etcd ready' "$work/up.log" || fail "etcd did not start: $(cat "$work/up.log")"
kill -KILL "$up_pid"; wait "$up_pid" 2>/dev/null || true
[[ -n "$(left_over)" ]] || fail "the killed up left nothing running (the test did not test anything)"
"$script" down
[[ -z "$(left_over)" ]] || fail "processes left after down: $(left_over)"
[[ ! -e "$WARD_CONTROL_PLANE_DIR" ]] || fail "state left after down"
echo "control-plane faults: an up killed with SIGKILL left etcd running; down removed it and the state"
