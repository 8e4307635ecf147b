#!/usr/bin/env bash
# `make airflow`: a local Airflow 3 on SQLite running the project's DAGs — the four components
# `airflow standalone` runs (scheduler with the LocalExecutor, dag-processor, triggerer,
# api-server), started and stopped here.
#
# Everything lives in .airflow/ (git-ignored): Airflow's metadata database, logs, the generated
# passwords file (login admin/admin) and the observatory database .airflow/aict.db (unless
# AICT_DATABASE_URL says otherwise). The UI is on http://127.0.0.1:8080 (AIRFLOW__API__PORT).
# `make airflow-demo` runs this same script on its own home with AICT_INIT_SOURCES set.
#
# Why not `exec airflow standalone` (issue 16 item 2): on Ctrl+C it stopped every component at
# once, so a running task lost the API server it reports to and retried forever while the
# LocalExecutor waited for it: Ctrl+C hung. Here each component runs in a process group of its
# own (`set -m`), so the terminal's Ctrl+C reaches this script only, which then stops them in
# order: SIGINT to the scheduler's, dag-processor's and triggerer's groups (the executor's
# supervisors forward it to their tasks, whose runner asks the crawl for its graceful stop:
# queue saved in the job directory), the API server once they are gone, and after
# AICT_STOP_GRACE_S (20 s) SIGKILL to whatever of this run is left. Nothing outlives the script.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${AICT_VENV_BIN:-$repo/.venv/bin}"

export AIRFLOW_HOME="${AIRFLOW_HOME:-$repo/.airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="$repo/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__EXECUTOR=LocalExecutor
export AIRFLOW__CORE__PARALLELISM="${AIRFLOW__CORE__PARALLELISM:-4}"
export AIRFLOW__CORE__AUTH_MANAGER="airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE="$AIRFLOW_HOME/passwords.json"
export AIRFLOW__API__HOST="${AIRFLOW__API__HOST:-127.0.0.1}"
export AIRFLOW__API__PORT="${AIRFLOW__API__PORT:-8080}"
# Tasks report to the API server: on another port, they must be told where it is.
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://${AIRFLOW__API__HOST}:${AIRFLOW__API__PORT}/execution/"
export AICT_DATABASE_URL="${AICT_DATABASE_URL:-sqlite:///$AIRFLOW_HOME/aict.db}"
export PATH="$bin:$PATH"
grace="${AICT_STOP_GRACE_S:-20}"

mkdir -p "$AIRFLOW_HOME"
# A development login, written here so that it never sits in the repository.
umask 077
printf '{"admin": "admin"}\n' > "$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"
umask 022

set -m  # every component in a process group of its own: Ctrl+C reaches this script alone
declare -A group=()
start() {
    # Output prefixed like `airflow standalone`'s; the prefixer ignores Ctrl+C and ends with
    # the component's output.
    "$bin/airflow" "$1" </dev/null > >(trap '' INT TERM; exec sed -u "s/^/$1 | /") 2>&1 &
    group[$1]=$!
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

stopping=0
stop() {
    ((stopping)) && return
    stopping=1
    trap '' INT TERM
    ((${#group[@]} == 0)) ||
        echo "stopping: scheduler, dag-processor, triggerer (running tasks are asked to stop), then the API server"
    local name
    for name in scheduler dag-processor triggerer; do
        [[ -n ${group[$name]:-} ]] && kill -INT -- "-${group[$name]}" 2>/dev/null || true
    done
    wait_for "$grace" scheduler dag-processor triggerer
    [[ -n ${group[api-server]:-} ]] && kill -TERM -- "-${group[api-server]}" 2>/dev/null || true
    wait_for 3 api-server
    # It holds no state, and often lingers after logging its own shutdown.
    [[ -n ${group[api-server]:-} ]] && kill -KILL -- "-${group[api-server]}" 2>/dev/null || true
    # AICT_STOP_AFTER: processes this run needs until Airflow is down (make airflow-demo's web).
    if [[ -n ${AICT_STOP_AFTER:-} ]]; then
        # shellcheck disable=SC2086 # a list of PIDs
        kill -TERM $AICT_STOP_AFTER 2>/dev/null || true
        local deadline=$((SECONDS + 3))
        # shellcheck disable=SC2086
        while kill -0 $AICT_STOP_AFTER 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    fi
    # What is left now (an output prefixer ends by itself once its component is gone) is
    # a process that ignored its stop: killed, so that nothing of this run outlives it.
    local left
    deadline=$((SECONDS + 2))
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
# AICT_INIT_SOURCES (set by `make airflow-demo`): that sources file instead of the bundled registry.
"$bin/aict" init ${AICT_INIT_SOURCES:+--sources "$AICT_INIT_SOURCES"}
# SQLite allows one writer at a time: every writing task queues on this 1-slot pool.
"$bin/airflow" pools set aict_db_writer 1 "Observatory database writers (1 on SQLite)" >/dev/null

for name in scheduler dag-processor triggerer api-server; do
    start "$name"
done
echo "Airflow UI: http://${AIRFLOW__API__HOST}:${AIRFLOW__API__PORT} (admin/admin); Ctrl+C to stop."

# Until Ctrl+C, or until a component ends by itself (then the others are stopped too).
while alive scheduler dag-processor triggerer api-server; do
    for name in scheduler dag-processor triggerer api-server; do
        if ! kill -0 "${group[$name]}" 2>/dev/null; then
            echo "$name ended; stopping the others" >&2
            exit 1
        fi
    done
    sleep 1
done
