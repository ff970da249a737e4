"""The compiled index cache: rebuilt when the knowledge changes or the cache is damaged, and
never touching another knowledge directory's cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.index_cache import load_understanding

FOUNDING = "careers/industrial-production-managers.yaml"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CAREERBOT_CACHE", str(directory))
    return directory


def _cached(cache: Path) -> list[Path]:
    found = sorted(cache.glob("index-*.pickle"))
    assert found, f"no cache file in {cache}"
    return found


def test_first_load_writes_the_cache_and_the_second_reads_it(
    knowledge_copy: Path, cache: Path
) -> None:
    knowledge, _ = load_understanding(knowledge_copy)
    [written] = _cached(cache)
    before = written.stat().st_mtime_ns
    again, _ = load_understanding(knowledge_copy)
    assert [c.id for c in again.careers] == [c.id for c in knowledge.careers]
    assert _cached(cache) == [written]
    assert written.stat().st_mtime_ns == before  # read, not rewritten


def test_a_knowledge_edit_rebuilds_the_cache(knowledge_copy: Path, cache: Path) -> None:
    knowledge, _ = load_understanding(knowledge_copy)
    assert knowledge.careers[0].title == "Industrial Production Managers"
    file = knowledge_copy / FOUNDING
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("title: Industrial Production Managers", "title: Plant Bosses", 1),
        encoding="utf-8",
    )
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 10**9))
    edited, understanding = load_understanding(knowledge_copy)
    assert edited.careers[0].title == "Plant Bosses"
    assert understanding.interpret("plant bosses").candidates[0].career_id == edited.careers[0].id
    assert len(_cached(cache)) == 1  # the stale cache of this directory is gone


def test_a_corrupt_cache_file_is_rebuilt(knowledge_copy: Path, cache: Path) -> None:
    load_understanding(knowledge_copy)
    [written] = _cached(cache)
    written.write_bytes(b"not a pickle at all")
    knowledge, understanding = load_understanding(knowledge_copy)
    assert knowledge.careers[0].title == "Industrial Production Managers"
    assert understanding.interpret("production manager salary").intent == "salary"
    assert written.read_bytes() != b"not a pickle at all"


def test_another_directorys_cache_is_kept(
    knowledge_copy: Path, cache: Path, tmp_path: Path
) -> None:
    load_understanding(knowledge_copy)
    [first] = _cached(cache)
    other = tmp_path / "other-checkout" / "knowledge"
    other.parent.mkdir()
    knowledge_copy.rename(other)
    load_understanding(other)
    assert first.exists()
    assert len(_cached(cache)) == 2


def test_the_cache_is_keyed_by_every_module_that_reads_names() -> None:
    # The index holds words as these modules read them: a change to any must rebuild it.
    from bot import index_cache, knowledge, words
    from bot.understanding import reader, spelling

    keyed = set(index_cache._code())
    for module in (knowledge, words, reader, spelling):
        assert Path(module.__file__ or "") in keyed, module.__name__
