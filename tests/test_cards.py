"""Answers written for a phone: one screen first, the detail one tap away."""

from __future__ import annotations

import re

import pytest

from bot import answers
from bot.dialogue import Advisor, ChatState, Turn
from bot.knowledge import Knowledge
from bot.replies import MAX_MESSAGE, Reply, render_html, render_text, visible_text

FOUNDING = "11-3051"
RN = "29-1141"


def _data(reply: Reply) -> list[str]:
    return [b.data for row in reply.buttons for b in row if b.data]


def _labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


def _press(advisor: Advisor, turn: Turn, label_part: str) -> Turn:
    [button] = [b for row in turn.reply.buttons for b in row if label_part in b.label]
    return advisor.press(turn.state, button.data or "")


def test_every_card_of_every_career_fits_one_screen(knowledge: Knowledge) -> None:
    too_long = []
    for career in knowledge.careers:
        for topic in answers.TOPIC_LABELS:
            reply = answers.answer(career, topic, knowledge)
            limit = answers.SUMMARY_LIMIT if topic == "overview" else answers.CARD_LIMIT
            if len(visible_text(reply)) > limit:
                too_long.append((career.id, topic, len(visible_text(reply))))
            for view in (answers.MORE, answers.HISTORY):
                detail = answers.answer(career, topic, knowledge, view=view)
                assert len(render_html(detail)) <= MAX_MESSAGE
    assert too_long == []


def test_tell_me_about_registered_nurses_is_one_screen_with_pay_education_outlook(
    advisor: Advisor,
) -> None:
    turn = advisor.reply(ChatState(), "tell me about registered nurses")
    text = visible_text(turn.reply)
    assert turn.reply.career is not None and turn.reply.career.soc == RN
    assert len(text) <= answers.SUMMARY_LIMIT
    assert "$97,550 a year" in text and "$46.90" in text  # median, annual and hourly
    assert "$68,940–$137,470" in text  # the usual range
    assert "bachelor's degree (about 4 years)" in text
    assert "associate's degree (about 2 years" in text  # the other way in, and how long
    assert "+4.9%" in text and "189,100 openings" in text
    assert "Assess patient health problems" in text


def test_every_figure_links_to_its_sources_page_for_the_occupation(advisor: Advisor) -> None:
    turn = advisor.reply(ChatState(), "tell me about registered nurses")
    links = {span.text: span.url for ln in turn.reply.lines for span in ln if span.url}
    assert links["BLS OEWS, May 2025"] == "https://www.bls.gov/oes/current/oes291141.htm"
    assert any("29-1141" in (url or "") for text, url in links.items() if "O*NET" in text)


def test_education_says_what_people_in_the_job_say_it_requires(advisor: Advisor) -> None:
    turn = advisor.press(ChatState(), f"t|{RN}|education")
    text = visible_text(turn.reply)
    assert "bachelor's 56%, certificate 23%, associate's 19%" in text
    assert "Job Zone" not in text
    more = _press(advisor, turn, "More")
    assert more.edit and "Job Zone Four" in visible_text(more.reply)


def test_pay_says_the_median_and_range_first_the_percentiles_under_more(
    advisor: Advisor,
) -> None:
    turn = advisor.reply(ChatState(), "how much do registered nurses make")
    text = visible_text(turn.reply)
    assert text.index("$97,550") < text.index("$68,940")
    assert "25th percentile" not in text
    more = _press(advisor, turn, "More")
    assert more.edit
    for label in ("Lowest 10%", "25th percentile", "Median", "75th percentile", "Mean"):
        assert label in visible_text(more.reply)
    less = _press(advisor, more, "Less")
    assert less.edit and visible_text(less.reply) == text


def test_the_founding_careers_2006_facts_are_all_shown_under_their_own_heading(
    advisor: Advisor,
) -> None:
    turn = advisor.reply(ChatState(), "tell me about industrial production managers")
    assert "2006" not in visible_text(turn.reply)
    old = _press(advisor, turn, "2006")
    text = visible_text(old.reply)
    assert text.splitlines()[0] == "Industrial Production Managers — Back in 2006"
    for fact in (
        "$48,670", "$23.40", "$80,560", "$38.73", "$135,500", "$65.14",  # 2006 pay
        "157,000", "Eighty percent",  # employment
        "-6%", "foreign competition", "2006 to 2016",  # outlook
        "business administration or industrial engineering",  # education
        "in charge of a plant's overall function",  # what they do
    ):  # fmt: skip
        assert fact in text, fact
    assert "⬅ Today" in _labels(old.reply)


def test_colleges_card_has_no_repeated_link_and_a_more_button(
    advisor: Advisor, knowledge: Knowledge
) -> None:
    turn = advisor.reply(ChatState(), "colleges for nursing")
    urls = [span.url for ln in turn.reply.lines for span in ln if span.url]
    assert len(urls) == len(set(urls))
    text = render_text(turn.reply)
    assert "more." not in text
    assert "for veterans and service members" in text
    assert "Registered Nursing/Registered Nurse" in text.split("\n")[2]  # a beginner's first
    more = _press(advisor, turn, "More")
    career = knowledge.career(RN)
    assert career is not None
    for programme in career.colleges.programmes:
        assert programme.title in visible_text(more.reply)


def test_similar_careers_are_buttons_that_open_them(advisor: Advisor) -> None:
    turn = advisor.reply(ChatState(), "tell me about registered nurses")
    similar = [d for d in _data(turn.reply) if d.endswith("|overview") and RN not in d]
    assert similar
    opened = advisor.press(turn.state, similar[0])
    assert opened.reply.career is not None and opened.reply.career.soc == similar[0].split("|")[1]


def test_a_career_reached_by_browsing_has_a_way_back(advisor: Advisor) -> None:
    page = advisor.press(ChatState(), "b|29|0")
    first = next(d for d in _data(page.reply) if d.startswith("t|"))
    card = advisor.press(page.state, first)
    assert card.edit and card.reply.career is not None
    back = _press(advisor, card, "Back to Healthcare")
    assert back.edit and _data(back.reply) == _data(page.reply)
    # A career asked about in words has no browsing page to go back to.
    asked = advisor.reply(ChatState(), "tell me about registered nurses")
    assert not any(label.startswith("⬅ Back") for label in _labels(asked.reply))


def test_buttons_keep_the_words_that_tell_careers_apart(advisor: Advisor) -> None:
    turn = advisor.reply(ChatState(), "shift supervisor pay")
    labels = _labels(turn.reply)
    assert labels, render_text(turn.reply)
    assert all(len(label) <= 40 for label in labels)
    supervisors = [label for label in labels if "Supervisors" in label]
    assert supervisors and all(re.match(r"(Or: )?Supervisors: \w", s) for s in supervisors)
    fields = _labels(advisor.browse())
    assert "Healthcare" in fields and "Building & grounds" in fields


@pytest.mark.parametrize("data", ["v|29-1141|salary|x", "v|29-1141|salary", "t|29-1141|salary|zz"])
def test_forged_view_buttons_get_a_helpful_reply(advisor: Advisor, data: str) -> None:
    turn = advisor.press(ChatState(), data)
    assert turn.reply.career is None
    assert "out of date" in render_text(turn.reply)
