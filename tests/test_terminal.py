"""The terminal transports, through the real `careerbot` command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _careerbot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ask_json_is_one_object_per_line_in_the_documented_shape() -> None:
    result = _careerbot("ask", "--json", stdin="what does a production manager earn\nasdkjh qwe\n")
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(row) for row in result.stdout.splitlines())
    assert set(first) == {
        "question", "career", "intent", "candidates", "careers", "location", "reply"
    }  # fmt: skip
    assert first["career"] == {
        "soc": "11-3051",
        "id": "industrial-production-managers",
        "title": "Industrial Production Managers",
    }
    assert first["intent"] == "salary"
    assert "$126,060" in first["reply"]
    assert first["careers"] == [first["career"]]
    assert first["location"] is None  # national figures
    assert second["career"] is None and second["intent"] is None
    assert second["careers"] == []


@pytest.mark.parametrize(
    ("flags", "second_career"),
    [
        pytest.param(["--conversation"], "11-3051", id="conversation"),
        pytest.param([], None, id="independent"),
    ],
)
def test_conversation_flag_carries_context(flags: list[str], second_career: str | None) -> None:
    result = _careerbot(
        "ask", "--json", *flags, stdin="plant manager salary\nand what education do I need?\n"
    )
    rows = [json.loads(row) for row in result.stdout.splitlines()]
    assert (rows[1]["career"] or {}).get("soc") == second_career


def test_ask_one_question_prints_plain_text() -> None:
    result = _careerbot("ask", "how do I become a plant manager")
    assert result.returncode == 0
    assert "bachelor's degree" in result.stdout
    assert "<b>" not in result.stdout


def test_chat_holds_a_conversation_and_buttons_are_numbers() -> None:
    script = (
        "what does a production manager earn\nand what education do I need?\n1\nblorp zzz\nquit\n"
    )
    result = _careerbot("chat", stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "$126,060" in out
    assert "Most start with" in out
    assert "couldn't tell which career" in out
    assert out.rstrip().endswith("Bye!")
