-- Ward cluster bootstrap, run once per PostgreSQL cluster by a superuser, before any migration.
-- Least privilege: the schema is owned by a migration role the application never uses; the
-- application role gets only the rights the migrations grant it (see V1 and V2).
-- Variables use psql syntax (:'name') so the same file serves `psql -v` in Kubernetes and the
-- Java bootstrap (health.ward.db.ClusterBootstrap) locally.
CREATE ROLE ward_migrator LOGIN PASSWORD :'migrator_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE ward_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE ward OWNER ward_migrator;
REVOKE ALL ON DATABASE ward FROM PUBLIC;
GRANT CONNECT ON DATABASE ward TO ward_app;
