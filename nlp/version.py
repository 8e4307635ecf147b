"""The tagger's version string, stored with every tag so articles can be re-tagged after a change."""

from __future__ import annotations

import json
from pathlib import Path

MODEL_DIR = Path(__file__).with_name("model")


def nlp_version() -> str:
    """``<name>-<version>+<weights hash>`` of the packaged model, or ``none`` without a model.

    The hash makes every retrained model a new version, so ``aict tag`` re-tags after it.
    """
    meta = MODEL_DIR / "meta.json"
    if not meta.exists():
        return "none"
    data = json.loads(meta.read_text(encoding="utf-8"))
    sha = str(data.get("model_sha256", ""))[:8]
    return f"{data.get('name', 'aict')}-{data.get('version', '0')}+{sha}"
