"""The host name Airflow records for a task try: ``AICT_WORKER_HOSTNAME``, else the machine's.

``make airflow-celery`` runs two Celery workers on one machine: each sets its own
``AICT_WORKER_HOSTNAME`` and Airflow's ``[core] hostname_callable`` points here, so the UI (and
the tests) tell which worker ran a try. In docker-compose each worker is a container with a
host name of its own and the variable is unset.
"""

from __future__ import annotations

import socket

from orchestration.environment import OrchestrationSettings


def worker_hostname() -> str:
    return OrchestrationSettings.from_env().worker_hostname or socket.getfqdn()
