#!/bin/sh
# Runs once, from /docker-entrypoint-initdb.d, while the postgres image's entrypoint initialises an
# empty data directory (never again on restart). It runs records-db's cluster bootstrap
# (roles.sql: roles ward_migrator and ward_app, database ward owned by ward_migrator) as the
# superuser, against the entrypoint's temporary server on the Unix socket; the entrypoint exports
# PGPASSWORD for that.
#
# The role passwords come from Secrets as environment variables. psql reads them with \getenv
# instead of `-v name=value`, so they never appear on a command line (visible in /proc to every
# process of the pod); roles.sql still sees the psql variables it expects.
set -eu
# Where the chart mounts roles.sql; overridable only so helm/scripts/test_db_scripts.sh can run
# this very script against a scratch PostgreSQL.
sql="${WARD_BOOTSTRAP_SQL:-/etc/ward/records-db/roles.sql}"
: "${WARD_MIGRATOR_PASSWORD:?WARD_MIGRATOR_PASSWORD must come from the migrator Secret}"
: "${WARD_APP_PASSWORD:?WARD_APP_PASSWORD must come from the app Secret}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password \
  --username "$POSTGRES_USER" --dbname postgres <<SQL
\\getenv migrator_password WARD_MIGRATOR_PASSWORD
\\getenv app_password WARD_APP_PASSWORD
\\i '$sql'
SQL
