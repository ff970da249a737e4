"""The career finder: filters and orders from plain words, ranked pages, the guided finder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conversation import talk

from bot.dialogue import Advisor, ChatState, Turn
from bot.finder import EDUCATION, Found, Search
from bot.finder_answers import MAX_DATA
from bot.knowledge import Career, KnowledgeError, load_knowledge
from bot.replies import Reply, visible_text
from bot.terminal import as_json

OHIO = "3900000"
NO_DEGREE = EDUCATION["no-degree"][0]


def ask(advisor: Advisor, message: str) -> Reply:
    return advisor.reply(ChatState(), message).reply


def median(career: Career) -> float:
    salary = max(career.salary, key=lambda f: f.year)
    assert salary.annual.median is not None
    return salary.annual.median


def entry(career: Career) -> str | None:
    return next((f.entry_education for f in career.education if f.entry_education), None)


def change(career: Career) -> float:
    value = max(career.outlook, key=lambda f: f.end_year).change_percent
    assert value is not None
    return value


def every_button(reply: Reply) -> list[str]:
    return [b.data for row in reply.buttons for b in row if b.data is not None]


def test_pay_over_100k_without_a_degree_lists_such_careers_highest_paid_first(
    advisor: Advisor,
) -> None:
    reply = ask(advisor, "what jobs pay over 100k without a degree")
    assert reply.intent == "find" and reply.careers
    pay = [median(c) for c in reply.careers]
    assert all(p >= 100_000 for p in pay) and pay == sorted(pay, reverse=True)
    assert all(entry(c) in NO_DEGREE for c in reply.careers)
    text = visible_text(reply)
    assert "at least $100,000 a year" in text
    assert "less than an associate's degree" in text and "highest paid first" in text
    first = reply.careers[0]
    assert f"${median(first):,.0f}" in text  # each career with its median pay
    assert every_button(reply)[0] == f"t|{first.soc}|overview"


def test_every_career_meeting_the_filters_is_listed_across_pages(advisor: Advisor) -> None:
    """No career is missed: the pages together hold exactly the careers that qualify."""
    qualifying = {
        c.soc
        for c in advisor.knowledge.careers
        if c.salary and max(c.salary, key=lambda f: f.year).annual.median
        and median(c) >= 80_000 and entry(c) in NO_DEGREE
    }  # fmt: skip
    reply = ask(advisor, "jobs over $80k without a degree")
    shown = [c.soc for c in reply.careers]
    page = 1
    while (more := [b.data for r in reply.buttons for b in r if "More" in b.label]) and page < 10:
        assert more[0] is not None
        turn = advisor.press(ChatState(), more[0])
        assert turn.edit  # More turns the page in place
        reply = turn.reply
        shown += [c.soc for c in reply.careers]
        page += 1
    assert len(shown) == len(set(shown)) and set(shown) == qualifying
    back = [b.data for r in reply.buttons for b in r if "Back" in b.label]
    assert back and back[0] is not None
    assert advisor.press(ChatState(), back[0]).reply.careers != reply.careers


def test_fastest_growing_in_healthcare_is_ordered_by_projected_change(advisor: Advisor) -> None:
    reply = ask(advisor, "fastest growing jobs in healthcare")
    assert reply.careers and all(c.soc[:2] in ("29", "31") for c in reply.careers)
    growth = [change(c) for c in reply.careers]
    assert growth == sorted(growth, reverse=True)
    assert "fastest growing first" in visible_text(reply)


def test_most_common_jobs_in_ohio_rank_by_ohio_employment(advisor: Advisor) -> None:
    reply = ask(advisor, "most common jobs in Ohio")
    assert reply.location is not None and reply.location.code == OHIO
    assert advisor.local is not None
    jobs = [advisor.local.get(c.id, OHIO) for c in reply.careers]
    counts = [j.employed for j in jobs if j is not None and j.employed is not None]
    assert len(counts) == len(reply.careers) and counts == sorted(counts, reverse=True)
    assert f"{counts[0]:,} jobs" in visible_text(reply)
    assert as_json("q", reply).count('"Ohio"') == 1


def test_growth_in_a_place_says_it_is_national(advisor: Advisor) -> None:
    text = visible_text(ask(advisor, "fastest growing jobs in texas"))
    assert "only nationally" in text


def test_a_biology_degree_lists_the_careers_the_crosswalk_links(advisor: Advisor) -> None:
    reply = ask(advisor, "what can I do with a biology degree")
    linked = {
        c.soc for c in advisor.knowledge.careers
        if any(p.cip == "26.0101" for p in c.colleges.programmes)
    }  # fmt: skip
    assert reply.intent == "find" and {c.soc for c in reply.careers} <= linked
    assert "Biology/Biological Sciences, General" in visible_text(reply)


def test_jobs_like_electrician_are_onets_related_careers_in_order(advisor: Advisor) -> None:
    electricians = advisor.knowledge.career("47-2111")
    assert electricians is not None
    reply = ask(advisor, "jobs like electrician")
    assert [c.soc for c in reply.careers] == list(electricians.similar)[: len(reply.careers)]
    assert "similar to Electricians" in visible_text(reply)


def test_well_paid_is_measured_against_all_occupations(advisor: Advisor) -> None:
    reply = ask(advisor, "well paid jobs with an associate's degree")
    assert "median of all occupations ($50,980 a year, May 2025)" in visible_text(reply)
    assert all(median(c) >= 50_980 and entry(c) == "Associate's degree" for c in reply.careers)


def test_an_hourly_floor_uses_hourly_pay(advisor: Advisor) -> None:
    reply = ask(advisor, "jobs that pay at least $30 an hour with no experience")
    for career in reply.careers:
        hourly = max(career.salary, key=lambda f: f.year).hourly.median
        assert hourly is not None and hourly >= 30
        assert any(f.work_experience == "None" for f in career.education)
    assert "$30.00 an hour" in visible_text(reply)


def test_nothing_found_offers_to_drop_a_filter(advisor: Advisor) -> None:
    reply = ask(advisor, "jobs that pay over $400k with no experience in Wyoming")
    assert not reply.careers and "No career meets all of this" in visible_text(reply)
    relaxed = [advisor.press(ChatState(), d).reply for d in every_button(reply)]
    assert relaxed and all(r.careers for r in relaxed)


def test_the_guided_finder_asks_field_school_and_what_matters(advisor: Advisor) -> None:
    first = ask(advisor, "I don't know what I want to do")
    assert first.kind == "choose" and first.intent == "find" and "field" in visible_text(first)
    healthcare = next(d for row in first.buttons for b in row if b.label == "Healthcare"
                      for d in [b.data] if d)  # fmt: skip
    school = advisor.press(ChatState(), healthcare)
    assert school.edit and "school" in visible_text(school.reply)
    no_degree = next(b.data for row in school.reply.buttons for b in row if b.label == "No degree")
    assert no_degree is not None
    matters = advisor.press(ChatState(), no_degree).reply
    pay = next(b.data for row in matters.buttons for b in row if "Pay" in b.label)
    assert pay is not None
    results = advisor.press(ChatState(), pay).reply
    assert results.careers and all(c.soc[:2] in ("29", "31") for c in results.careers)
    assert all(entry(c) in NO_DEGREE for c in results.careers)
    pays = [median(c) for c in results.careers]
    assert pays == sorted(pays, reverse=True)


def test_every_step_can_be_skipped(advisor: Advisor) -> None:
    reply = ask(advisor, "help me choose a career")
    for _ in range(3):
        skip = next(b.data for row in reply.buttons for b in row if "⏭" in b.label)
        assert skip is not None
        reply = advisor.press(ChatState(), skip).reply
    assert len(reply.careers) == 10 and "most openings a year first" in visible_text(reply)


def test_a_wish_opens_the_finder_with_its_fields(advisor: Advisor) -> None:
    reply = ask(advisor, "I like working with my hands")
    assert reply.kind == "choose" and reply.search is not None
    assert set(reply.search.fields) == {"construction", "repair", "manufacturing"}
    assert "Construction" in visible_text(reply)


@pytest.mark.parametrize(
    "message",
    [
        "what jobs pay over 100k without a degree",
        "I want to help people",
        "fastest growing jobs in healthcare in Texas",
        "best paying jobs in construction with an apprenticeship in Ohio",
    ],
)
def test_every_finder_button_fits_telegrams_limit(advisor: Advisor, message: str) -> None:
    reply = ask(advisor, message)
    pending = every_button(reply)
    seen: set[str] = set()
    while pending and len(seen) < 60:
        data = pending.pop()
        assert len(data.encode()) <= MAX_DATA, data
        if data.startswith("f|") and data not in seen:
            seen.add(data)
            pending += every_button(advisor.press(ChatState(), data).reply)


@pytest.mark.parametrize("data", ["f|r|zz|0", "f|r|p100000|x", "f|nope|", "f|r|gunknown|0", "f|"])
def test_stale_or_forged_finder_buttons_get_a_helpful_reply(advisor: Advisor, data: str) -> None:
    turn = advisor.press(ChatState(), data)
    assert turn.reply.kind == "fallback" and "out of date" in visible_text(turn.reply)


@pytest.mark.parametrize(
    ("message", "soc", "intent"),
    [
        ("how much do welders make", "51-4121", "salary"),
        ("is truck driving a dying job", "53-3032", "outlook"),
        ("highest paying states for dental hygienists", "29-1292", "places"),
        ("supply chain analyst degree", None, None),
    ],
)
def test_questions_about_one_career_stay_career_questions(
    advisor: Advisor, message: str, soc: str | None, intent: str | None
) -> None:
    reply = ask(advisor, message)
    assert reply.intent != "find"
    if soc is not None:
        assert reply.career is not None and reply.career.soc == soc and reply.intent == intent


def test_a_finder_answer_keeps_the_chats_place(advisor: Advisor) -> None:
    turns: list[Turn] = talk(advisor, "I live in Ohio", "highest paying jobs without a degree")
    reply = turns[-1].reply
    assert reply.location is not None and reply.location.code == OHIO


def test_ask_json_gives_intent_find_and_the_careers_in_order(advisor: Advisor) -> None:
    reply = ask(advisor, "most in demand jobs")
    data = json.loads(as_json("most in demand jobs", reply))
    assert data["intent"] == "find" and data["career"] is None and data["location"] is None
    assert [c["soc"] for c in data["careers"]] == [c.soc for c in reply.careers]
    openings = [max(c.outlook, key=lambda f: f.end_year).openings for c in reply.careers]
    assert openings == sorted(openings, reverse=True)  # type: ignore[type-var]


def test_slash_find_starts_the_guided_finder(advisor: Advisor) -> None:
    turn = advisor.find(ChatState())
    assert turn.reply.kind == "choose" and turn.reply.intent == "find"
    assert advisor.find(ChatState(), "tech jobs").reply.careers


def test_a_search_survives_its_button_code() -> None:
    search = Search(pay_min=80_000, hourly_max=22.5, education="no-degree", fields=("tech",),
                    place=OHIO, sort="pay", outlook="growing")  # fmt: skip
    assert Search.decode(search.code()) == search
    assert Search.decode(search.code({"tech": "it"}), {"tech": "it"}) == search


def test_found_figures_are_the_knowledge_bases(advisor: Advisor) -> None:
    results = advisor.finder.find(Search(fields=("tech",)))
    for found in results.found:
        assert isinstance(found, Found)
        assert found.pay == max(found.career.salary, key=lambda f: f.year).annual.median


def test_a_bad_finder_file_names_the_file_and_field(knowledge_copy: Path) -> None:
    shutil.copy(Path("knowledge/finder.yaml"), knowledge_copy / "finder.yaml")
    text = (knowledge_copy / "finder.yaml").read_text(encoding="utf-8")
    (knowledge_copy / "finder.yaml").write_text(
        text.replace('groups: ["29", "31"]', 'groups: ["2x"]'), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(knowledge_copy)
    assert "finder.yaml" in str(error.value) and "groups" in str(error.value)


def test_careers_in_a_place_are_those_bls_counts_there(advisor: Advisor) -> None:
    reply = ask(advisor, "growing jobs in Austin without a degree")
    assert advisor.local is not None and reply.location is not None
    assert all(advisor.local.get(c.id, reply.location.code) for c in reply.careers)
    text = visible_text(reply)
    assert "without published figures for Austin" in text and "only nationally" in text
