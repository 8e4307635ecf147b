"""Sending through a real SMTP server on loopback: one message per recipient, filtered, exactly
once across crashes and reruns, safe headers (P-F2, P-F3)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import Engine, select

from digest import outbox
from digest.send import send_week
from digest.smtp import parse_smtp_url
from models import DigestOutbox
from nlp.version import nlp_version
from tests.digest.factory import WEEK, build_week
from tests.digest.smtp_server import PASSWORD, Captured, free_port, smtp_server
from tests.support.cli import run_aict

SENDER = "veille@example.org"
SUBJECT = "Veille AICT — semaine 45 (2–8 novembre 2026)"
SUBSCRIPTIONS = """subscriptions:
  - email: savoie@example.org
    name: "Mme la présidente =?utf-8?q?x=0ABcc:_evil@example.org?="
    territories: ["dep:73"]
  - email: nord@example.org
    territories: ["reg:32"]
    objects: ["emergency"]
  - email: tous@example.org
"""


def subs_file(tmp_path: Path) -> str:
    path = tmp_path / "subs.yaml"
    path.write_text(SUBSCRIPTIONS, encoding="utf-8")
    return str(path)


def parts(captured: Captured) -> tuple[str, str, list[str]]:
    """(text, html, content types) of a captured digest."""
    msg = captured.message
    assert msg.get_content_type() == "multipart/alternative"
    text_part, related = msg.get_payload()
    assert text_part.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html_part, *images = related.get_payload()
    assert html_part.get_content_type() == "text/html"
    return text_part.get_content(), html_part.get_content(), [i.get_content_type() for i in images]


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_aict("digest", *args, env=env)


def test_one_filtered_message_per_recipient_then_nothing_more(
    engine: Engine, tmp_path: Path
) -> None:
    build_week(engine)
    path = subs_file(tmp_path)
    with smtp_server() as (capture, url):
        report = send_week(engine, WEEK, path, url, SENDER)
        assert sorted(report.sent) == ["nord@example.org", "savoie@example.org", "tous@example.org"]
        assert report.exit_code == 0
        assert len(capture.received) == 3
        for captured in capture.received:
            assert captured.mail_from == SENDER and len(captured.rcpt_tos) == 1
            msg = captured.message
            assert msg["Subject"] == SUBJECT
            assert msg["To"] == captured.rcpt_tos[0]
            assert msg["Bcc"] is None and msg["Cc"] is None
            assert msg["List-Unsubscribe"] == f"<mailto:{SENDER}?subject=desinscription>"
            assert msg["Message-ID"].strip().startswith("<aict.2026-W45.")
            text, html, images = parts(captured)
            assert images == ["image/png"]
            assert "Pour ne plus recevoir cette veille" in text and "désinscription" in html
            shown = nlp_version() if nlp_version() != "none" else "non installé"
            assert f"Repérage automatique : modèle {shown}" in html
            assert "complète pour 2 des 4 sources suivies" in html
        (savoie,) = capture.to("savoie@example.org")
        _, html, _ = parts(savoie)
        body = lxml.html.fromstring(html).text_content()
        assert "Chambéry renouvelle son aide" in body and "Liban" not in body
        assert "Mme la présidente" in body  # the name from config stays in the body
        (nord,) = capture.to("nord@example.org")
        body = lxml.html.fromstring(parts(nord)[1]).text_content()
        assert "Lille vote une aide d'urgence pour le Liban" in body and "Ouahigouya" not in body
        ids = {c.message["Message-ID"] for c in capture.received}
        assert len(ids) == 3

        again = send_week(engine, WEEK, path, url, SENDER)
        assert sorted(again.skipped) == sorted(report.sent) and again.sent == []
        assert len(capture.received) == 3


def test_crash_after_acceptance_is_never_resent(
    engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_week(engine)

    def crash(*_args: object) -> None:
        raise RuntimeError("killed after the server accepted")

    with smtp_server() as (capture, url):
        monkeypatch.setattr(outbox, "mark_sent", crash)
        with pytest.raises(RuntimeError):
            send_week(engine, WEEK, None, url, SENDER, to=["a@example.org", "b@example.org"])
        monkeypatch.undo()
        assert [c.rcpt_tos for c in capture.received] == [["a@example.org"]]
        assert outbox.states(engine, WEEK) == {
            "a@example.org": "sending",
            "b@example.org": "pending",
        }

        # The rerun sends the pending one, not the one in flight, and says so with exit code 4.
        env = {"AICT_SMTP_URL": url, "AICT_DIGEST_FROM": SENDER}
        result = run_cli(
            "--week", WEEK, "--db", db_url, "--send", "--to", "a@example.org,b@example.org", env=env
        )
        assert result.returncode == 4, result.stderr
        assert "reconcile: a@example.org is in state 'sending'" in result.stderr
        assert "Traceback" not in result.stderr
        assert [c.rcpt_tos for c in capture.received] == [["a@example.org"], ["b@example.org"]]
        result = run_cli(
            "--week", WEEK, "--db", db_url, "--send", "--to", "a@example.org,b@example.org", env=env
        )
        assert result.returncode == 4 and len(capture.received) == 2


def test_empty_week_still_sends_with_health(engine: Engine) -> None:
    build_week(engine)
    with smtp_server() as (capture, url):
        report = send_week(engine, "2026-W47", None, url, SENDER, to=["a@example.org"])
        assert report.sent == ["a@example.org"]
        (captured,) = capture.received
        text, html, _ = parts(captured)
        body = lxml.html.fromstring(html).text_content()
        assert "Rien cette semaine" in body and "Rien cette semaine" in text
        assert "Collecte de la semaine" in body and "La Voix du Nord" in body
        assert captured.message["Subject"] == "Veille AICT — semaine 47 (16–22 novembre 2026)"


def test_refused_recipient_fails_and_is_retried_later(engine: Engine) -> None:
    build_week(engine)
    with smtp_server() as (capture, url):
        capture.refuse.add("b@example.org")
        report = send_week(engine, WEEK, None, url, SENDER, to=["a@example.org", "b@example.org"])
        assert report.sent == ["a@example.org"]
        assert [r for r, _ in report.failed] == ["b@example.org"] and report.exit_code == 1
        assert outbox.states(engine, WEEK)["b@example.org"] == "failed"
        capture.refuse.clear()
        again = send_week(engine, WEEK, None, url, SENDER, to=["a@example.org", "b@example.org"])
        assert again.sent == ["b@example.org"] and again.skipped == ["a@example.org"]
        assert [c.rcpt_tos for c in capture.received] == [["a@example.org"], ["b@example.org"]]
        with engine.connect() as conn:
            rows = conn.execute(select(DigestOutbox.recipient, DigestOutbox.attempts)).all()
        assert dict(rows) == {"a@example.org": 1, "b@example.org": 2}


def test_smtp_auth_and_secrets_stay_out_of_errors(engine: Engine) -> None:
    build_week(engine)
    with smtp_server(auth=True) as (capture, url):
        assert send_week(engine, WEEK, None, url, SENDER, to=["a@example.org"]).sent == [
            "a@example.org"
        ]
        assert len(capture.received) == 1
    # An unreachable server: nothing is claimed, and the password never shows in the error.
    closed = url.replace(url.rsplit(":", 1)[1], str(free_port()))
    report = send_week(engine, WEEK, None, closed, SENDER, to=["b@example.org"])
    ((_, why),) = report.failed
    assert "cannot open an SMTP session" in why and PASSWORD not in why
    assert outbox.states(engine, WEEK)["b@example.org"] == "pending"


def test_smtp_urls() -> None:
    s = parse_smtp_url("smtp://u%40x:p%2Fw@mail.example.org:2525?starttls=true")
    assert (s.host, s.port, s.user, s.password, s.starttls, s.implicit_tls) == (
        "mail.example.org",
        2525,
        "u@x",
        "p/w",
        True,
        False,
    )
    assert parse_smtp_url("smtps://mail.example.org").port == 465
    for bad in (
        "http://x",
        "smtp://",
        "smtp://h?tls=1",
        "smtps://h?starttls=true",
        "smtp://h:99999",
    ):
        with pytest.raises(ValueError) as info:
            parse_smtp_url(bad)
        assert "p/w" not in str(info.value)
    assert "p/w" not in repr(s)


# The CLI paths do not depend on the dialect; SQLite keeps these subprocess tests short.
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_cli_errors_are_one_line(engine: Engine, db_url: str, tmp_path: Path) -> None:
    build_week(engine)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "subscriptions:\n  - email: a@example.org\n    territory: dep:73\n", encoding="utf-8"
    )
    env = {"AICT_SMTP_URL": "smtp://127.0.0.1:9", "AICT_DIGEST_FROM": SENDER}
    cases = [
        (
            ["--week", WEEK, "--db", db_url, "--send", "--subscriptions", str(bad)],
            "unknown key 'territory'",
        ),
        (["--week", "2026-47", "--db", db_url], "invalid ISO week"),
        (["--week", WEEK, "--db", db_url, "--send"], "no recipients"),
        (
            ["--week", WEEK, "--db", db_url, "--send", "--to", "x@y\r\nBcc: z@w.org"],
            "invalid --to address",
        ),
    ]
    for args, message in cases:
        result = run_cli(*args, env=env)
        assert result.returncode == 1, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("aict: error: ") and message in lines[0], (
            lines
        )
    no_sender = run_cli(
        "--week",
        WEEK,
        "--db",
        db_url,
        "--send",
        "--to",
        "a@example.org",
        env={"AICT_DIGEST_FROM": ""},
    )
    assert no_sender.returncode == 1 and "AICT_DIGEST_FROM" in no_sender.stderr
    with engine.connect() as conn:
        assert conn.execute(select(DigestOutbox.id)).all() == []  # nothing half-written


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_cli_preview_and_out(engine: Engine, db_url: str, tmp_path: Path) -> None:
    build_week(engine)
    env = {"AICT_AS_OF": "2026-11-12"}  # Thursday of W46: last complete week is W45
    summary = run_cli("--db", db_url, "--subscriptions", subs_file(tmp_path), env=env)
    assert summary.returncode == 0, summary.stderr
    assert SUBJECT in summary.stdout and "savoie@example.org [Savoie" in summary.stdout
    assert len(summary.stdout.splitlines()) <= 20
    page = run_cli("--db", db_url, "--out", "-", env=env)
    assert page.returncode == 0 and page.stdout.lstrip().startswith("<!DOCTYPE html>")
    assert "data:image/png;base64," in page.stdout
    target = tmp_path / "digest.html"
    assert run_cli("--db", db_url, "--out", str(target), env=env).returncode == 0
    assert "Ce qui n'a pas été relayé" in target.read_text(encoding="utf-8")
