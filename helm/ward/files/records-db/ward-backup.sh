#!/bin/sh
# Velero hooks for a consistent PostgreSQL backup (WARD-BCK-001), run inside the postgresql
# container by `kubectl exec`-style hooks declared as pod annotations on records-db.
#
# Why a dump and not pg_backup_start/pg_backup_stop: since PostgreSQL 15 only non-exclusive base
# backups exist, and they must be started and stopped in the SAME session. Velero runs the pre
# and post hooks as two separate exec calls, so the session that called pg_backup_start is gone
# before the files are copied and the backup is aborted. A file copy of a live PGDATA without it
# is not a consistent backup. pg_dump, by contrast, reads one MVCC snapshot, so the dump it writes
# is consistent on its own; Velero's file-system backup (Kopia, encrypted repository, WARD-BCK-002)
# copies only the backup volume that holds it, never the live data volume.
#
#   ward-backup.sh dump      pre-backup hook: write the dump, atomically
#   ward-backup.sh cleanup   post-backup hook: remove it (no PHI ciphertext lingers on disk)
#   ward-backup.sh restore   post-restore hook: load a restored dump into the fresh database
set -eu
umask 077
# Overridable only for helm/scripts/test_db_scripts.sh, which runs this script against a scratch
# PostgreSQL; in the pod both defaults hold.
dir="${WARD_BACKUP_DIR:-/var/lib/ward-backup}"
dump="$dir/ward.dump"
# The superuser's password is already in the container's environment (from its Secret).
PGPASSWORD="$POSTGRES_PASSWORD"
export PGPASSWORD
PGHOST="${PGHOST:-/var/run/postgresql}"
export PGHOST

case "${1:-}" in
  dump)
    rm -f "$dump.partial"
    pg_dump --no-password --username="$POSTGRES_USER" --dbname=ward \
      --format=custom --file="$dump.partial"
    mv "$dump.partial" "$dump"
    ;;
  cleanup)
    rm -f "$dump" "$dump.partial"
    ;;
  restore)
    if [ ! -f "$dump" ]; then
      echo "ward-backup: no dump in $dir, nothing to restore" >&2
      exit 0
    fi
    # The restored data volume is fresh (only the backup volume is in the backup), so initdb and
    # the role bootstrap have run; patient-api may already have migrated an empty schema, which
    # --clean replaces. One transaction: all of the dump or none of it.
    pg_restore --no-password --username="$POSTGRES_USER" --dbname=ward \
      --clean --if-exists --single-transaction --exit-on-error "$dump"
    rm -f "$dump"
    ;;
  *)
    echo "usage: ward-backup.sh dump|cleanup|restore" >&2
    exit 2
    ;;
esac
