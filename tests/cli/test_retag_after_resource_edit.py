"""Editing a term list makes `aict tag` re-tag: end to end with the CLI on SQLite.

The edit is made in a private tree (the project with its own copy of ``nlp/resources``, every
other entry linked), so the test never writes into the project.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import func, select

from models import Tag, TagCountry, TagObject
from storage.engine import make_engine, write_session
from storage.upserts import upsert_articles
from tests.cli.test_tagging import AICT_TEXT
from tests.conftest import copy_sqlite
from tests.support.cli import run_aict
from tests.support.data import add_source, make_article

REPO = Path(__file__).resolve().parents[2]


def tree_with_own_resources(tmp_path: Path) -> Path:
    """A tree that runs the project but reads its tagger resources from a private copy."""
    root = tmp_path / "tree"
    (root / "nlp").mkdir(parents=True)
    for entry in REPO.iterdir():
        if not entry.name.startswith(".") and entry.name != "nlp":
            (root / entry.name).symlink_to(entry)
    for entry in (REPO / "nlp").iterdir():
        if entry.name == "resources":
            shutil.copytree(entry, root / "nlp" / "resources")
        elif entry.name != "__pycache__":
            (root / "nlp" / entry.name).symlink_to(entry)
    return root


def aict(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`aict` run from ``cwd`` (``python -m cli`` imports the packages found there first)."""
    return run_aict(*args, cwd=cwd, timeout=300, env={"PYTHONDONTWRITEBYTECODE": "1"})


def _versions(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        rows = conn.execute(select(Tag.nlp_version, func.count()).group_by(Tag.nlp_version))
        return dict(rows.all())


def test_editing_a_term_list_retags(tmp_path: Path, sqlite_template: Path) -> None:
    url = copy_sqlite(sqlite_template, tmp_path / "aict.db")
    engine = make_engine(url)
    with write_session(engine) as s:
        sid = add_source(s)
        rows = [make_article(sid, n) for n in range(3)]
        rows.append(make_article(sid, 99, title="Coopération avec le Burkina", text=AICT_TEXT))
        upsert_articles(s, rows)
    first = aict(REPO, "tag", "--db", url)
    assert first.returncode == 0, first.stderr
    assert "tagged 4 articles" in first.stdout and "1 about AICT" in first.stdout
    [(old, _)] = _versions(engine).items()
    with engine.connect() as conn:
        objects = conn.scalar(select(func.count()).select_from(TagObject))

    tree = tree_with_own_resources(tmp_path)
    terms = tree / "nlp" / "resources" / "prefilter_terms.txt"
    terms.write_text(terms.read_text(encoding="utf-8") + "zzaictretagtest\n", encoding="utf-8")
    shown = aict(tree, "--version")
    new = re.search(r"nlp_version (\S+)\)", shown.stdout).group(1)  # type: ignore[union-attr]
    assert new != old and new.split("+")[0] == old.split("+")[0]

    second = aict(tree, "tag", "--db", url)
    assert second.returncode == 0, second.stderr
    assert f"tagged 4 articles with {new}: 1 about AICT" in second.stdout
    assert _versions(engine) == {new: 4}  # every old tag replaced
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(TagObject)) == objects
        assert conn.scalar(select(TagCountry.country_iso2)) == "BF"
    again = aict(tree, "tag", "--db", url)
    assert again.returncode == 0 and "tagged 0 articles" in again.stdout
    engine.dispose()
