"""Employers named with a job say where, not what: "fry cook at McDonald's" is a fast-food
cook, "State Farm agent" an insurance agent; a brand's words find no career of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogue import Advisor, ChatState
from bot.knowledge import KnowledgeError, load_knowledge


@pytest.mark.parametrize(
    ("message", "soc"),
    [
        ("fry cook at McDonald's pay", "35-2011"),  # Cooks, Fast Food; not Cooks, Restaurant
        ("fry cook at mcdonalds pay", "35-2011"),
        ("state farm agent income", "41-3021"),  # Insurance Sales Agents, not Farm agents
        ("H&R Block tax preparer pay", "13-2082"),
        ("walmart cashier pay", "41-2011"),
        # A payroll firm's reps sell a service: not the wholesale reps "sales rep" finds.
        ("adp sales rep salary", "41-3091"),
        ("terminix sales rep commission", "41-3091"),
    ],
)
def test_an_employer_reads_as_its_workplace(advisor: Advisor, message: str, soc: str) -> None:
    reply = advisor.reply(ChatState(), message).reply
    assert reply.career is not None and reply.career.soc == soc


def test_an_employers_words_inside_other_words_are_not_an_employer(advisor: Advisor) -> None:
    words = advisor.understanding.interpret("bainbridge island kfcx welder pay").words
    assert "fast" not in words and "consulting" not in words


def test_an_employer_entry_without_a_workplace_names_file_and_field(
    knowledge_copy: Path,
) -> None:
    (knowledge_copy / "employers.yaml").write_text(
        "employers:\n  - names: [Acme]\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    assert "employers.yaml" in str(caught.value) and "says" in str(caught.value)
