"""
### aict_weekly_digest — send the weekly digest on Monday at 07:00 (Paris)

**What it does.** Every Monday at 07:00 Europe/Paris, with an explicit 7-day data interval
(the previous Monday 07:00 to this one). `send_digest` takes the ISO week of the interval's
start in Paris time — the last complete week — and sends that week's digest to every
subscriber through the digest code's outbox: one message per (week, recipient), ever.

**Settings, read when the task runs.** Connection `aict_smtp` (SMTP provider conventions:
`disable_ssl` / `disable_tls` in extra, `from_email` as sender; fallback `AICT_SMTP_URL` and
`AICT_DIGEST_FROM`), Variable `aict_subscriptions` (path of the subscriptions YAML), and
connection `aict_db` (fallback `AICT_DATABASE_URL`).

**Failures and reruns.** `send_digest` never retries by itself (`retries=0`): the outbox makes a manual
clear safe, because recipients already in state `sent` are skipped. A recipient left in state
`sending` (the SMTP server may have accepted the message) fails the task with "reconcile":
check the mail server's log, then mark the row by hand — it is never resent automatically.

**Backfill a week.** `airflow backfill create --dag-id aict_weekly_digest --from-date
2026-03-30 --to-date 2026-03-31 --reprocess-behavior none` (try `--dry-run` first) creates the
run that fires on Monday 30 March — its logical date is the start of its interval — and sends
week 2026-W13 to anyone who has not received it; the outbox skips the others.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import CronTriggerTimetable, dag, task

from orchestration import policy


@dag(
    schedule=CronTriggerTimetable("0 7 * * 1", timezone="Europe/Paris", interval=timedelta(days=7)),
    start_date=datetime(2026, 1, 5),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["aict", "digest"],
    default_args=policy.default_args(),
)
def aict_weekly_digest() -> None:
    @task
    def digest_week(data_interval_start=None) -> str:
        from orchestration.rundates import digest_week

        if data_interval_start is None:
            raise ValueError("trigger this DAG with a logical date: the week comes from it")
        return digest_week(data_interval_start)

    @task(retries=0, execution_timeout=policy.SEND_TIMEOUT)
    def send_digest(week: str) -> dict[str, object]:
        from digest.send import send_week
        from orchestration.connections import observatory_engine, smtp_settings, subscriptions_path

        smtp_url, sender = smtp_settings()
        with observatory_engine() as engine:
            report = send_week(engine, week, subscriptions_path(), smtp_url, sender)
        for line in report.lines():
            print(line)
        if report.exit_code:
            raise RuntimeError(report.lines()[0])
        return {"week": week, "sent": len(report.sent), "skipped": len(report.skipped)}

    # TaskFlow: the XComArg stands for digest_week's return value when send_digest runs.
    send_digest(digest_week())  # type: ignore[arg-type]


aict_weekly_digest()
