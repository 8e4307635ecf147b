#!/usr/bin/env bash
# `make airflow-celery`: docker-compose.yml's topology as local processes — Airflow 3 with the
# CeleryExecutor on the machine's PostgreSQL and Redis: scheduler, dag-processor, triggerer,
# api-server and two Celery workers with host names of their own (worker-1, worker-2).
#
# Settings: deploy/airflow.env, the file docker-compose.yml reads too (executor, lost-worker
# delays, Celery's visibility timeout); only addresses, paths and secrets are set here.
#   PostgreSQL  AICT_CELERY_PG (postgresql://postgres@127.0.0.1:5432, trust auth): databases
#               AICT_CELERY_DB (aict_airflow_celery, Airflow's metadata) and ${AICT_CELERY_DB}_aict
#               (the observatory), created when missing.
#   Redis       redis://127.0.0.1:6379/${AICT_CELERY_REDIS_DB:-0}; queue AIRFLOW__OPERATORS__DEFAULT_QUEUE.
#   Home        .airflow-celery/ (git-ignored; AIRFLOW_HOME): logs, generated secrets, and the
#               crawl job directories both workers share (AICT_JOBS_DIR), as compose's volume.
#   Ports       UI/API AIRFLOW__API__PORT (8080); workers' log servers AICT_WORKER_LOG_PORTS
#               ("8795 8796").
# AICT_INIT_SOURCES: a sources file loaded instead of the bundled registry (the demo web).
#
# Stopping (Ctrl+C, SIGTERM) follows scripts/airflow-standalone.sh: every component in a process
# group of its own; SIGINT to the scheduler, dag-processor and triggerer, SIGTERM to the workers
# (Celery's warm shutdown; each task's supervisor forwards it to the task, whose runner asks the
# crawl for its graceful stop: queue saved in the shared job directory), the API server once
# they are gone, and after AICT_STOP_GRACE_S (20 s) SIGKILL to whatever of this run is left.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${AICT_VENV_BIN:-$repo/.venv/bin}"

# The settings shared with docker-compose.yml, exported as they are.
set -a
# shellcheck source=../deploy/airflow.env
. "$repo/deploy/airflow.env"
set +a

export AIRFLOW_HOME="${AIRFLOW_HOME:-$repo/.airflow-celery}"
export AIRFLOW__CORE__DAGS_FOLDER="$repo/dags"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE="$AIRFLOW_HOME/passwords.json"
# Two workers on one machine: the host name each try records is the worker's (orchestration/hostname.py).
export AIRFLOW__CORE__HOSTNAME_CALLABLE="orchestration.hostname.worker_hostname"
export AIRFLOW__API__HOST="${AIRFLOW__API__HOST:-127.0.0.1}"
export AIRFLOW__API__PORT="${AIRFLOW__API__PORT:-8080}"
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://${AIRFLOW__API__HOST}:${AIRFLOW__API__PORT}/execution/"

pg="${AICT_CELERY_PG:-postgresql://postgres@127.0.0.1:5432}"
db="${AICT_CELERY_DB:-aict_airflow_celery}"
pg_hostpart="${pg#postgresql://}"
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="postgresql+psycopg2://$pg_hostpart/$db"
export AIRFLOW__CELERY__RESULT_BACKEND="db+postgresql+psycopg2://$pg_hostpart/$db"
export AIRFLOW__CELERY__BROKER_URL="${AIRFLOW__CELERY__BROKER_URL:-redis://127.0.0.1:6379/${AICT_CELERY_REDIS_DB:-0}}"
export AIRFLOW__CELERY__WORKER_CONCURRENCY="${AIRFLOW_WORKER_CONCURRENCY:-4}"
# The observatory, as the connection the DAGs read (and for `aict init` below).
export AIRFLOW_CONN_AICT_DB="$pg/${db}_aict"
export AICT_DATABASE_URL="postgresql+psycopg://$pg_hostpart/${db}_aict"
export AICT_JOBS_DIR="${AICT_JOBS_DIR:-$AIRFLOW_HOME/aict-jobs}"
export PATH="$bin:$PATH"
grace="${AICT_STOP_GRACE_S:-20}"
read -r -a log_ports <<<"${AICT_WORKER_LOG_PORTS:-8795 8796}"

mkdir -p "$AIRFLOW_HOME"
umask 077
mkdir -p "$AICT_JOBS_DIR"
# A development login and secrets every component shares, generated once, never in the repository.
printf '{"admin": "admin"}\n' > "$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"
if [[ ! -s $AIRFLOW_HOME/secrets.env ]]; then
    {
        echo "AIRFLOW__API_AUTH__JWT_SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
        echo "AIRFLOW__API__SECRET_KEY=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
    } > "$AIRFLOW_HOME/secrets.env"
fi
set -a
. "$AIRFLOW_HOME/secrets.env"
set +a
umask 022

for name in "$db" "${db}_aict"; do
    if [[ -z "$(psql "$pg/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]]; then
        psql "$pg/postgres" -qc "CREATE DATABASE \"$name\"" >/dev/null
    fi
done

set -m  # every component in a process group of its own: Ctrl+C reaches this script alone
declare -A group=()
start() {  # start NAME COMMAND...: output prefixed with NAME
    local name=$1
    shift
    "$@" </dev/null > >(trap '' INT TERM; exec sed -u "s/^/$name | /") 2>&1 &
    group[$name]=$!
}

alive() {  # any process left in these components' groups?
    local name
    for name in "$@"; do
        [[ -n ${group[$name]:-} ]] && kill -0 -- "-${group[$name]}" 2>/dev/null && return 0
    done
    return 1
}

wait_for() {  # wait_for SECONDS NAME...: until the groups are empty or the time is up
    local deadline=$((SECONDS + $1))
    shift
    while alive "$@" && ((SECONDS < deadline)); do sleep 0.2; done
}

descendants() {  # every process below this script (but this function's own ps and awk)
    ps -e -o pid=,ppid= | awk -v root="$$" -v self="$BASHPID" '
        { parent[$1] = $2 }
        END {
            found[root] = 1
            do { more = 0
                 for (p in parent)
                     if (!(p in found) && p != self && (parent[p] in found)) { found[p] = 1; more = 1 }
            } while (more)
            for (p in found) if (p != root) print p
        }'
}

workers=(worker-1 worker-2)
stopping=0
stop() {
    ((stopping)) && return
    stopping=1
    trap '' INT TERM
    ((${#group[@]} == 0)) ||
        echo "stopping: scheduler, dag-processor, triggerer, workers (running tasks are asked to stop), then the API server"
    local name
    for name in scheduler dag-processor triggerer; do
        [[ -n ${group[$name]:-} ]] && kill -INT -- "-${group[$name]}" 2>/dev/null || true
    done
    for name in "${workers[@]}"; do
        [[ -n ${group[$name]:-} ]] && kill -TERM -- "-${group[$name]}" 2>/dev/null || true
    done
    wait_for "$grace" scheduler dag-processor triggerer "${workers[@]}"
    [[ -n ${group[api-server]:-} ]] && kill -TERM -- "-${group[api-server]}" 2>/dev/null || true
    wait_for 3 api-server
    [[ -n ${group[api-server]:-} ]] && kill -KILL -- "-${group[api-server]}" 2>/dev/null || true
    # What is left now is a process that ignored its stop: killed, so that nothing of this run
    # outlives it (a crawl among them still hears its task's death: PR_SET_PDEATHSIG).
    local left deadline=$((SECONDS + 2))
    while left="$(descendants)" && [[ -n $left ]] && ((SECONDS < deadline)); do sleep 0.2; done
    if [[ -n $left ]]; then
        local what
        what="$(ps -o pid=,args= -p "${left//$'\n'/,}" 2>/dev/null | cut -c1-80 | paste -sd ';')" || true
        # shellcheck disable=SC2086 # a list of PIDs
        kill -KILL $left 2>/dev/null || true
        [[ -z $what ]] || echo "killed, still running after the grace period: $what"
    fi
    wait 2>/dev/null || true
}

trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

"$bin/airflow" db migrate >/dev/null
"$bin/aict" init ${AICT_INIT_SOURCES:+--sources "$AICT_INIT_SOURCES"}
"$bin/airflow" pools set aict_db_writer "${AICT_WRITER_SLOTS:-32}" "Observatory database writers" >/dev/null

for name in scheduler dag-processor triggerer api-server; do
    start "$name" "$bin/airflow" "$name"
done
for i in "${!workers[@]}"; do
    name=${workers[$i]}
    start "$name" env AICT_WORKER_HOSTNAME="$name" \
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT="${log_ports[$i]}" \
        "$bin/airflow" celery worker --celery-hostname "$name@%h" --pid "$AIRFLOW_HOME/$name.pid"
done
echo "Airflow UI: http://${AIRFLOW__API__HOST}:${AIRFLOW__API__PORT} (admin/admin); Ctrl+C to stop."

# Until Ctrl+C, or until a central component ends by itself (then the others are stopped too).
# A worker that dies is only reported, as compose would restart it: the other one takes the
# retries of its tasks once their heartbeat times out (docs/operations.md, "A lost worker").
central=(scheduler dag-processor triggerer api-server)
declare -A reported=()
while true; do
    for name in "${central[@]}"; do
        if ! kill -0 "${group[$name]}" 2>/dev/null; then
            echo "$name ended; stopping the others" >&2
            exit 1
        fi
    done
    for name in "${workers[@]}"; do
        if [[ -z ${reported[$name]:-} ]] && ! kill -0 "${group[$name]}" 2>/dev/null; then
            echo "$name ended; its running tasks are retried on the other worker" >&2
            reported[$name]=1
        fi
    done
    sleep 1
done
