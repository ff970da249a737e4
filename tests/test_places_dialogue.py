"""Pay where you live: places in questions, a place per chat, local answers and rankings."""

from __future__ import annotations

from conversation import talk

from bot.dialogue import Advisor, ChatState, Turn
from bot.replies import render_text, visible_text

TEXAS, OHIO, AUSTIN = "4800000", "3900000", "0012420"
NURSES, WELDERS = "29-1141", "51-4121"


def _place(turn: Turn) -> str | None:
    return turn.reply.location.code if turn.reply.location else None


def test_a_state_in_the_question_answers_for_it_next_to_the_nation(advisor: Advisor) -> None:
    [turn] = talk(advisor, "how much do production managers make in texas")
    text = visible_text(turn.reply)
    assert turn.reply.career is not None and turn.reply.career.soc == "11-3051"
    assert _place(turn) == TEXAS and turn.reply.location and turn.reply.location.type == "state"
    assert "Texas" in text.splitlines()[0]
    assert "$130,890" in text and "$126,060" in text
    assert "BLS OEWS, May 2025, Texas" in text
    assert turn.state.place == TEXAS  # the place said becomes the chat's place


def test_a_place_set_once_is_used_for_every_pay_question(advisor: Advisor) -> None:
    set_place, nurses, austin = talk(
        advisor, "I live in Ohio", "what do registered nurses earn", "and in Austin?"
    )
    assert set_place.reply.career is None and "Ohio" in render_text(set_place.reply)
    assert set_place.state.place == OHIO
    assert nurses.reply.career is not None and nurses.reply.career.soc == NURSES
    assert _place(nurses) == OHIO and "Ohio" in visible_text(nurses.reply)
    assert austin.reply.career is not None and austin.reply.career.soc == NURSES
    assert _place(austin) == AUSTIN and austin.state.place == AUSTIN
    assert any("Change place" in b.label for row in nurses.reply.buttons for b in row)


def test_outlook_stays_national_and_says_so(advisor: Advisor) -> None:
    _, outlook = talk(advisor, "I live in Ohio", "is nursing a growing field")
    assert outlook.reply.intent == "outlook"
    assert _place(outlook) is None
    assert "national" in visible_text(outlook.reply)
    assert outlook.state.place == OHIO


def test_nationwide_clears_the_place(advisor: Advisor) -> None:
    _, cleared, pay = talk(advisor, "I live in Ohio", "nationwide", "electrician salary")
    assert cleared.state.place is None
    assert _place(pay) is None and "nationwide" in visible_text(pay.reply)


def test_where_welders_earn_the_most_lists_alaska_first(advisor: Advisor) -> None:
    [turn] = talk(advisor, "where do welders earn the most")
    text = visible_text(turn.reply)
    assert turn.reply.intent == "places"
    assert turn.reply.career is not None and turn.reply.career.soc == WELDERS
    assert _place(turn) is None
    assert text.splitlines()[2].startswith("1. Alaska")
    assert "$80,840" in text


def test_look_alike_words_are_no_places(advisor: Advisor) -> None:
    for question, soc in (("PA salary", "29-1071"), ("mobile app developer salary", "15-1252")):
        [turn] = talk(advisor, question)
        assert turn.reply.career is not None and turn.reply.career.soc == soc, question
        assert _place(turn) is None, question


def test_an_unknown_place_is_said_and_answered_nationally(advisor: Advisor) -> None:
    [turn] = talk(advisor, "nurse salary in Narnia")
    text = visible_text(turn.reply)
    assert turn.reply.career is not None and turn.reply.career.soc == NURSES
    assert _place(turn) is None
    assert "US states and metro areas" in text.splitlines()[0]
    assert "$97,550" in text


def test_a_city_of_several_areas_is_asked_back_then_answered_there(advisor: Advisor) -> None:
    [turn] = talk(advisor, "electrician pay in portland")
    assert turn.reply.kind == "choose" and _place(turn) is None
    assert turn.reply.career is not None and turn.reply.career.soc == "47-2111"  # kept
    assert {"0038900", "0038860"} <= set(turn.reply.place_options)  # Oregon and Maine
    maine = next(b for row in turn.reply.buttons for b in row if "ME" in b.label)
    picked = advisor.press(turn.state, maine.data or "")
    assert picked.reply.career is not None and picked.reply.career.soc == "47-2111"
    assert _place(picked) == "0038860" and picked.state.place == "0038860"


def test_place_command_sets_and_clears(advisor: Advisor) -> None:
    turn = advisor.place(ChatState(), "Ohio")
    assert turn.state.place == OHIO
    cleared = advisor.place(turn.state, "")
    assert cleared.state.place is None
    unknown = advisor.place(turn.state, "Narnia")
    assert unknown.state.place == OHIO and "US states" in render_text(unknown.reply)


def test_the_place_survives_the_store_round_trip() -> None:
    state = ChatState("registered-nurses", "salary", (), OHIO)
    assert ChatState.from_dict(state.to_dict()) == state
    assert ChatState.from_dict({"place": "../etc"}).place is None


def test_a_state_typed_after_which_place_picks_the_place_in_it(advisor: Advisor) -> None:
    _, maine = talk(advisor, "electrician pay in portland", "maine")
    assert maine.reply.career is not None and maine.reply.career.soc == "47-2111"
    assert _place(maine) == "0038860"  # Portland-South Portland, ME, not all of Maine


def test_buttons_answer_for_the_chats_place_too(advisor: Advisor) -> None:
    [set_place] = talk(advisor, "I live in Ohio")
    pay = advisor.press(set_place.state, f"t|{NURSES}|salary")
    assert _place(pay) == OHIO and "Salary in Ohio" in visible_text(pay.reply)
    more = advisor.press(pay.state, f"v|{NURSES}|salary|m")
    assert more.edit and _place(more) == OHIO
    assert "25th percentile" in visible_text(more.reply)
    ranking = advisor.press(set_place.state, f"t|{WELDERS}|places")
    assert ranking.reply.intent == "places" and "1. Alaska" in visible_text(ranking.reply)
