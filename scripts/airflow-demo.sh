#!/usr/bin/env bash
# `make airflow-demo`: `make airflow` on the demo web (docs/demo-web.md), in one command.
#
# Its own home, .airflow-demo/ (git-ignored; AICT_AIRFLOW_DEMO_HOME to move it), whatever
# AIRFLOW_HOME or AICT_DATABASE_URL the shell has: Airflow's metadata, logs and an observatory
# database .airflow-demo/aict.db that holds the demo registry only (`aict init --sources`), so
# the demo's councils, which share real councils' slugs, never meet the bundled registry. The
# demo server runs for as long as Airflow does, on 127.0.10.0/24 (allow-listed for the crawl
# tasks) and port AICT_DEMO_PORT (8780: the same feed URLs at every start). Ctrl+C stops
# Airflow, then the server (AICT_STOP_AFTER); nothing is left running.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${AICT_VENV_BIN:-$repo/.venv/bin}"

export AIRFLOW_HOME="${AICT_AIRFLOW_DEMO_HOME:-$repo/.airflow-demo}"
export AICT_DATABASE_URL="sqlite:///$AIRFLOW_HOME/aict.db"
export AICT_ALLOW_NETWORKS="127.0.10.0/24"
web="$AIRFLOW_HOME/demo-web"
mkdir -p "$web"
rm -f "$web/server.out"

# A session of its own: the terminal's Ctrl+C must not stop it before Airflow's crawls are done.
setsid "$bin/python" -m demoweb.server --as-of "$(TZ=Europe/Paris date +%F)" \
    --port "${AICT_DEMO_PORT:-8780}" --dir "$web" >"$web/server.out" 2>"$web/server.log" &
server=$!
stop_server() {
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
}
trap stop_server EXIT

# The server prints the path of its sources file once it serves.
until [ -s "$web/server.out" ]; do
    if ! kill -0 "$server" 2>/dev/null; then
        echo "the demo server did not start: $(tail -n 3 "$web/server.log")" >&2
        exit 1
    fi
    sleep 0.1
done
sources="$(head -n 1 "$web/server.out")"
echo "Demo web: $(tail -n 1 "$web/server.log") (sources: $sources)"

# This script becomes the standalone one (same PID: the terminal's Ctrl+C and a SIGTERM reach
# it), which stops the server last, once Airflow's crawls are done with it.
trap - EXIT
export AICT_INIT_SOURCES="$sources" AICT_STOP_AFTER="$server"
exec "$repo/scripts/airflow-standalone.sh"
