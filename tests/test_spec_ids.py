"""Every spec reference in code, tests and docs resolves to a heading in docs/spec/ (issue 14).

Reliability ids (``A21``, ``(P-D3)``, ``reliability.md C5``, ranges such as ``A1–A4`` or
``P-C1…P-C11``) must be ``### <id> —`` headings of docs/spec/reliability.md; ``design.md
"Section"`` must name a heading of docs/spec/design.md; ``taxonomy.md §N`` a numbered section of
docs/spec/taxonomy.md; ``STYLE rule N`` a numbered rule of docs/spec/style.md.

Tokens of the id families that are not citations are left out on purpose: the F1 score (only a
bare ``F1`` of the digest case needs the heading, and it exists), ``C0``/``C1`` control
characters (``C0`` is no id: numbering starts at 1), and the item labels of the cookbook
scenario (``C0``…``D6`` name articles there). A new false positive belongs in ``NOT_IDS`` with
its reason, never a renamed spec heading.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "docs" / "spec"
SCANNED = (
    "cli", "crawlers", "nlp", "storage", "measure", "digest", "models", "dags", "docs",
    "tests", "benchmarks", "scripts", "README.md", "BENCHMARKS.md", "Makefile",
)  # fmt: skip
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".sql", ".j2", ".cfg", ".toml"}
#: Files where family-shaped tokens are data, not citations.
EXCLUDED = {
    "tests/measure/cookbook_scenario.py": "article labels of the cookbook scenario (C0…D6, P1)",
    "tests/measure/test_cookbook_values.py": "the same scenario labels in expected values",
    "tests/test_spec_ids.py": "this module's own examples and patterns",
}
EXCLUDED_DIRS = ("tests/fixtures/", "demoweb/material/", "nlp/corpus/")
#: Family-shaped tokens that are never requirement ids.
NOT_IDS = {"C0": "C0 control characters (ids start at 1)"}

ID = r"(?:P-[CDASFL][0-9]{1,2}|[A-G][0-9]{1,2})"
TOKEN = re.compile(rf"(?<![\w-])({ID})(?![\w])")
RANGE = re.compile(rf"(?<![\w-])({ID})\s*(?:–|…|\.\.\.)\s*({ID})(?![\w])")
HEADING = re.compile(rf"^### ({ID}) — ", re.MULTILINE)
DESIGN_REF = re.compile(r"design\.md(?:'s)?,?\s+\"([^\"]+)\"")
TAXONOMY_REF = re.compile(r"taxonomy\.md,?\s+(?:§\s*|section\s+)([0-9]+)")
STYLE_REF = re.compile(r"STYLE rule ([0-9]+)")


def scanned_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for f in candidates:
            rel = f.relative_to(ROOT).as_posix()
            if not f.is_file() or "__pycache__" in rel:
                continue
            if f.suffix not in SUFFIXES and f.name != "Makefile":
                continue
            if rel in EXCLUDED or rel.startswith(EXCLUDED_DIRS):
                continue
            files.append(f)
    return files


def split_id(token: str) -> tuple[str, int]:
    match = re.fullmatch(r"(P-[A-Z]|[A-G])([0-9]+)", token)
    assert match, token
    return match.group(1), int(match.group(2))


def cited_ids(text: str) -> set[str]:
    """Family tokens of ``text``, ranges expanded, known non-ids left out."""
    ids = {t for t in TOKEN.findall(text) if t not in NOT_IDS}
    for start, end in RANGE.findall(text):
        (family, low), (family_end, high) = split_id(start), split_id(end)
        if family == family_end and low < high:
            ids.update(f"{family}{n}" for n in range(low, high + 1))
    return ids


def normalised(title: str) -> str:
    return " ".join(re.sub(r"[\"'`“”«»,.:()]", " ", title).lower().split())


def headings(path: Path) -> list[str]:
    return [normalised(h) for h in re.findall(r"^#+ (.+)$", path.read_text(), re.MULTILINE)]


def citations() -> dict[str, set[str]]:
    """id → files citing it, over every scanned file."""
    found: dict[str, set[str]] = {}
    for f in scanned_files():
        for token in cited_ids(f.read_text(errors="replace")):
            found.setdefault(token, set()).add(f.relative_to(ROOT).as_posix())
    return found


def test_spec_files_exist() -> None:
    for name in ("README.md", "design.md", "reliability.md", "taxonomy.md", "style.md"):
        assert (SPEC / name).is_file(), name


def test_reliability_defines_every_family_in_full_once() -> None:
    defined = HEADING.findall((SPEC / "reliability.md").read_text())
    assert len(defined) == len(set(defined)), "an id is defined twice"
    expected = {"P-C": 11, "P-D": 6, "P-A": 5, "P-S": 2, "P-F": 4, "P-L": 3}
    expected |= {"A": 21, "B": 12, "C": 9, "D": 6, "E": 5, "F": 7, "G": 4}
    want = {f"{family}{n}" for family, count in expected.items() for n in range(1, count + 1)}
    assert set(defined) == want


def test_every_cited_id_is_defined() -> None:
    defined = set(HEADING.findall((SPEC / "reliability.md").read_text()))
    cited = citations()
    assert len(cited) > 40, "the scan found almost nothing: is SCANNED right?"
    missing = {i: sorted(files) for i, files in cited.items() if i not in defined}
    assert not missing, (
        f"ids cited but not defined in docs/spec/reliability.md: {missing} — define them, or, if "
        "the token is not a requirement id, list it in NOT_IDS / EXCLUDED with the reason"
    )


def test_cited_ranges_expand() -> None:
    assert cited_ids("(P-C1, A1–A4)") == {"P-C1", "A1", "A2", "A3", "A4"}
    assert cited_ids("reliability.md P-C1…P-C11") == {f"P-C{n}" for n in range(1, 12)}
    assert cited_ids("macro-F1 0.9, C0/C1 controls, 2026-W47, E088") == {"C1"}


def test_design_and_taxonomy_sections_exist() -> None:
    design = headings(SPEC / "design.md")
    taxonomy = headings(SPEC / "taxonomy.md")
    style = (SPEC / "style.md").read_text()
    problems = []
    for f in scanned_files():
        text = " ".join(f.read_text(errors="replace").split())
        rel = f.relative_to(ROOT).as_posix()
        for title in DESIGN_REF.findall(text):
            if not any(h.startswith(normalised(title)) for h in design):
                problems.append(f'{rel}: design.md "{title}"')
        for number in TAXONOMY_REF.findall(text):
            if not any(h.startswith(f"{number} ") for h in taxonomy):
                problems.append(f"{rel}: taxonomy.md §{number}")
        for number in STYLE_REF.findall(text):
            if not re.search(rf"^{number}\. \*\*", style, re.MULTILINE):
                problems.append(f"{rel}: STYLE rule {number}")
    assert not problems, problems
