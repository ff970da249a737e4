"""Replies as Telegram objects (bot.telegram.messages): keyboards, inline cards, attachments."""

from __future__ import annotations

from typing import Any, cast

import pytest
from telegram import InputTextMessageContent, Message

from bot import answers
from bot.knowledge import Knowledge
from bot.replies import Button, Reply, line, render_html
from bot.telegram.messages import attachment_kind, card, card_title, keyboard

CAREER = "industrial-production-managers"


def _reply(*rows: tuple[Button, ...]) -> Reply:
    return Reply((line("Hello <you>"),), rows)


def test_keyboard_keeps_rows_and_both_kinds_of_button() -> None:
    markup = keyboard(
        _reply(
            (Button("Salary", data="t|11-3051|salary"), Button("Site", url="https://bls.gov")),
            (Button("More", data="g"),),
        )
    )
    assert markup is not None
    rows = markup.inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["Salary", "Site"], ["More"]]
    assert rows[0][0].callback_data == "t|11-3051|salary"
    assert rows[0][1].url == "https://bls.gov"


def test_keyboard_urls_only_drops_callback_buttons_and_empty_rows() -> None:
    reply = _reply((Button("More", data="g"),), (Button("Site", url="https://bls.gov"),))
    markup = keyboard(reply, urls_only=True)
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Site"]]
    assert keyboard(_reply((Button("More", data="g"),)), urls_only=True) is None


def test_no_buttons_no_keyboard() -> None:
    assert keyboard(_reply()) is None


def test_card_for_an_answer(knowledge: Knowledge) -> None:
    career = knowledge.career(CAREER)
    assert career is not None
    reply = answers.answer(career, "salary", knowledge)
    result = card(3, reply, knowledge)
    assert result.title == f"{career.title} — {knowledge.intents['salary'].label}"
    assert result.id.startswith("3:") and len(result.id.encode()) <= 64
    content = cast(InputTextMessageContent, result.input_message_content)
    assert content.message_text == render_html(reply)
    assert content.parse_mode == "HTML"
    buttons = result.reply_markup.inline_keyboard if result.reply_markup else ()
    assert all(b.url for row in buttons for b in row)


def test_card_title_without_a_career_is_the_first_line(knowledge: Knowledge) -> None:
    assert card_title(_reply(), knowledge) == "Hello <you>"


_FILE = {"file_id": "f", "file_unique_id": "f"}
_STICKER = {**_FILE, "type": "regular", "width": 1, "height": 1, "is_animated": False}


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        pytest.param({"sticker": {**_STICKER, "is_video": False}}, "sticker", id="sticker"),
        pytest.param({"voice": {**_FILE, "duration": 1}}, "voice", id="voice"),
        pytest.param({"photo": [{**_FILE, "width": 1, "height": 1}]}, "photo", id="photo"),
        pytest.param({"location": {"latitude": 1.0, "longitude": 2.0}}, "location", id="location"),
    ],
)
def test_attachment_kind(fields: dict[str, Any], kind: str) -> None:
    data = {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, **fields}
    assert attachment_kind(Message.de_json(data, None)) == kind
