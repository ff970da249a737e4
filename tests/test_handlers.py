"""The handlers' per-chat state in the store (bot.telegram.handlers).

The handlers themselves are covered end to end in test_telegram_e2e.py and test_service_e2e.py.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from telegram import Update

from bot.dialogue import ChatState
from bot.store import SQLiteStore
from bot.telegram.handlers import load_state, save_state

CAREER = "industrial-production-managers"


class _Context:
    """Just the part of a handler's Context that state lives in: the services' store."""

    def __init__(self, store: SQLiteStore) -> None:
        self.services = SimpleNamespace(store=store)


def _update(chat_id: int | None) -> Update:
    if chat_id is None:  # an inline query: no chat
        data = {
            "id": "1",
            "from": {"id": 1, "is_bot": False, "first_name": "A"},
            "query": "x",
            "offset": "",
        }
        return Update.de_json({"update_id": 1, "inline_query": data}, None)
    message = {"message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"}, "text": "hi"}
    return Update.de_json({"update_id": 1, "message": message}, None)


async def test_state_round_trips_through_the_store(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "state.sqlite3", b"pepper")
    context: Any = _Context(store)
    assert await load_state(_update(7), context) == ChatState()
    state = ChatState(CAREER, "salary", ("a", "b"))
    await save_state(_update(7), context, state)
    assert await load_state(_update(7), context) == state
    assert await load_state(_update(8), context) == ChatState()  # chats never mix
    await store.close()


async def test_no_chat_means_a_fresh_state_and_nothing_saved(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "state.sqlite3", b"pepper")
    context: Any = _Context(store)
    await save_state(_update(None), context, ChatState(CAREER))
    assert await load_state(_update(None), context) == ChatState()
    assert store._db.execute("SELECT count(*) FROM chat_state").fetchone() == (0,)
    await store.close()
