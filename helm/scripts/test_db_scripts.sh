#!/usr/bin/env bash
# Runs the chart's records-db scripts against a real, scratch PostgreSQL, the way the pod runs them:
#   files/records-db/10-ward-roles.sh  (initdb bootstrap: roles and database from roles.sql)
#   files/records-db/ward-backup.sh    (Velero hooks: dump, cleanup, restore)
# It needs the PostgreSQL server and client programs (initdb, pg_ctl, postgres, psql, pg_dump,
# pg_restore, >= 15 for psql's \getenv), found via PG_BIN, pg_config or /usr/lib/postgresql.
# Without them it prints "NOT RUN" and exits 0; the chart's other checks still run. PostgreSQL
# refuses to run as root, so as root the test re-runs itself as the `postgres` user.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The scripts under test; a copy when re-run as the postgres user (see below).
files="${WARD_TEST_FILES:-$here/../ward/files/records-db}"

find_pg_bin() {
  local dir candidates=("${PG_BIN:-}" "$(pg_config --bindir 2>/dev/null || true)")
  # Debian keeps one directory per major; newest first.
  mapfile -t -O 2 candidates < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
  for dir in "${candidates[@]}"; do
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/psql" && -x "$dir/pg_dump" && -x "$dir/pg_restore" ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if ! pg_bin=$(find_pg_bin); then
  echo "test_db_scripts NOT RUN: no PostgreSQL server and client programs (set PG_BIN)"
  exit 0
fi
major=$("$pg_bin/psql" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
if (( major < 15 )); then
  echo "test_db_scripts NOT RUN: psql $major has no \\getenv (needs >= 15)"
  exit 0
fi

if [[ $(id -u) -eq 0 && -z "${WARD_TEST_AS_POSTGRES:-}" ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "test_db_scripts NOT RUN: running as root and there is no postgres user to run PostgreSQL as"
    exit 0
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp "$0" "$files"/*.sh "$files"/roles.sql "$work/"
  chown -R postgres "$work"
  chmod 0755 "$work" "$work"/*.sh
  su postgres -s /bin/bash -c "WARD_TEST_AS_POSTGRES=1 PG_BIN='$pg_bin' WARD_TEST_FILES='$work' '$work/$(basename "$0")'"
  exit $?
fi

work=$(mktemp -d)
export PGHOST="$work/socket"
server_started=0
stop_server() {
  if (( server_started )); then "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; fi
  server_started=0
}
trap 'stop_server; rm -rf "$work"' EXIT
mkdir -p "$PGHOST" "$work/backup"

fail() { echo "test_db_scripts FAILED: $*" >&2; exit 1; }

# What the postgres image's entrypoint does on an empty volume: initdb with SCRAM everywhere, a
# server on the Unix socket only, PGPASSWORD exported, then the init scripts.
export POSTGRES_USER=postgres POSTGRES_PASSWORD="super'secret"
export WARD_MIGRATOR_PASSWORD="migr'ator pw" WARD_APP_PASSWORD='app "pw"'
fresh_volume() {
  stop_server
  rm -rf "$work/data"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$work/pwfile"
  "$pg_bin/initdb" -D "$work/data" -U "$POSTGRES_USER" --pwfile="$work/pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 >/dev/null
  "$pg_bin/pg_ctl" -D "$work/data" -o "-c listen_addresses= -k $PGHOST" -w start >/dev/null
  server_started=1
  PGPASSWORD="$POSTGRES_PASSWORD" PATH="$pg_bin:$PATH" WARD_BOOTSTRAP_SQL="$files/roles.sql" \
    "$files/10-ward-roles.sh" >/dev/null
}
as() { local user=$1 password=$2; shift 2; PGPASSWORD="$password" "$pg_bin/psql" -X -q -t -A -v ON_ERROR_STOP=1 -U "$user" -d ward "$@"; }
backup() {
  PATH="$pg_bin:$PATH" WARD_BACKUP_DIR="$work/backup" "$files/ward-backup.sh" "$@"
}

fresh_volume
[[ $(as ward_app "$WARD_APP_PASSWORD" -c 'select current_user') == ward_app ]] || fail "ward_app cannot log in with its Secret's password"
[[ $(as ward_migrator "$WARD_MIGRATOR_PASSWORD" -c 'select pg_get_userbyid(datdba) from pg_database where datname = current_database()') == ward_migrator ]] \
  || fail "database ward is not owned by ward_migrator"
if as ward_app wrong -c 'select 1' >/dev/null 2>&1; then fail "ward_app logs in with a wrong password"; fi
if (unset WARD_APP_PASSWORD; PGPASSWORD="$POSTGRES_PASSWORD" WARD_BOOTSTRAP_SQL="$files/roles.sql" PATH="$pg_bin:$PATH" "$files/10-ward-roles.sh") >/dev/null 2>&1; then
  fail "bootstrap ran without the app password"
fi
echo "bootstrap: roles ward_migrator and ward_app, database ward owned by ward_migrator, passwords from env"

as ward_migrator "$WARD_MIGRATOR_PASSWORD" -c 'create schema ward; create table ward.patient(id int); insert into ward.patient values (42); grant usage on schema ward to ward_app; grant select on ward.patient to ward_app;'
backup dump
[[ -s "$work/backup/ward.dump" ]] || fail "pre-backup hook wrote no dump"
[[ $(stat -c %a "$work/backup/ward.dump") == 600 ]] || fail "dump is readable by others"
cp "$work/backup/ward.dump" "$work/kept.dump"
backup cleanup
[[ -z "$(ls -A "$work/backup")" ]] || fail "post-backup hook left files behind"
echo "backup hooks: consistent custom-format dump (mode 600), removed after the backup"

# Restore: a fresh volume (only the backup volume is in the backup), patient-api has already
# migrated an empty schema, then the post-restore hook loads the dump over it.
fresh_volume
as ward_migrator "$WARD_MIGRATOR_PASSWORD" -c 'create schema ward; create table ward.patient(id int);'
cp "$work/kept.dump" "$work/backup/ward.dump"
backup restore
[[ $(as ward_app "$WARD_APP_PASSWORD" -c 'select id from ward.patient') == 42 ]] || fail "restore did not bring the rows back, or ward_app lost its grant"
[[ ! -e "$work/backup/ward.dump" ]] || fail "restore hook left the dump behind"
backup restore >/dev/null 2>&1 || fail "restore without a dump must be a no-op"
echo "restore hook: dump loaded over a freshly migrated schema, grants intact; no dump is a no-op"
echo "test_db_scripts: PostgreSQL $major ($pg_bin) passed"
