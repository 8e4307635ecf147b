"""`aict tag-text` (JSONL in → JSONL out, no database) and `aict tag` (tags stored articles)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from cli.app import EXIT_ERROR, DbOption, app, count, errors_as_one_line, fail

BATCH = 64


def parse_line(number: int, line: str) -> tuple[dict[str, Any] | None, str | None]:
    """A valid tag-text input object, or the error line for stderr."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(obj, dict):
        return None, f"line {number}: expected a JSON object"
    if not isinstance(obj.get("id"), str) or not obj["id"]:
        return None, f"line {number}: 'id' must be a non-empty string"
    if not isinstance(obj.get("text"), str):
        return None, f"line {number}: 'text' must be a string"
    title = obj.get("title", "")
    if title is not None and not isinstance(title, str):
        return None, f"line {number}: 'title' must be a string"
    return {"id": obj["id"], "text": obj["text"], "title": title or ""}, None


def _lines(source: TextIO) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(source, start=1):
        if line.strip():
            yield number, line


@app.command("tag-text")
def tag_text(
    file: Annotated[str, typer.Argument(help="JSONL file, or - for standard input.")] = "-",
) -> None:
    """Tag JSONL texts ({"id","title","text"}) and print one JSON result per line."""
    # Imported here, not at module level: `aict` starts without spaCy; the tagger then loads
    # what it needs on first use (docs/tagger.md, "Lazy loading").
    from nlp.pipeline import Tagger, TextIn

    if file != "-" and not Path(file).is_file():
        raise fail(f"no such file: {file}")
    tagger = Tagger()
    bad = 0
    out = sys.stdout
    with errors_as_one_line(), open(file, encoding="utf-8") if file != "-" else sys.stdin as src:
        batch: list[TextIn] = []

        def flush() -> None:
            for item_id, record in tagger.tag(batch, batch_size=BATCH):
                line = {"id": item_id, **record.to_json()}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
            batch.clear()

        for number, line in _lines(src):
            item, error = parse_line(number, line)
            if error:
                bad += 1
                typer.echo(error, err=True)
                continue
            assert item is not None
            batch.append(TextIn(item["id"], item["text"], item["title"]))
            if len(batch) >= BATCH:
                flush()
        flush()
    if bad:
        raise typer.Exit(EXIT_ERROR)


@app.command()
def tag(
    db: DbOption = None,
    retag: Annotated[bool, typer.Option("--retag", help="Tag every article again.")] = False,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.")] = 500,
) -> None:
    """Tag articles without a tag of the current nlp_version (idempotent)."""
    from nlp.batch import tag_database
    from storage.engine import open_initialised

    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            run = tag_database(engine, retag=retag, batch_size=batch_size)
        finally:
            engine.dispose()
    typer.echo(f"tagged {count(run.tagged, 'article')} with {run.version}: {run.aict:,} about AICT")
