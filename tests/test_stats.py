"""Counters since start, normalised unanswered questions, and how both are shown."""

from __future__ import annotations

import pytest

from bot import answers
from bot.knowledge import Knowledge
from bot.replies import Reply, line, render_html, render_text
from bot.stats import (
    MAX_QUESTION_CHARS,
    Stats,
    Unanswered,
    normalise_question,
    stats_reply,
    unanswered_reply,
)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        pytest.param(
            "  How do I become an ASTRONAUT?\n", "how do i become an astronaut?", id="case-space"
        ),
        pytest.param("call me on +1 (555) 123-4567 pls", "call me on <number> pls", id="phone"),
        pytest.param("my id 123456789", "my id <number>", id="long-number"),
        pytest.param(
            "salary in 2025 over 50000", "salary in 2025 over 50000", id="short-numbers-kept"
        ),
        pytest.param("write to jo.doe@example.com", "write to <email>", id="email"),
        pytest.param("ask @johnny_b about it", "ask <name> about it", id="mention"),
        pytest.param("x" * 500, "x" * MAX_QUESTION_CHARS, id="cut"),
    ],
)
def test_normalise_question(text: str, stored: str) -> None:
    assert normalise_question(text) == stored


def test_stats_count_questions_answers_careers_and_intents(knowledge: Knowledge) -> None:
    career = knowledge.career("industrial-production-managers")
    assert career is not None
    stats = Stats(started=0.0)
    stats.record(answers.answer(career, "salary", knowledge))
    stats.record(answers.answer(career, "education", knowledge))
    stats.record(Reply((line("Sorry"),), kind="fallback"))
    stats.record_give_up()
    assert (stats.questions, stats.answered, stats.gave_up) == (3, 2, 1)
    assert stats.careers == {"Industrial Production Managers": 2}
    assert stats.intents == {"salary": 1, "education": 1}
    text = render_text(stats_reply(stats, now=3 * 3600.0 + 120, store="sqlite (up)"))
    assert "Started 1970-01-01 00:00 UTC (3 h 2 min ago)" in text
    assert "Questions: 3; answered: 2 (67%)" in text
    assert "Top careers: Industrial Production Managers (2)" in text
    assert "Top topics: salary (1), education (1)" in text
    assert "given up after retries: 1" in text
    assert "Store: sqlite (up)" in text


def test_stats_before_any_question() -> None:
    text = render_text(stats_reply(Stats(started=0.0), now=30.0))
    assert "Questions: 0; answered: 0 (–)" in text
    assert "Top careers: none yet" in text


def test_unanswered_reply_lists_counts_and_dates() -> None:
    rows = [Unanswered("blorp <b>", 3, 86400.0 * 365), Unanswered("astronaut", 1, 0.0)]
    reply = unanswered_reply(rows)
    text = render_text(reply)
    assert text.splitlines()[1:] == [
        "3× “blorp <b>” (last 1971-01-01)",
        "1× “astronaut” (last 1970-01-01)",
    ]
    assert "blorp &lt;b&gt;" in render_html(reply)  # users' text is escaped


def test_no_unanswered_questions() -> None:
    assert render_text(unanswered_reply([])) == "No unanswered questions recorded."
