"""Ways of earning BLS counts as no occupation ("influencer"): said plainly, never a career's
figures (issue 10: influencer -> out of scope or the nearest real career, said plainly)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogue import Advisor, ChatState
from bot.knowledge import KnowledgeError, load_knowledge
from bot.replies import render_text


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("how much do influencers make", "influencers"),
        ("is being a youtuber a good career", "influencers"),
        ("twitch streamer earnings", "influencers"),
        ("professional gamer salary", "gamers"),
        ("how to become a day trader", "traders"),
        ("angel investor how much do they make", "traders"),
        ("professional poker player salary", "gamblers"),
        ("sneaker reseller income", "resellers"),
    ],
)
def test_no_career_figures_for_what_bls_does_not_count(
    advisor: Advisor, message: str, said: str
) -> None:
    reply = advisor.reply(ChatState(), message).reply
    text = render_text(reply)
    assert reply.career is None
    assert "BLS does not count" in text and said in text
    assert "Salary" not in text and "$" not in text
    assert any(b.data == "f|field|" for row in reply.buttons for b in row)  # the finder


def test_the_careers_onet_files_the_title_under_are_offered_not_answered(
    advisor: Advisor,
) -> None:
    reply = advisor.reply(ChatState(), "how much do influencers make").reply
    assert reply.career is None and reply.kind == "choose"
    assert "41-9012" in reply.candidates  # O*NET: "Influencer" under Models
    assert "employed" in render_text(reply)  # their figures are employees'
    titles = [b.label for row in reply.buttons for b in row]
    assert "Models" in titles


def test_a_career_named_in_other_words_is_still_answered(advisor: Advisor) -> None:
    turn = advisor.reply(ChatState(), "marketing manager salary for an influencer agency")
    assert "BLS does not count" not in render_text(turn.reply)
    assert turn.reply.candidates[:1] == ("11-2021",) or turn.reply.career is not None


def test_a_name_in_two_entries_is_an_error_naming_file_and_field(knowledge_copy: Path) -> None:
    (knowledge_copy / "uncounted.yaml").write_text(
        "a:\n  name: A\n  says: [gamer]\n  why: W.\nb:\n  name: B\n  says: [Gamers]\n  why: W.\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    assert "uncounted.yaml" in str(caught.value) and "b.says" in str(caught.value)


def test_an_entry_without_names_is_an_error(knowledge_copy: Path) -> None:
    (knowledge_copy / "uncounted.yaml").write_text(
        "a:\n  name: A\n  says: []\n  why: W.\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    assert "a.says" in str(caught.value) or "says" in str(caught.value)
