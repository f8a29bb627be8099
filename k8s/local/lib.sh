# shellcheck shell=bash disable=SC2154
# Shared by k8s/local/control-plane.sh and k8s/local/cluster.sh (sourced, never run): process
# bookkeeping and the per-run PKI. The sourcing script sets `root`, `dir` (its state directory),
# `pki` (where the CA and certificates live), `log_name` and `ready_timeout`.

version_of() { sed -n "s/^$1 *:= *//p" "$root/tools/versions.mk"; }
log() { printf '%s: %s\n' "$log_name" "$*" >&2; }
die() { log "$*"; exit 1; }

# Only a process whose command line names this state directory is ours: a pid file left by a killed
# run may by now name an unrelated process.
ours() {
  local cmdline
  cmdline="$({ tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$dir/"* ]]
}

# Stops the component whose pid file is $dir/pids/$1.pid: SIGTERM, SIGKILL after 10 s.
stop() {
  local name="$1" pidfile="$dir/pids/$1.pid" pid waited=0
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    while ours "$pid" && ((waited < 100)); do sleep 0.1; waited=$((waited + 1)); done
    if ours "$pid"; then log "$name (pid $pid) ignored SIGTERM for 10 s: killed"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$pidfile"
}

# A component of ours whose pid file is gone (a run killed while starting) goes too: a process
# running a binary from $1 (a directory) with this state directory on its command line.
stop_strays() {
  local pid exe
  for pid in $(pgrep -f -- "$dir/" || true); do
    exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || continue
    if [[ "$exe" == "$1"* ]]; then
      log "stopping $(basename "$exe") (pid $pid) left from an earlier run"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

# The directory of a module in the Go module cache, downloaded (and checked against go.sum's
# database) if needed.
go_module_dir() { go mod download -json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])'; }

free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# A component started in its own session, output to its log, pid recorded for `stop`.
start() {
  local name="$1"; shift
  setsid "$@" >"$dir/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/$name.pid"
}

# Fails with the component's name and log tail: $1 name, $2 what went wrong.
fail_with_log() {
  die "$1 $2; last lines of $dir/logs/$1.log:
$(tail -n 20 "$dir/logs/$1.log" 2>/dev/null)"
}

# Waits (bounded) until $url answers 200 with the admin client certificate; on timeout names the
# component and shows its log tail. Progress every 15 s.
await() {
  local name="$1" url="$2" started=$SECONDS next=15 pid
  pid="$(cat "$dir/pids/$name.pid")"
  until curl -fsS --max-time 2 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "$url" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || fail_with_log "$name" "exited before it was ready"
    ((SECONDS - started < ready_timeout)) || fail_with_log "$name" "was not ready at $url within ${ready_timeout} s"
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
  openssl req -new -newkey rsa:2048 -nodes -keyout "$pki/$name.key" -subj "$subject" -out "$pki/$name.csr" 2>/dev/null
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/$ca.crt" -CAkey "$pki/$ca.key" -CAcreateserial \
    -days 2 -sha256 -extfile "$ext" -out "$pki/$name.crt" 2>/dev/null
  rm -f "$ext" "$pki/$name.csr"
  chmod 600 "$pki/$name.key"
}

new_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$pki/$1.key" -out "$pki/$1.crt" 2>/dev/null
}

# kubeconfig FILE USER CERT SERVER: a kubeconfig in $dir for the client certificate $pki/CERT.crt.
kubeconfig() {
  KUBECONFIG="$dir/$1" "$kube_bin/kubectl" config set-cluster ward-local --server="$4" \
    --certificate-authority="$pki/ca.crt" --embed-certs >/dev/null
  KUBECONFIG="$dir/$1" "$kube_bin/kubectl" config set-credentials "$2" \
    --client-certificate="$pki/$3.crt" --client-key="$pki/$3.key" --embed-certs >/dev/null
  KUBECONFIG="$dir/$1" "$kube_bin/kubectl" config set-context ward-local --cluster=ward-local --user="$2" >/dev/null
  KUBECONFIG="$dir/$1" "$kube_bin/kubectl" config use-context ward-local >/dev/null
}

# For the fault tests: the directory $2 made like the binary directory $1 (symlinks), except that
# its $3 prints "ward fault test: this $3 refuses to start" and exits 3.
failing_component() {
  local b
  mkdir -p "$2"
  for b in "$1"/*; do ln -s "$b" "$2/"; done
  rm "$2/$3"
  printf '#!/bin/sh\necho "ward fault test: this %s refuses to start" >&2\nexit 3\n' "$3" >"$2/$3"
  chmod +x "$2/$3"
}
