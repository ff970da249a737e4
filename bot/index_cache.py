"""Load the knowledge base and its search index, through a compiled cache.

Parsing 830 YAML files and indexing ~56,000 names takes seconds; unpickling the result takes a
fraction of that. The cache is keyed by every knowledge file's path, size and modification time
and by the code that builds it, so any change to either rebuilds it. A cache that cannot be read
or written is simply skipped: it is an optimisation, never a source of truth.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from bot import knowledge as knowledge_module
from bot import local as local_module
from bot import understanding as understanding_package
from bot import words as words_module
from bot.knowledge import Knowledge, load_knowledge
from bot.local import AREAS_FILE, load_areas
from bot.understanding import Tuning, Understanding
from bot.understanding.places import PLACE_NAMES_FILE, PlaceIndex, PlaceNames, load_place_names

_FORMAT = 1


def cache_dir() -> Path:
    """Where compiled indexes live: $CAREERBOT_CACHE, else $XDG_CACHE_HOME/careerbot."""
    explicit = os.environ.get("CAREERBOT_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "careerbot"


def _place(directory: Path) -> str:
    """A short digest of the knowledge directory's path: each checkout keeps its own cache."""
    return hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:12]


def _code() -> list[Path]:
    """The files of the code that loads and indexes the knowledge base."""
    package = Path(understanding_package.__file__ or "").parent
    return [
        Path(knowledge_module.__file__ or ""),
        Path(local_module.__file__ or ""),
        Path(words_module.__file__ or ""),
        *sorted(package.glob("*.py")),
    ]


def fingerprint(directory: Path, tuning: Tuning | None = None) -> str:
    """A digest of the knowledge files' names, sizes and times, of the indexing code and of
    the tuning."""
    digest = hashlib.sha256(f"format {_FORMAT} {tuning or Tuning()!r}".encode())
    root = directory.resolve()
    digest.update(str(root).encode())
    for file in _code():
        digest.update(file.read_bytes())
    for path in sorted(root.rglob("*.yaml")):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def load_understanding(
    directory: Path | str, *, use_cache: bool = True, tuning: Tuning | None = None
) -> tuple[Knowledge, Understanding]:
    """The validated knowledge base and its index; KnowledgeError for a bad knowledge base."""
    loaded = _load(Path(directory), use_cache, tuning)
    # The index lives as long as the process: keep the garbage collector from walking its
    # millions of objects on every collection (which shows as latency spikes per message).
    gc.collect()
    gc.freeze()
    return loaded


def _load(
    directory: Path, use_cache: bool, tuning: Tuning | None
) -> tuple[Knowledge, Understanding]:
    if not use_cache or not directory.is_dir():
        knowledge = load_knowledge(directory)
        return knowledge, Understanding(knowledge, tuning, load_places(directory))
    path = cache_dir() / f"index-{_place(directory)}-{fingerprint(directory, tuning)}.pickle"
    try:
        with path.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, tuple) and len(cached) == 2:
            return cached[0], cached[1]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    knowledge = load_knowledge(directory)
    understanding = Understanding(knowledge, tuning, load_places(directory))
    _store(path, (knowledge, understanding))
    return knowledge, understanding


def load_places(directory: Path) -> PlaceIndex | None:
    """The place index of a knowledge directory; None when it has no areas (no local data)."""
    if not (directory / AREAS_FILE).exists():
        return None
    names = directory / PLACE_NAMES_FILE
    return PlaceIndex.build(
        load_areas(directory / AREAS_FILE),
        load_place_names(names) if names.exists() else PlaceNames({}),
    )


def _store(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Only this directory's older caches: another checkout's stay.
        for old in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.pickle"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass
