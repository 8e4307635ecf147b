#!/bin/bash
# First start of the PostgreSQL container: the observatory gets its own database and owner,
# apart from Airflow's metadata database. The password comes from the environment (.env).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v user="$AICT_DB_USER" -v pass="$AICT_DB_PASSWORD" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'pass';
CREATE DATABASE aict OWNER :"user";
SQL
