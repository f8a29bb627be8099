#!/usr/bin/env bash
# `make test-images`: Ward's images, as `make images` pushed them, run under containerd + runc (Debian's
# packages, k8s/images/images.mk). Each image is pulled from the loopback registry by digest, then:
#   every image   its config's USER is numeric and not 0; no dpkg, apt, perl or bash in its
#                 filesystem; no /bin/sh either (and running it fails) except in postgres, whose
#                 initdb needs it
#   ward-kit      audits a passing and a failing fixture: exit codes 0 and 3, the control named
#   postgres      initdb and the server, read-only root, as uid 999; Ward's roles.sql applied
#   openbao       the dev server, as uid 65532, read-only root; k8s/vault/bootstrap.sh against it
#   patient-api   against that PostgreSQL and that OpenBao on 127.0.0.1 (host network,
#                 read-only root, /tmp a tmpfs): /q/health/live and /q/health/ready answer UP, the
#                 process runs as uid 185
#   python        imports the audit shipper script (python3, uid 65532)
# containerd gets its own config, root, state and socket under a scratch directory (no systemd
# here); everything started is stopped and removed at the end, /run/containerd too if it was absent.
set -euo pipefail
shopt -s inherit_errexit
: "${ROOT:?}" "${IMAGES_OUT:?}" "${IMAGES_CACHE:?}"
here=$(cd "$(dirname "$0")" && pwd)
images_json=$IMAGES_OUT/images.json
[ -f "$images_json" ] || { echo "test-images: no $images_json; run 'make images'" >&2; exit 1; }

# Short path: containerd's socket path must fit a sun_path (108 bytes).
scratch=$(mktemp -d /tmp/ward-images.XXXXXX)
sock=$scratch/containerd.sock
run_containerd_existed=false; [ -e /run/containerd ] && run_containerd_existed=true
containerd_pid='' started_registry=false step=starting
# Its own containerd namespace, which is also the parent of the containers' cgroups (removed at the end).
namespace=ward-image-test
ctr_() { ctr --address "$sock" --namespace "$namespace" "$@"; }
cgroups_before=$(ls -d /sys/fs/cgroup/*/"$namespace" 2>/dev/null || true)

cleanup() {
  local rc=$?
  set +e
  if [ -n "$containerd_pid" ]; then
    for task in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks kill -s SIGKILL "$task" >/dev/null 2>&1; done
    sleep 1
    for task in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$task" >/dev/null 2>&1; done
    for c in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$c" >/dev/null 2>&1; done
    kill "$containerd_pid"; wait "$containerd_pid" 2>/dev/null
  fi
  [ "$started_registry" != true ] || "$here/registry.sh" stop "$IMAGES_OUT/registry"
  # Mounts containerd left (snapshots, shm), deepest first, then the scratch directory.
  grep -F " $scratch/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l
  rm -rf "$scratch"
  [ "$run_containerd_existed" = true ] || rm -rf /run/containerd
  [ -n "$cgroups_before" ] || for cg in /sys/fs/cgroup/*/"$namespace"; do
    [ ! -d "$cg" ] || find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  [ $rc -eq 0 ] || { echo "test-images: FAILED at: $step (exit $rc)" >&2; [ ! -f "$scratch/containerd.log" ] || true; }
  exit $rc
}
trap cleanup EXIT
fail() { echo "test-images: $step: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
image() { python3 -c 'import json,sys; print(next(i[sys.argv[2]] for i in json.load(open(sys.argv[1]))["images"] if i["name"]==sys.argv[3]))' "$images_json" "$@"; }

step="registry"
[ -f "$IMAGES_OUT/registry/pid" ] && kill -0 "$(cat "$IMAGES_OUT/registry/pid")" 2>/dev/null || started_registry=true
registry=$("$here/registry.sh" start "$IMAGES_OUT/registry" "$IMAGES_CACHE/registry")

step="containerd: start"
# CRI is off: ctr needs none of it. restrict_oom_score_adj is set anyway for when it is on (root
# here lacks CAP_SYS_RESOURCE; CLUSTER.md); `ctr run` puts no oomScoreAdj in the spec, so runc never
# lowers it.
cat >"$scratch/config.toml" <<EOF
version = 2
root = "$scratch/root"
state = "$scratch/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  restrict_oom_score_adj = true
[plugins."io.containerd.internal.v1.opt"]
  path = "$scratch/opt"
EOF
containerd --config "$scratch/config.toml" >"$scratch/containerd.log" 2>&1 &
containerd_pid=$!
for _ in $(seq 1 100); do ctr_ version >/dev/null 2>&1 && break; sleep 0.2; done
ctr_ version >/dev/null || { tail -20 "$scratch/containerd.log" >&2; fail "containerd did not answer on $sock"; }

refs=()
for name in ward-kit postgres patient-api python openbao; do
  step="$name: pull by digest"
  ref="$registry/ward/$name@$(image digest "$name")"
  ctr_ images pull --plain-http "$ref" >/dev/null || fail "ctr could not pull $ref"
  refs+=("$ref")
  step="$name: image config and filesystem"
  user=$("$ROOT/bin/crane" config --insecure "$ref" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["config"].get("User",""))')
  [[ "$user" =~ ^[1-9][0-9]*(:[0-9]+)?$ ]] || fail "USER is '$user', not a numeric non-root uid"
  listing=$("$ROOT/bin/crane" export --insecure "$ref" - | tar --warning=no-unknown-keyword -t)
  banned=(bin/bash usr/bin/bash usr/bin/dpkg usr/bin/apt usr/bin/apt-get usr/bin/perl)
  shell="no shell"
  # postgres keeps /bin/sh: initdb and pg_ctl popen() their helpers (build-images.sh).
  if [ "$name" = postgres ]; then
    grep -qxE '(\./)?usr/bin/dash' <<<"$listing" || fail "postgres lost /usr/bin/dash, which initdb needs"
    shell="/bin/sh (dash, for initdb) but no bash"
  else
    banned+=(bin/sh usr/bin/sh bin/dash usr/bin/dash)
  fi
  for path in "${banned[@]}"; do
    ! grep -qxE "(\./)?$path" <<<"$listing" || fail "/$path is in the image"
  done
  echo "test-images: $name: pulled $ref; USER $user; $shell, no dpkg, apt or perl"
done
kit_ref=${refs[0]} pg_ref=${refs[1]} api_ref=${refs[2]} py_ref=${refs[3]} bao_ref=${refs[4]}

for ref in "$kit_ref" "$api_ref" "$py_ref" "$bao_ref"; do
  step="no shell at run time ($ref)"
  if ctr_ run --rm --read-only "$ref" "shell-probe-$RANDOM" /bin/sh -c true >"$scratch/probe.log" 2>&1; then
    fail "/bin/sh ran in $ref"
  fi
  grep -qi "no such file\|not found" "$scratch/probe.log" || { cat "$scratch/probe.log" >&2; fail "/bin/sh failed for another reason"; }
done
echo "test-images: /bin/sh cannot be run in ward-kit, patient-api, python, openbao"

step="ward-kit: audits"
# Clean: the chart rendered with the digests `make images` wrote (check-images-chart renders it and
# audits it with the jar; here the image audits it). Findings: a WARD-POL-001 failing fixture.
clean=$IMAGES_OUT/ward-with-image-digests.yaml
failing=$(find "$ROOT/compliance-kit/src/test/resources/fixtures/WARD-POL-001" -name 'fail-*.yaml' | sort | head -1)
[ -f "$clean" ] || fail "no $clean (make check-images-chart writes it)"
[ -n "$failing" ] || fail "no fail-*.yaml fixture for WARD-POL-001"
kit_run() { # FILE: ward-kit audit of FILE in the image, network-less, read-only; prints output, returns its exit code
  ctr_ run --rm --read-only --mount "type=bind,src=$(dirname "$1"),dst=/audit,options=rbind:ro" \
    "$kit_ref" "ward-kit-$RANDOM" java -jar /opt/ward-kit/ward-kit.jar audit "/audit/$(basename "$1")"
}
rc=0; out=$(kit_run "$clean") || rc=$?
[ $rc -eq 0 ] || { echo "$out" >&2; fail "ward-kit audit $(basename "$clean") exited $rc, want 0"; }
grep -qx '0 findings' <<<"$out" || { echo "$out" >&2; fail "ward-kit did not report 0 findings"; }
rc=0; out=$(kit_run "$failing") || rc=$?
[ $rc -eq 3 ] || { echo "$out" >&2; fail "ward-kit audit $(basename "$failing") exited $rc, want 3 (findings)"; }
grep -q 'WARD-POL-001  FAIL' <<<"$out" || { echo "$out" >&2; fail "the findings do not fail WARD-POL-001"; }
echo "test-images: ward-kit: the chart with these digests exit 0 (0 findings), $(basename "$failing") exit 3 failing WARD-POL-001"

step="postgres: initdb"
pg_port=$(free_port)
mkdir -p "$scratch/pgdata" "$scratch/pgsecret"
python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$scratch/pgsecret/superuser"
chown -R 999:999 "$scratch/pgdata" "$scratch/pgsecret"; chmod 700 "$scratch/pgdata"
pg_mounts=(--mount "type=bind,src=$scratch/pgdata,dst=/var/lib/postgresql/data,options=rbind:rw"
           --mount "type=bind,src=$scratch/pgsecret,dst=/run/secrets,options=rbind:ro"
           --mount "type=tmpfs,src=tmpfs,dst=/var/run/postgresql,options=nosuid:nodev:mode=1777"
           --mount "type=tmpfs,src=tmpfs,dst=/tmp,options=nosuid:nodev:mode=1777")
ctr_ run --rm --read-only "${pg_mounts[@]}" "$pg_ref" pg-initdb \
  initdb -D /var/lib/postgresql/data -U postgres --pwfile=/run/secrets/superuser --auth=scram-sha-256 >"$scratch/initdb.log" 2>&1 \
  || { tail -20 "$scratch/initdb.log" >&2; fail "initdb failed in the image"; }
step="postgres: server"
ctr_ run -d --read-only --net-host "${pg_mounts[@]}" "$pg_ref" pg \
  postgres -D /var/lib/postgresql/data -p "$pg_port" -c listen_addresses=127.0.0.1 >/dev/null
export PGPASSWORD; PGPASSWORD=$(cat "$scratch/pgsecret/superuser")
for _ in $(seq 1 60); do "$ROOT/bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -Atc 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
[ "$("$ROOT/bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -Atc 'show server_version_num' | cut -c1-2)" = 18 ] \
  || fail "PostgreSQL 18 in the image did not answer on 127.0.0.1:$pg_port"
pg_pid=$(ctr_ tasks ls | awk '$1 == "pg" {print $2}')
[ "$(awk '/^Uid:/ {print $2}' "/proc/$pg_pid/status")" = 999 ] || fail "postgres does not run as uid 999"
app_password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
migrator_password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
"$ROOT/bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -v app_password="$app_password" \
  -v migrator_password="$migrator_password" -f "$ROOT/records-db/src/main/resources/db/bootstrap/roles.sql" >/dev/null
echo "test-images: postgres: initdb and server as uid 999 on a read-only root; roles.sql applied"

step="openbao: dev server in its image"
bao_port=$(free_port)
export BAO_ADDR=http://127.0.0.1:$bao_port BAO_TOKEN; BAO_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
ctr_ run -d --read-only --net-host --log-uri "file://$scratch/openbao.log" \
  --mount "type=tmpfs,src=tmpfs,dst=/tmp,options=nosuid:nodev:mode=1777" "$bao_ref" openbao \
  bao server -dev -dev-no-store-token -dev-listen-address="127.0.0.1:$bao_port" -dev-root-token-id="$BAO_TOKEN" >/dev/null
for _ in $(seq 1 60); do curl -fsS -o /dev/null "$BAO_ADDR/v1/sys/health" 2>/dev/null && break; sleep 0.5; done
curl -fsS "$BAO_ADDR/v1/sys/health" | grep -q '"sealed":false' || { tail -20 "$scratch/openbao.log" >&2; fail "OpenBao in the image is not up and unsealed"; }
bao_task_pid=$(ctr_ tasks ls | awk '$1 == "openbao" {print $2}')
[ "$(awk '/^Uid:/ {print $2}' "/proc/$bao_task_pid/status")" = 65532 ] || fail "bao does not run as uid 65532"
# Ward's Transit keys, KV mount and policy, with the host's bao CLI as the client.
app_token=$(PATH=$ROOT/bin:$PATH WARD_ISSUE_APP_TOKEN=1 "$ROOT/k8s/vault/bootstrap.sh")
echo "test-images: openbao: dev server as uid 65532 on a read-only root, Ward's keys and policy bootstrapped"

step="patient-api: start"
api_port=$(free_port) closed_port=$(free_port)
install -m 600 /dev/null "$scratch/patient-api.env"
cat >"$scratch/patient-api.env" <<EOF
QUARKUS_HTTP_HOST=127.0.0.1
QUARKUS_HTTP_PORT=$api_port
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$pg_port/ward
QUARKUS_DATASOURCE_PASSWORD=$app_password
QUARKUS_DATASOURCE_MIGRATIONS_JDBC_URL=jdbc:postgresql://127.0.0.1:$pg_port/ward
QUARKUS_DATASOURCE_MIGRATIONS_PASSWORD=$migrator_password
QUARKUS_VAULT_URL=$BAO_ADDR
QUARKUS_VAULT_AUTHENTICATION_CLIENT_TOKEN=$app_token
QUARKUS_OIDC_AUTH_SERVER_URL=http://127.0.0.1:$closed_port/realms/ward
EOF
ctr_ run -d --read-only --net-host --env-file "$scratch/patient-api.env" --log-uri "file://$scratch/patient-api.log" \
  --mount "type=tmpfs,src=tmpfs,dst=/tmp,options=nosuid:nodev:mode=1777" "$api_ref" patient-api >/dev/null
live=''
for _ in $(seq 1 180); do
  live=$(curl -fsS "http://127.0.0.1:$api_port/q/health/live" 2>/dev/null) && break
  [ "$(ctr_ tasks ls | awk '$1 == "patient-api" {print $3}')" != STOPPED ] || break
  sleep 1
done
step="patient-api: health"
[ -n "$live" ] || { tail -40 "$scratch/patient-api.log" >&2; fail "/q/health/live never answered (Keycloak is absent on purpose: readiness does not need it)"; }
grep -q '"status": *"UP"' <<<"$live" || fail "/q/health/live: $live"
ready=$(curl -sS "http://127.0.0.1:$api_port/q/health/ready")
grep -q '"status": *"UP"' <<<"$ready" || { tail -20 "$scratch/patient-api.log" >&2; fail "/q/health/ready is not UP: $ready"; }
api_pid=$(ctr_ tasks ls | awk '$1 == "patient-api" {print $2}')
[ "$(awk '/^Uid:/ {print $2}' "/proc/$api_pid/status")" = 185 ] || fail "patient-api does not run as uid 185"
echo "test-images: patient-api: live and ready UP (database, Vault) as uid 185 on a read-only root"

step="python: runs the audit shipper"
rc=0; out=$(ctr_ run --rm --read-only --mount "type=bind,src=$ROOT/helm/ward/files/audit-shipper,dst=/opt/ward,options=rbind:ro" \
  "$py_ref" "python-$RANDOM" python3 -c 'import os, sys; sys.path.insert(0, "/opt/ward"); import ward_audit_ship; print("uid", os.getuid())' 2>&1) || rc=$?
if [ $rc -ne 0 ] || ! grep -qx 'uid 65532' <<<"$out"; then
  echo "$out" >&2; fail "python3 could not import the audit shipper as uid 65532 (exit $rc)"
fi
echo "test-images: python: imports ward_audit_ship.py as uid 65532 on a read-only root"

step="done"
echo "test-images: all images passed"
