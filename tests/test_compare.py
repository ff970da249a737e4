"""Careers side by side: "nurse vs electrician", "compare with welders", "which pays more?"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conversation import talk

from bot.dialogue import Advisor, Turn
from bot.replies import render_text, visible_text

ROOT = Path(__file__).resolve().parent.parent
NURSES, ELECTRICIANS, WELDERS = "29-1141", "47-2111", "51-4121"


def _compared(turn: Turn) -> list[str]:
    assert turn.reply.intent == "compare", render_text(turn.reply)
    return [c.soc for c in turn.reply.careers]


def test_two_careers_side_by_side_with_the_differences_in_words(advisor: Advisor) -> None:
    [turn] = talk(advisor, "electrician vs registered nurse")
    assert _compared(turn) == [ELECTRICIANS, NURSES] and turn.reply.career is None
    text = visible_text(turn.reply)
    for figure in ("$63,190 a year", "$97,550 a year", "+9.5%", "+4.9%", "757,220", "3,379,720"):
        assert figure in text
    assert "Registered Nurses earn $34,360 more a year at the median than Electricians" in text
    assert "Jobs of Electricians are projected to grow faster" in text
    assert "Source" in text and "May 2025" in text
    data = [b.data for row in turn.reply.buttons for b in row]
    assert data == [
        f"t|{ELECTRICIANS}|overview",
        f"t|{NURSES}|overview",
        f"ch|c|{ELECTRICIANS},{NURSES}|-",  # 📊 Chart
    ]


def test_the_answer_leads_with_what_was_asked(advisor: Advisor) -> None:
    [school] = talk(advisor, "electrician or plumber: which needs less school?")
    [pay] = talk(advisor, "which pays more, a dental hygienist or a registered nurse?")
    assert visible_text(school.reply).splitlines()[2].startswith("🎓")
    assert visible_text(pay.reply).splitlines()[2].startswith("💰")


def test_phone_lines_are_short_and_the_terminal_gets_columns(advisor: Advisor) -> None:
    [turn] = talk(advisor, "welders, machinists and millwrights")
    assert _compared(turn) == [WELDERS, "51-4041", "49-9044"]
    figures = [ln for ln in visible_text(turn.reply).splitlines() if ln.startswith("   ")]
    assert figures and all(len(ln) <= 45 for ln in figures)
    table = render_text(turn.reply).splitlines()
    assert table[1].startswith("---") and "Welders" in table[0]


def test_compare_with_the_current_career(advisor: Advisor) -> None:
    _, turn = talk(advisor, "what do production managers make", "compare with welders")
    assert _compared(turn) == ["11-3051", WELDERS]


def test_which_pays_more_after_two_careers_compares_them(advisor: Advisor) -> None:
    *_, turn = talk(advisor, "how much do plumbers make", "what about welders?", "which pays more?")
    assert set(_compared(turn)) == {"47-2152", WELDERS}


def test_an_ambiguous_side_is_asked_then_the_comparison_completes(advisor: Advisor) -> None:
    [asked] = talk(advisor, "compare nurses and teachers salary")
    assert asked.reply.intent == "compare" and asked.reply.kind == "choose"
    assert [c.soc for c in asked.reply.careers] == [NURSES]
    assert "25-2021" in asked.reply.candidates
    elementary = next(b for row in asked.reply.buttons for b in row if "Elementary" in b.label)
    done = advisor.press(asked.state, elementary.data or "")
    assert _compared(done) == [NURSES, "25-2021"]
    assert "more a year at the median than" in visible_text(done.reply)


def test_and_in_texas_after_a_comparison_compares_there(advisor: Advisor) -> None:
    _, there = talk(advisor, "nurse vs electrician", "and in Texas?")
    assert _compared(there) == [NURSES, ELECTRICIANS]
    assert there.reply.location is not None and there.reply.location.code == "4800000"
    assert "Median pay in Texas" in visible_text(there.reply)


@pytest.mark.parametrize(
    "question",
    [
        "heavy and tractor-trailer truck drivers pay",
        "Farmers, Ranchers, and Other Agricultural Managers salary",
        "where do hosts and hostesses work",
    ],
)
def test_one_career_with_and_or_or_is_no_comparison(advisor: Advisor, question: str) -> None:
    [turn] = talk(advisor, question)
    assert turn.reply.intent != "compare"
    assert turn.reply.career is not None


def test_edge_cases_get_a_clear_reply(advisor: Advisor) -> None:
    [same] = talk(advisor, "nurse vs registered nurse")
    assert _compared(same) == [NURSES] and "same career" in visible_text(same.reply)
    [unknown] = talk(advisor, "nurse vs wizard")
    assert unknown.reply.kind == "choose" and _compared(unknown) == [NURSES]
    assert "“wizard”" in visible_text(unknown.reply)
    [actors] = talk(advisor, "actor vs dancer")  # BLS gives them hourly wages only
    assert "Actors earn $4.25 more an hour at the median than Dancers" in visible_text(actors.reply)


def test_inline_answers_a_comparison_with_a_comparison_card(advisor: Advisor) -> None:
    [card] = advisor.inline("nurse vs electrician")
    assert card.intent == "compare" and len(card.careers) == 2


def test_ask_json_names_the_careers_compared() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input="nurse vs electrician\ncompare nurses and teachers salary\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    compared, asked = (json.loads(row) for row in result.stdout.splitlines())
    assert compared["intent"] == "compare" and compared["career"] is None
    assert [c["soc"] for c in compared["careers"]] == [NURSES, ELECTRICIANS]
    assert asked["intent"] == "compare" and [c["soc"] for c in asked["careers"]] == [NURSES]
    assert "25-2021" in asked["candidates"]


def test_a_new_question_while_a_side_is_asked_is_answered_as_asked(advisor: Advisor) -> None:
    _, turn = talk(advisor, "compare nurses and teachers salary", "what do welders make")
    assert turn.reply.intent == "salary"
    assert turn.reply.career is not None and turn.reply.career.soc == WELDERS


@pytest.mark.parametrize(
    ("message", "socs"),
    [
        ("EMT or CNA to start out in healthcare?", ["29-2042", "31-1131"]),
        ("flight attendant or travel agent, i love travelling", ["53-2031", "41-3041"]),
        ("lpn vs surgical tech, which one should i do first", ["29-2061", "29-2055"]),
        ("electrician and welder side by side", [ELECTRICIANS, WELDERS]),
    ],
)
def test_words_about_the_asker_are_no_side(advisor: Advisor, message: str, socs: list[str]) -> None:
    [turn] = talk(advisor, message)
    assert _compared(turn) == socs and turn.reply.kind != "choose"


def test_one_career_named_twice_is_said_so(advisor: Advisor) -> None:
    [turn] = talk(advisor, "accountant vs auditor difference")
    assert "same career twice" in visible_text(turn.reply)
    assert [c.soc for c in turn.reply.careers] == ["13-2011"]


def test_a_place_said_in_the_comparison_is_the_place_compared(advisor: Advisor) -> None:
    _, second = talk(
        advisor, "I live in Denver", "nurse or dental hygienist which pays more in florida"
    )
    assert _compared(second) == [NURSES, "29-1292"]
    assert second.reply.location is not None and second.reply.location.name == "Florida"
    assert "Florida" in visible_text(second.reply)


@pytest.mark.parametrize(
    ("message", "socs"),
    [
        ("tool and die maker or welder which is more in demand", ["51-4111", WELDERS]),
        ("mental health counselor or mft", ["21-1018", "21-1013"]),
        (
            "fire inspector, building inspector and occupational health and safety specialist",
            ["33-2021", "47-4011", "19-5011"],
        ),
    ],
)
def test_a_name_with_its_own_and_is_one_side(
    advisor: Advisor, message: str, socs: list[str]
) -> None:
    [turn] = talk(advisor, message)
    assert _compared(turn) == socs


@pytest.mark.parametrize(
    ("message", "socs"),
    [
        ("Surveyor or Cartographer? I like maps and being outdoors", ["17-1022", "17-1021"]),
        (
            "so im finishing a cs degree and cant decide: database architect vs data scientist?",
            ["15-1243", "15-2051"],
        ),
        (
            "lifeguard, recreation worker or fitness instructor for the summer",
            ["33-9092", "39-9032", "39-9031"],
        ),
    ],
)
def test_what_is_said_around_the_list_is_no_side(
    advisor: Advisor, message: str, socs: list[str]
) -> None:
    [turn] = talk(advisor, message)
    assert _compared(turn) == socs and turn.reply.kind != "choose"


@pytest.mark.parametrize(
    "message",
    ["welding stick vs tig which pays more", "software developer salary entry level vs senior"],
)
def test_two_ways_of_one_job_are_no_comparison_of_careers(advisor: Advisor, message: str) -> None:
    [turn] = talk(advisor, message)
    assert turn.reply.intent != "compare"


@pytest.mark.parametrize(
    ("message", "known"),
    [("psychologist or psychiatrist?", "29-1223"), ("banker or accountant", "13-2011")],
)
def test_a_choice_with_a_shared_side_asks_that_side_then_compares(
    advisor: Advisor, message: str, known: str
) -> None:
    [turn] = talk(advisor, message)
    assert turn.reply.intent == "compare" and turn.reply.kind == "choose"
    assert [c.soc for c in turn.reply.careers] == [known]


def test_a_new_comparison_while_a_side_is_asked_is_compared_anew(advisor: Advisor) -> None:
    asked, anew = talk(advisor, "nurse vs wizard", "electrician vs astronaut")
    assert asked.reply.kind == "choose"
    assert "astronaut" in render_text(anew.reply)  # asks about its own unknown side
    assert [c.soc for c in anew.reply.careers] == [ELECTRICIANS]


def test_the_side_asked_back_is_named_without_the_question_words(advisor: Advisor) -> None:
    [turn] = talk(advisor, "compare nurses and teachers salary")
    assert "“teachers”" in render_text(turn.reply)


def test_a_side_named_loosely_says_where_bls_counts_it(advisor: Advisor) -> None:
    # The column says "Fast Food and Counter…": the first line says why baristas are there.
    [turn] = talk(advisor, "barista or cashier")
    assert _compared(turn) == ["35-3023", "41-2011"]
    assert render_text(turn.reply).startswith(
        "“Barista” is counted by BLS as Fast Food and Counter Workers."
    )
    [turn] = talk(advisor, "electrician vs registered nurse")
    assert "counted by BLS" not in render_text(turn.reply)  # titles need no such line
