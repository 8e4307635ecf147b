"""What a tagger process rebuilds identically every time, kept on disk so it starts fast.

Two things cost most of the start of a process that meets a candidate (``aict tag-text`` on one
AICT text: 6 s, issue 11 asks for 3):

- **spaCy's French ``token_match``** (hyphenated and elided words): importing ``spacy.lang.fr``
  compiles one pattern of 1.4 million characters under ``(?iu)``, about 2 s. Python's ``re``
  keeps compiled patterns in memory only. :func:`warm_french` rebuilds the compiled program
  of each stored pattern (the opcode list ``re._compiler`` produces) with ``_sre.compile`` in a
  few milliseconds and puts it in ``re``'s own cache, where spaCy's ``re.compile`` finds it.
  ``re`` looks a pattern up by its text and flags, so a pattern that changed (another spaCy) is
  not found and is compiled as before, then stored for the next processes (one more compile,
  once per installation; ``make install`` does it).
- **Indexes built from reference data** (the GeoNames towns, :func:`cached`): stored with
  ``marshal`` under a key that hashes everything they are built from.
- **The gazetteers' name alternations** (:func:`compile_pattern`): the collectivités' council names and
  the countries' names and places, compiled the same way as spaCy's pattern (0.15 s together).
- **py3langid's model** (:func:`language_identifier`): 4.5 MB of xz holding 68 MB of arrays,
  decompressed by every process in about 0.45 s. Kept uncompressed as ``.npy`` files, mapped
  from disk, under a key that hashes the packaged model file and names py3langid's version.

Files live in ``$AICT_CACHE_DIR`` (default ``<sys.prefix>/var/cache/aict``: one per virtual
environment, as the compiled programs are one per interpreter; ``AICT_CACHE_DIR=off`` disables
the cache). A file is used only when its header names this interpreter and regex engine and its
checksum holds; anything unexpected (another Python, a truncated file, a read-only folder, a
``re`` module without the cache this relies on) falls back to building, never to an error.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

FORMAT = 1
#: Patterns shorter than this compile in milliseconds: not worth a file.
MIN_PATTERN_CHARS = 100_000
_PATTERNS_FILE = "re-programs.bin"


def cache_dir() -> Path | None:
    """The cache folder (``AICT_CACHE_DIR``, else one in the environment's prefix), or None
    when the cache is off."""
    from nlp.environment import NlpSettings

    configured = NlpSettings.from_env().cache_dir
    if configured is None:
        return Path(sys.prefix) / "var" / "cache" / "aict"
    if configured.strip().lower() in ("", "off", "0", "none"):
        return None
    return Path(configured)


def _engine() -> str:
    """What a compiled program depends on: the interpreter's build and its regex engine."""
    import _sre  # type: ignore[import-not-found]  # CPython's regex engine, no stubs

    return f"{sys.implementation.name} {sys.version} sre {_sre.MAGIC} {_sre.CODESIZE}"


def _read(path: Path, header: str) -> Any:
    """The value stored in ``path`` under ``header``, or None (missing, foreign or damaged)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head, sep, rest = blob.partition(b"\n")
    digest, sep2, payload = rest.partition(b"\n")
    if not (sep and sep2) or head.decode("utf-8", "replace") != header:
        return None
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        log.warning("start cache %s is damaged; rebuilding", path)
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def _write(path: Path, header: str, value: Any) -> None:
    """Store ``value`` atomically (a temporary file renamed over the old one); best effort."""
    try:
        payload = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        blob = b"%s\n%s\n%s" % (
            header.encode("utf-8"),
            hashlib.sha256(payload).hexdigest().encode(),
            payload,
        )
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.chmod(tmp, 0o644)  # readable by every user of the environment, as its packages
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError) as exc:  # a read-only or full disk: the next process rebuilds
        log.debug("start cache %s not written: %s", path, exc)


# --- compiled regular expressions -----------------------------------------------------------


def _re_cache() -> dict[Any, Any] | None:
    """``re``'s in-process cache, keyed ``(type, pattern, flags)`` in CPython 3.11 to 3.13."""
    cache = getattr(re, "_cache", None)
    if sys.implementation.name != "cpython" or not isinstance(cache, dict):
        return None
    return cache


def program(pattern: str, flags: int = 0) -> tuple[Any, ...]:
    """The compiled program of ``pattern`` as plain values, as ``re._compiler.compile`` makes it."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        flags | parsed.state.flags,
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def rebuild(pattern: str, stored: tuple[Any, ...]) -> re.Pattern[str]:
    """The ``re.Pattern`` of a stored program (equal to ``re.compile(pattern)``'s)."""
    import _sre

    final_flags, code, groups, groupindex, indexgroup = stored
    compiled: re.Pattern[str] = _sre.compile(
        pattern, final_flags, code, groups, groupindex, indexgroup
    )
    return compiled


def _patterns_path() -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / _PATTERNS_FILE


def _patterns_header() -> str:
    return f"aict-re {FORMAT} {_engine()}"


def stored_programs() -> dict[tuple[str, int], tuple[Any, ...]]:
    """The stored programs, keyed ``(pattern, flags)`` as ``re`` keys its cache ({} if none)."""
    path = _patterns_path()
    if _re_cache() is None or path is None:
        return {}
    stored = _read(path, _patterns_header())
    return stored if isinstance(stored, dict) else {}


def preload_patterns(stored: dict[tuple[str, int], tuple[Any, ...]]) -> int:
    """Put the ``stored`` programs in ``re``'s cache; how many."""
    cache = _re_cache()
    if cache is None:
        return 0
    loaded = 0
    for (pattern, flags), entry in stored.items():
        try:
            cache[(str, pattern, flags)] = rebuild(pattern, entry)
        except (RuntimeError, TypeError, ValueError) as exc:  # the engine refused the program
            log.warning("start cache: a stored pattern is unusable (%s)", exc)
            break
        loaded += 1
    return loaded


def remember_patterns(
    patterns: Iterable[re.Pattern[str]],
    stored: dict[tuple[str, int], tuple[Any, ...]],
    min_chars: int = MIN_PATTERN_CHARS,
) -> int:
    """Store the patterns of ``patterns`` of at least ``min_chars`` that ``stored`` lacks; how
    many were added (``stored`` then holds what the file holds).

    Only patterns compiled without flags arguments (spaCy passes none; its flags are inline,
    ``(?iu)``) are stored: the rebuilt program must equal the compiled one
    (``re.Pattern.__eq__`` compares the compiled code), else the pattern is left to ``re``.
    The file is read again just before writing, so that what another caller stored meanwhile
    (spaCy's pattern, the gazetteers') is kept.
    """
    path = _patterns_path()
    if _re_cache() is None or path is None:
        return 0
    added = 0
    for compiled in patterns:
        if not isinstance(compiled.pattern, str) or len(compiled.pattern) < min_chars:
            continue
        if (compiled.pattern, 0) in stored:
            continue
        entry = program(compiled.pattern)
        if rebuild(compiled.pattern, entry) != compiled:
            continue
        stored[(compiled.pattern, 0)] = entry
        added += 1
    if added:
        merged = _pruned({**stored_programs(), **stored})
        _write(path, _patterns_header(), merged)
        stored.clear()  # the caller's view follows the file (a pruned entry stays pruned)
        stored.update(merged)
    return added


#: Stored patterns shorter than :data:`MIN_PATTERN_CHARS` (the gazetteers') kept at most: a
#: changed term list or reference file makes another pattern, and the file should not grow
#: with every change.
MAX_SHORT_PATTERNS = 8


def _pruned(
    stored: dict[tuple[str, int], tuple[Any, ...]],
) -> dict[tuple[str, int], tuple[Any, ...]]:
    """``stored`` without its oldest short patterns beyond :data:`MAX_SHORT_PATTERNS` (entries
    keep their insertion order through ``marshal``; a new one comes last)."""
    short = [key for key in stored if len(key[0]) < MIN_PATTERN_CHARS]
    drop = set(short[: max(0, len(short) - MAX_SHORT_PATTERNS)])
    return {key: value for key, value in stored.items() if key not in drop}


#: Gazetteer alternations worth storing (the collectivités' council names: 46,000 characters,
#: 0.1 s to compile; the countries' names and places: 11,000–12,000, 0.02 s each).
MIN_GAZETTEER_CHARS = 5_000


@cache
def _programs() -> dict[tuple[str, int], tuple[Any, ...]]:
    """The stored programs, read once per process (the dict :func:`compile_pattern` adds to)."""
    return stored_programs()


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)`` (no flags argument) through the start cache: a stored program
    is rebuilt in milliseconds; a pattern not stored yet is compiled, then stored for the next
    processes when it is long (:data:`MIN_GAZETTEER_CHARS`). The gazetteers' name alternations
    change only with the reference data and the cue lists, and a changed list is another
    pattern text, hence another entry."""
    stored = _programs()
    entry = stored.get((pattern, 0))
    if entry is not None:
        try:
            return rebuild(pattern, entry)
        except (RuntimeError, TypeError, ValueError) as exc:  # the engine refused the program
            log.warning("start cache: a stored pattern is unusable (%s)", exc)
    compiled = re.compile(pattern)
    remember_patterns([compiled], stored, MIN_GAZETTEER_CHARS)
    return compiled


def french_tokenizer_patterns() -> list[re.Pattern[str]]:
    """The long compiled patterns of spaCy's French language data (imports ``spacy.lang.fr``)."""
    from spacy.lang.fr import tokenizer_exceptions

    pattern: re.Pattern[str] = tokenizer_exceptions.TOKEN_MATCH.__self__  # type: ignore[attr-defined]
    return [pattern]


def warm_french() -> None:
    """Call before spaCy's French module is imported: the stored patterns go to ``re``'s cache,
    then the module is imported and what it had to compile is stored for the next processes
    (one more compile of the long pattern, once per installation; ``make install`` does it)."""
    if "spacy.lang.fr.tokenizer_exceptions" in sys.modules:
        return
    stored = stored_programs()
    preload_patterns(stored)
    remember_patterns(french_tokenizer_patterns(), stored)


# --- indexes --------------------------------------------------------------------------------


def fingerprint(paths: Iterable[Path], *extra: str) -> str:
    """A key over the contents of ``paths`` and ``extra`` strings (versions, parameters): each
    file's name and SHA-256, so no two sets of files run together into one byte string."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(f"{path.name}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for item in extra:
        digest.update(b"\0" + item.encode())
    return digest.hexdigest()


@cache
def _data_fingerprint() -> str:
    """:func:`fingerprint` of every data file the tagger reads and the data packages' versions
    (9 MB hashed once per process, whatever number of cached values uses it)."""
    from nlp.version import package_versions, tagger_files

    return fingerprint(tagger_files(), repr(sorted(package_versions().items())))


def data_key(*modules: ModuleType) -> str:
    """A key over every data file the tagger reads (:func:`nlp.version.tagger_files`), the data
    packages' versions and the source of ``modules`` (the code that builds the value).

    Not :func:`nlp.version.nlp_version`: that hash follows the selected model, so processes of
    the two models would overwrite each other's entries, and it keeps 8 hex digits only."""
    sources = [Path(module.__file__ or "") for module in modules]
    return fingerprint(sources, _data_fingerprint())


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``, or its value stored under ``name`` when ``key`` matches (marshal values only:
    dicts, lists, tuples, strings, numbers)."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}.bin"
    header = f"aict-{name} {FORMAT} {sys.version_info[0]}.{sys.version_info[1]} {key}"
    value = _read(path, header)
    if value is None:
        value = build()
        _write(path, header, value)
    return value  # type: ignore[no-any-return]


# --- py3langid's model ----------------------------------------------------------------------

_LANGID_PARTS = ("ptc", "pc", "classes", "nextmove", "row", "output")
_ARRAY_CODES = {2: "H", 4: "I", 8: "L"}  # item size of the DFA tables -> stdlib array code


def _langid_arrays(model: tuple[Any, ...]) -> dict[str, Any]:
    """py3langid's loaded model (``modelio.load_model``) as one numpy array per part."""
    import numpy as np

    ptc, pc, classes, nextmove, row, output = model
    return {
        "ptc": np.asarray(ptc),
        "pc": np.asarray(pc),
        "classes": np.asarray(classes),
        "nextmove": np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
        "row": np.frombuffer(row, dtype=f"u{row.itemsize}"),
        "output": np.asarray(output, dtype=np.int32),
    }


def _langid_model(arrays: dict[str, Any]) -> tuple[Any, ...]:
    """The parts :class:`py3langid.langid.LanguageIdentifier` takes, from :func:`_langid_arrays`."""
    from array import array

    def table(values: Any) -> array[int]:
        import numpy as np

        out = array(_ARRAY_CODES[values.dtype.itemsize])
        out.frombytes(np.ascontiguousarray(values).data.cast("B"))  # one copy, not two
        return out

    return (
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        table(arrays["nextmove"]),
        table(arrays["row"]),
        arrays["output"].tolist(),
    )


def _read_langid(folder: Path) -> dict[str, Any] | None:
    import numpy as np

    try:
        return {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _LANGID_PARTS}
    except (OSError, ValueError):
        return None


def _write_langid(folder: Path, arrays: dict[str, Any]) -> None:
    """The arrays in a temporary folder renamed to ``folder`` (complete or absent), replacing an
    unreadable one and the folders of other py3langid models (an upgrade's); best effort."""
    import shutil

    import numpy as np

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        for old in folder.parent.glob("py3langid-*"):
            if old.is_dir():  # this key's folder was unreadable; the others are superseded
                shutil.rmtree(old, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
        try:
            for name, values in arrays.items():
                np.save(tmp / f"{name}.npy", values, allow_pickle=False)
            os.chmod(tmp, 0o755)
            os.replace(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError as exc:  # read-only, full, or another process renamed first
        log.debug("start cache %s not written: %s", folder, exc)


@cache
def language_identifier() -> Any:
    """The identifier ``py3langid.classify`` uses (its packaged model, raw scores), with the
    model's arrays from the start cache when it is on (built and stored on the first call)."""
    from importlib.metadata import version

    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import load_model

    source = MODEL_DIR / MODEL_FILE
    root = cache_dir()
    if root is None:
        return LanguageIdentifier.from_model_file(source)
    key = fingerprint([source], version("py3langid"), str(FORMAT))
    folder = root / f"py3langid-{key[:20]}"
    arrays = _read_langid(folder)
    if arrays is None:
        if folder.exists():
            log.warning("start cache %s is damaged; rebuilding", folder)
        arrays = _langid_arrays(load_model(source))
        _write_langid(folder, arrays)
    ptc, pc, classes, nextmove, row, output = _langid_model(arrays)
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, tk_row=row)


def fill() -> list[str]:
    """Build every cached item now (``make install``, the Docker image); what is in the cache."""
    folder = cache_dir()
    if folder is None:
        return []
    from nlp.gazetteer import collectivite_index, country_index
    from nlp.places import world_places

    warm_french()
    collectivite_index()
    country_index()
    country_index(regional=True)
    world_places()
    language_identifier()
    return sorted(path.name for path in folder.glob("*") if not path.name.startswith("."))


def main() -> int:
    """``python -m nlp.startcache``: fill the start cache and say where it is."""
    names = fill()
    folder = cache_dir()
    if folder is None:
        print("start cache off (AICT_CACHE_DIR=off)")
        return 0
    missing = {_PATTERNS_FILE, "world-places.bin", "collectivite-rows.bin"} - set(names)
    print(f"start cache {folder}: {', '.join(names) or 'empty'}")
    if missing:
        print(f"not written (read-only folder?): {', '.join(sorted(missing))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
