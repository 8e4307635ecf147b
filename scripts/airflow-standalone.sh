#!/usr/bin/env bash
# `make airflow`: a local Airflow 3 (`airflow standalone`) on SQLite running the project's DAGs.
#
# Everything lives in .airflow/ (git-ignored): Airflow's metadata database, logs, the generated
# passwords file (login admin/admin) and the observatory database .airflow/aict.db (unless
# AICT_DATABASE_URL says otherwise). The UI is on http://127.0.0.1:8080. Ctrl+C stops it
# cleanly: the terminal's SIGINT reaches `airflow standalone`, which stops its components
# (SIGTERM would leave them running).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${AICT_VENV_BIN:-$repo/.venv/bin}"

export AIRFLOW_HOME="${AIRFLOW_HOME:-$repo/.airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="$repo/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__PARALLELISM="${AIRFLOW__CORE__PARALLELISM:-4}"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE="$AIRFLOW_HOME/passwords.json"
export AIRFLOW__API__HOST="${AIRFLOW__API__HOST:-127.0.0.1}"
export AICT_DATABASE_URL="${AICT_DATABASE_URL:-sqlite:///$AIRFLOW_HOME/aict.db}"
export PATH="$bin:$PATH"

mkdir -p "$AIRFLOW_HOME"
# A development login, written here so that it never sits in the repository.
umask 077
printf '{"admin": "admin"}\n' > "$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"
umask 022

"$bin/airflow" db migrate >/dev/null
"$bin/aict" init
# SQLite allows one writer at a time: every writing task queues on this 1-slot pool.
"$bin/airflow" pools set aict_db_writer 1 "Observatory database writers (1 on SQLite)" >/dev/null

echo "Airflow UI: http://${AIRFLOW__API__HOST}:8080 (admin/admin); Ctrl+C to stop."
exec "$bin/airflow" standalone
