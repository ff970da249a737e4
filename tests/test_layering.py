"""The layering: the core (knowledge, words, understanding, dialogue, answers, replies) is pure and
never imports a transport or a service library, directly or through another bot module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
CORE = (
    "knowledge", "local", "words", "understanding", "dialogue", "answers", "replies", "charts",
    "chart_answers",
)  # fmt: skip
FORBIDDEN = ("telegram", "starlette", "uvicorn", "redis")


def _module_files(name: str) -> list[Path]:
    """The files of bot.<name>: a module, or every module of a package."""
    package = BOT / name
    files = sorted(package.rglob("*.py")) if package.is_dir() else [BOT / f"{name}.py"]
    return [f for f in files if f.exists()]


def _imports(file: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _reachable(start: str) -> dict[str, set[str]]:
    """bot modules reachable from bot.<start> -> what each imports."""
    seen: dict[str, set[str]] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        files = _module_files(name.replace(".", "/"))
        seen[name] = set().union(*(_imports(f) for f in files)) if files else set()
        todo += [m.removeprefix("bot.") for m in seen[name] if m.startswith("bot.")]
    return seen


@pytest.mark.parametrize("core", CORE)
def test_core_module_imports_no_transport(core: str) -> None:
    assert _module_files(core), f"bot.{core} does not exist"
    offending = {
        f"bot.{name} imports {module}"
        for name, imports in _reachable(core).items()
        for module in imports
        if module.split(".")[0] in FORBIDDEN
    }
    assert not offending, sorted(offending)


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    file = tmp_path / "example.py"
    file.write_text("def f():\n    from telegram import Bot\n    import redis.asyncio\n")
    assert {"telegram", "telegram.Bot", "redis.asyncio"} <= _imports(file)
