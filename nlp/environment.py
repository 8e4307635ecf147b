"""What the tagger reads from the environment (README "Configuration"; the rules are
:mod:`storage.environment`'s): which packaged model tags, and the developer settings of the
training tools (:mod:`nlp.training`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from storage.environment import read_environment


@dataclass(frozen=True)
class NlpSettings:
    #: ``AICT_TAGGER_MODEL``: ``combined``, ``actors`` or ``classic`` (checked by nlp.version);
    #: empty: ``combined``, the default (docs/tagger.md "Three packaged models").
    tagger_model: str = "combined"
    #: ``AICT_CACHE_DIR``: the tagger's start cache (nlp.startcache); None: its default;
    #: ``off`` (or empty): no cache.
    cache_dir: str | None = None
    #: ``AICT_CV_CACHE``: the cross-validation tool's cache of scores and parses.
    cv_cache: Path = Path("/tmp/aict_cv")
    #: ``AICT_CV_EXCLUDE``: corpus batches the cross-validation leaves out (comma-separated).
    cv_exclude: frozenset[str] = frozenset()
    #: ``AICT_TRAIN_DEBUG``: a file where training writes the decision's errors; None: none.
    train_debug: str | None = None
    #: ``AICT_TRAIN_CORRECTIONS_DB``: a database whose corrections training also reads.
    train_corrections_db: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> NlpSettings:
        env = read_environment(environ)
        return cls(
            tagger_model=env.get("AICT_TAGGER_MODEL") or "combined",
            cache_dir=env.get("AICT_CACHE_DIR"),
            cv_cache=Path(env.get("AICT_CV_CACHE", "/tmp/aict_cv")),
            cv_exclude=frozenset(b for b in env.get("AICT_CV_EXCLUDE", "").split(",") if b),
            train_debug=env.get("AICT_TRAIN_DEBUG") or None,
            train_corrections_db=env.get("AICT_TRAIN_CORRECTIONS_DB"),
        )

    @staticmethod
    def cv_trial(name: str, environ: Mapping[str, str] | None = None) -> str | None:
        """``AICT_CV_<NAME>``: a trial value of a training constant for one run; None: unset."""
        return read_environment(environ).get(f"AICT_CV_{name}") or None
