"""nlp.environment: the tagger model and the training tools' settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.environment import NlpSettings


def test_defaults() -> None:
    settings = NlpSettings.from_env({})
    assert settings == NlpSettings()
    assert settings.tagger_model == "combined"
    assert settings.cv_cache == Path("/tmp/aict_cv")
    assert settings.cv_exclude == frozenset()
    assert settings.train_debug is None
    assert settings.train_corrections_db is None


def test_overrides() -> None:
    settings = NlpSettings.from_env(
        {
            "AICT_TAGGER_MODEL": "actors",
            "AICT_CV_CACHE": "/var/cache/cv",
            "AICT_CV_EXCLUDE": "n9,,n10",
            "AICT_TRAIN_DEBUG": "/tmp/errors.json",
            "AICT_TRAIN_CORRECTIONS_DB": "sqlite:///c.db",
        }
    )
    assert settings.tagger_model == "actors"
    assert settings.cv_cache == Path("/var/cache/cv")
    assert settings.cv_exclude == {"n9", "n10"}
    assert settings.train_debug == "/tmp/errors.json"
    assert settings.train_corrections_db == "sqlite:///c.db"


def test_empty_model_name_is_the_default() -> None:
    from nlp.version import DEFAULT_MODEL

    assert NlpSettings.from_env({"AICT_TAGGER_MODEL": ""}).tagger_model == DEFAULT_MODEL
    assert NlpSettings.from_env({"AICT_TAGGER_MODEL": "classic"}).tagger_model == "classic"


def test_cv_trials() -> None:
    env = {"AICT_CV_STACKER_C": "2.5", "AICT_CV_COUNTRY_C": ""}
    assert NlpSettings.cv_trial("STACKER_C", env) == "2.5"
    assert NlpSettings.cv_trial("COUNTRY_C", env) is None


def test_model_chosen_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp.version import MODELS, selected_model_dir

    monkeypatch.setenv("AICT_TAGGER_MODEL", "actors")
    assert selected_model_dir() == MODELS["actors"]
    monkeypatch.setenv("AICT_TAGGER_MODEL", "neural")
    with pytest.raises(ValueError, match="AICT_TAGGER_MODEL='neural'"):
        selected_model_dir()
