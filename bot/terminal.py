"""The terminal transports: an interactive chat, and one-shot answers for scripts (`ask`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.dialogue import Advisor, ChatState, Turn
from bot.knowledge import Career
from bot.replies import Reply, render_text

PROMPT = "you> "
_QUIT = {"quit", "exit", "/quit", "/exit", ":q"}


def _options(reply: Reply) -> list[str]:
    return [b.data for row in reply.buttons for b in row if b.data is not None]


def _command(advisor: Advisor, state: ChatState, text: str) -> Turn | None:
    """Telegram's commands, typed in the terminal."""
    command, _, arg = text.partition(" ")
    if command == "/start":
        return advisor.start(state, arg.strip() or None)
    if command == "/help":
        return Turn(advisor.help(), state)
    if command == "/about":
        return Turn(advisor.about(), state)
    if command == "/careers":
        return Turn(advisor.browse(), state)
    if command == "/place":
        return advisor.place(state, arg)
    if command == "/find":
        return advisor.find(state, arg)
    return None


def chat(advisor: Advisor, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Hold a conversation in the terminal; type a number to press one of the buttons shown."""
    interactive = stdin.isatty()
    state = ChatState()
    turn = advisor.start(state)
    print(render_text(turn.reply, with_buttons=True), file=stdout)
    print(
        "\n(Type a question; a number presses a button; /help for help; Ctrl-D or 'quit' ends.)",
        file=stdout,
    )
    options = _options(turn.reply)
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        raw = stdin.readline()
        if not raw:
            break
        text = raw.strip()
        if text.lower() in _QUIT:
            break
        if not interactive:
            print(f"{PROMPT}{text}", file=stdout)
        if text.isdigit() and 1 <= int(text) <= len(options):
            turn = advisor.press(state, options[int(text) - 1])
        else:
            turn = _command(advisor, state, text) or advisor.reply(state, text)
        state = turn.state
        options = _options(turn.reply)
        print("\n" + render_text(turn.reply, with_buttons=True) + "\n", file=stdout)
    print("Bye!", file=stdout)
    return 0


def as_json(question: str, reply: Reply) -> str:
    """One line of `careerbot ask --json` (a stable interface for scripts and evaluations)."""
    career = reply.career
    careers = reply.careers or ((career,) if career else ())
    location = reply.location
    return json.dumps(
        {
            "question": question,
            "career": _career_json(career) if career else None,
            "intent": reply.intent
            if career or reply.intent in ("compare", "chat", "find")
            else None,
            "candidates": list(reply.candidates),
            "careers": [_career_json(c) for c in careers],
            "location": {"code": location.code, "name": location.name, "type": location.type}
            if location
            else None,
            "reply": render_text(reply),
        },
        ensure_ascii=False,
    )


def _career_json(career: Career) -> dict[str, str]:
    return {"soc": career.soc, "id": career.id, "title": career.title}


def ask(
    advisor: Advisor,
    questions: Iterable[str],
    *,
    conversation: bool = False,
    json_lines: bool = False,
    stdout: TextIO = sys.stdout,
) -> int:
    """Answer questions one by one, each on its own or as turns of one conversation."""
    state = ChatState()
    first = True
    for raw in questions:
        question = raw.rstrip("\n")
        asked_in = state if conversation else ChatState()
        turn = _command(advisor, asked_in, question) or advisor.reply(asked_in, question)
        if conversation:
            state = turn.state
        if json_lines:
            print(as_json(question, turn.reply), file=stdout)
        else:
            if not first:
                print("", file=stdout)
            print(render_text(turn.reply), file=stdout)
        first = False
    return 0
