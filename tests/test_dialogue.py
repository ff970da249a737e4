"""Conversations: context, follow-ups, buttons, deep links and bad input."""

from __future__ import annotations

import pytest

from bot.dialogue import Advisor, ChatState
from bot.replies import MAX_CALLBACK_BYTES, MAX_MESSAGE, render_html, render_text, visible_text

FOUNDING = "industrial-production-managers"


def _talk(advisor: Advisor, *messages: str) -> list[tuple[str | None, str | None, str]]:
    state = ChatState()
    out = []
    for message in messages:
        turn = advisor.reply(state, message)
        state = turn.state
        career = turn.reply.career.id if turn.reply.career else None
        out.append((career, turn.reply.intent, render_text(turn.reply)))
    return out


def test_salary_answer_has_todays_figures_and_2006_ones_under_their_own_heading(
    advisor: Advisor,
) -> None:
    turn = advisor.reply(ChatState(), "what does a production manager earn")
    text = render_text(turn.reply)
    assert turn.reply.career is not None and turn.reply.career.id == FOUNDING
    assert turn.reply.intent == "salary"
    for figure in ("$126,060 a year", "$60.61 an hour", "$78,000", "$205,520"):
        assert figure in text
    assert "Source: BLS OEWS, May 2025" in text
    assert "2006" not in text.split("Source:")[0]  # never mixed into today's sentences
    history = next(b for row in turn.reply.buttons for b in row if "2006" in b.label)
    old = advisor.press(turn.state, history.data or "")
    assert old.edit
    old_text = render_text(old.reply)
    assert old_text.splitlines()[0].endswith("Back in 2006")
    for figure in ("$48,670", "$23.40", "$80,560", "$38.73", "$135,500", "$65.14"):
        assert figure in old_text


@pytest.mark.parametrize(
    ("follow_up", "intent", "expected"),
    [
        pytest.param(
            "and what education do I need?", "education", "bachelor's degree", id="education"
        ),
        pytest.param("how much do they make", "salary", "$126,060", id="salary"),
        pytest.param("colleges?", "colleges", "College Navigator", id="colleges"),
        pytest.param("is it a growing field", "outlook", "2024 to 2034", id="outlook"),
        pytest.param("how many are employed", "employment", "246,250", id="employment"),
    ],
)
def test_follow_ups_use_the_last_career(
    advisor: Advisor, follow_up: str, intent: str, expected: str
) -> None:
    _, (career, got_intent, text) = _talk(advisor, "tell me about plant managers", follow_up)
    assert (career, got_intent) == (FOUNDING, intent)
    assert expected in text


def test_follow_up_without_context_asks_for_a_career(advisor: Advisor) -> None:
    [(career, intent, text)] = _talk(advisor, "how much do they make")
    assert career is None
    assert intent == "salary"
    assert "Which career" in text


def test_intent_is_kept_until_a_career_is_named(advisor: Advisor) -> None:
    _, (career, intent, _) = _talk(advisor, "what's the salary?", "plant manager")
    assert (career, intent) == (FOUNDING, "salary")


def test_every_career_answer_has_buttons_for_the_other_topics(advisor: Advisor) -> None:
    turn = advisor.reply(ChatState(), "plant manager salary")
    data = [b.data for row in turn.reply.buttons for b in row if b.data]
    assert {d.split("|")[2] for d in data} >= {
        "education",
        "outlook",
        "employment",
        "colleges",
        "overview",
    }
    assert all(len(d.encode()) <= MAX_CALLBACK_BYTES for d in data)


def test_button_press_answers_that_topic(advisor: Advisor) -> None:
    turn = advisor.press(ChatState(), "t|11-3051|outlook")
    assert turn.reply.career is not None and turn.reply.intent == "outlook"
    assert turn.state.career == FOUNDING


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("t|99-9999|salary", id="unknown-career"),
        pytest.param("t|11-3051|gossip", id="unknown-topic"),
        pytest.param("b|99|0", id="unknown-group"),
        pytest.param("b|11|999", id="page-out-of-range"),
        pytest.param("<script>", id="garbage"),
        pytest.param("", id="empty"),
    ],
)
def test_stale_or_forged_buttons_get_a_helpful_reply(advisor: Advisor, data: str) -> None:
    state = ChatState(FOUNDING, "salary")
    turn = advisor.press(state, data)
    assert turn.reply.career is None
    assert "out of date" in render_text(turn.reply)
    assert turn.state == state


@pytest.mark.parametrize(
    "message",
    [
        pytest.param("", id="empty"),
        pytest.param("   \n\t ", id="whitespace"),
        pytest.param("x" * 4096, id="long"),
        pytest.param("🙂🙂🙂", id="emoji"),
        pytest.param("Wie viel verdient man?", id="german"),
        pytest.param("<b>hi</b><script>alert(1)</script>", id="html"),
    ],
)
def test_bad_input_gets_a_helpful_fallback(advisor: Advisor, message: str) -> None:
    turn = advisor.reply(ChatState(), message)
    html = render_html(turn.reply)
    assert turn.reply.career is None
    assert "<script>" not in html
    assert "/careers" in html
    assert len(html) <= MAX_MESSAGE


def test_deep_link_opens_a_career(advisor: Advisor) -> None:
    for payload in (FOUNDING, "11-3051"):
        turn = advisor.start(ChatState(), payload)
        assert turn.reply.career is not None and turn.reply.career.id == FOUNDING
        assert turn.reply.intent == "overview"


def test_unknown_deep_link_greets_and_says_so(advisor: Advisor) -> None:
    text = render_text(advisor.start(ChatState(), "no-such-career").reply)
    assert "don't know" in text
    assert "Try:" in text


def test_browsing_goes_from_fields_to_careers(advisor: Advisor) -> None:
    fields = advisor.browse()
    data = [b.data for row in fields.buttons for b in row]
    assert "b|11|0" in data
    turn = advisor.press(ChatState(), "b|11|0")
    assert turn.edit
    careers = [b.data for row in turn.reply.buttons for b in row]
    assert any(d and d.startswith("t|11-") for d in careers)


def test_about_fits_one_screen_and_the_licences_are_one_tap_away(advisor: Advisor) -> None:
    about = advisor.about()
    assert len(visible_text(about)) <= 600
    assert "O*NET" in render_text(about)
    [[button]] = about.buttons
    turn = advisor.press(ChatState(), button.data or "")
    assert turn.edit
    text = render_text(turn.reply)
    for name in (
        "Occupational Employment and Wage Statistics",
        "Employment Projections",
        "O*NET 29.3",
        "CIP 2020",
    ):
        assert name in text
    assert "Used under the CC BY 4.0 license" in text


def test_inline_returns_answer_cards(advisor: Advisor) -> None:
    cards = advisor.inline("production manager salary")
    assert cards and cards[0].career is not None and cards[0].intent == "salary"
    assert "$126,060" in render_html(cards[0])
    assert advisor.inline("") == ()


def test_state_round_trips_and_ignores_junk() -> None:
    state = ChatState(FOUNDING, "salary", ("a", "b"))
    assert ChatState.from_dict(state.to_dict()) == state
    assert ChatState.from_dict({"career": 5, "intent": "gossip", "pending": [1, "x"]}) == ChatState(
        None, None, ("x",)
    )


def test_a_shared_name_offers_the_other_careers_it_names(advisor: Advisor) -> None:
    turn = advisor.reply(ChatState(), "nurse salary")
    assert turn.reply.career is not None and turn.reply.career.soc == "29-1141"
    offered = [b.data for row in turn.reply.buttons for b in row if b.label.startswith("Or: ")]
    assert "t|29-2061|salary" in offered  # Licensed Practical and Licensed Vocational Nurses
    assert "t|29-1171|salary" in offered  # Nurse Practitioners


def test_close_careers_are_offered_as_buttons(advisor: Advisor) -> None:
    turn = advisor.reply(ChatState(), "engineer salary")
    assert turn.reply.career is None and turn.reply.kind == "choose"
    assert len(turn.reply.candidates) >= 2
    data = [b.data for row in turn.reply.buttons for b in row]
    assert all(d and d.startswith("t|17-2") and d.endswith("|salary") for d in data)


@pytest.mark.parametrize(
    ("follow_up", "soc", "intent"),
    [
        pytest.param("any trade schools?", "47-2111", "colleges", id="intent-phrase-stays"),
        pytest.param("colleges for nursing", "29-1141", "colleges", id="field-switches"),
        pytest.param("what about plumbers?", "47-2152", "salary", id="what-about-keeps-intent"),
    ],
)
def test_follow_ups_stay_or_switch(advisor: Advisor, follow_up: str, soc: str, intent: str) -> None:
    state = advisor.reply(ChatState(), "electrician salary").state
    reply = advisor.reply(state, follow_up).reply
    assert reply.career is not None
    assert (reply.career.soc, reply.intent) == (soc, intent)
