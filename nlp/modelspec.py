"""What a packaged model folder is made of: its own weights, or a combination of two folders.

A plain model folder (``nlp/model``, ``nlp/model/actors``) holds everything the pipeline reads:
``classifier/``, ``thresholds.json``, ``countries.json`` and, for the actor-aware decision,
``stacker.json``. A *combined* model (``nlp/model/combined``) holds only a ``meta.json`` whose
``combines`` key names, relative to the folder,

- ``decision``: the model that decides and tags (its classifier, thresholds, country chooser
  and stacker), and
- ``borrowed_objects``: ``{"model": folder, "labels": [...]}``, a model whose classifier and
  thresholds decide those object labels instead (the default takes ``delegation`` from the
  issue-4 classifier: the two test splits label it differently, docs/tagger.md).

No weights are copied, so retraining either model changes the combined one; its version hash
covers every file under the folders it reads (:attr:`ModelSpec.files_root`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModelSpec:
    """The folders one packaged model reads (see the module docstring)."""

    folder: Path
    decision: Path
    borrowed: Path | None = None
    borrowed_labels: tuple[str, ...] = ()

    @classmethod
    def load(cls, folder: Path) -> ModelSpec:
        """The spec of ``folder``: itself, or what its ``meta.json``'s ``combines`` names."""
        meta_file = folder / "meta.json"
        combines = None
        if meta_file.exists():
            combines = json.loads(meta_file.read_text(encoding="utf-8")).get("combines")
        if not combines:
            return cls(folder, folder)
        decision = (folder / combines["decision"]).resolve()
        borrowed_objects = combines.get("borrowed_objects") or {}
        borrowed = borrowed_objects.get("model")
        labels = tuple(borrowed_objects.get("labels") or ())
        if borrowed is None or not labels:
            return cls(folder, decision)
        return cls(folder, decision, (folder / borrowed).resolve(), labels)

    @property
    def files_root(self) -> Path:
        """The smallest folder holding every folder this model reads (what its version hashes)."""
        folders = [self.folder.resolve(), self.decision]
        if self.borrowed is not None:
            folders.append(self.borrowed)
        root = Path(os.path.commonpath(folders))
        # A plain folder is returned as given (not resolved): its files then hash under the
        # same names as before combined models existed, so its nlp_version does not move.
        return self.folder if root == self.folder.resolve() else root
