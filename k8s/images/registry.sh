#!/usr/bin/env bash
# The loopback OCI registry of `make images` (CNCF distribution, bin/registry):
#   registry.sh start STATE_DIR STORAGE_DIR   start one on 127.0.0.1 (a free port), or reuse the
#                                             one this STATE_DIR already runs; prints host:port
#   registry.sh stop STATE_DIR                stop the one STATE_DIR runs (no-op if none)
# STATE_DIR holds pid, addr and the log; STORAGE_DIR the blobs, kept between runs so a second
# `make images` pushes only what changed. Plain HTTP: it listens on loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?start|stop}; state=${2:?state dir}

running_pid() {
  local pid
  pid=$(cat "$state/pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null && grep -q registry "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

case $cmd in
  start)
    storage=${3:?storage dir}
    mkdir -p "$state" "$storage"
    if pid=$(running_pid) && curl -fsS -o /dev/null "http://$(cat "$state/addr")/v2/"; then
      echo "registry: reusing pid $pid at $(cat "$state/addr")" >&2
      cat "$state/addr"; exit 0
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    addr=127.0.0.1:$port
    # OTEL_TRACES_EXPORTER=none: distribution v3 traces with OpenTelemetry; nothing leaves the machine.
    REGISTRY_HTTP_ADDR=$addr REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=$storage OTEL_TRACES_EXPORTER=none \
      setsid "$here/../../bin/registry" serve "$here/registry-config.yml" >"$state/registry.log" 2>&1 </dev/null &
    echo $! >"$state/pid"; echo "$addr" >"$state/addr"
    for _ in $(seq 1 100); do
      curl -fsS -o /dev/null "http://$addr/v2/" 2>/dev/null && { echo "registry: started pid $(cat "$state/pid") at $addr" >&2; echo "$addr"; exit 0; }
      kill -0 "$(cat "$state/pid")" 2>/dev/null || break
      sleep 0.2
    done
    echo "registry: did not answer on $addr; its log:" >&2; tail -20 "$state/registry.log" >&2
    kill "$(cat "$state/pid")" 2>/dev/null || true; rm -f "$state/pid" "$state/addr"; exit 1 ;;
  stop)
    if pid=$(running_pid); then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      echo "registry: stopped pid $pid" >&2
    fi
    rm -f "$state/pid" "$state/addr" ;;
  *) echo "usage: registry.sh start STATE_DIR STORAGE_DIR | stop STATE_DIR" >&2; exit 2 ;;
esac
