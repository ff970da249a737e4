"""A conversation with the advisor, message by message, each turn in the previous one's state."""

from __future__ import annotations

from bot.dialogue import Advisor, ChatState, Turn


def talk(advisor: Advisor, *messages: str) -> list[Turn]:
    """Every turn of a conversation that starts afresh."""
    state, turns = ChatState(), []
    for message in messages:
        turn = advisor.reply(state, message)
        state = turn.state
        turns.append(turn)
    return turns
