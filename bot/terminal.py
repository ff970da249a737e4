"""The terminal transports: an interactive chat, and one-shot answers for scripts (`ask`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot import charts
from bot.dialogue import Advisor, ChatState, Turn
from bot.exit_codes import ExitCode
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


def save_chart(reply: Reply, directory: Path, name: str | None = None) -> str:
    """Draw the reply's chart into `directory` (as `name`); what to tell the user: where it
    is, or why it could not be written."""
    assert reply.chart is not None
    try:
        path = charts.write(reply.chart, directory, name)
    except ImportError:
        return "Charts need matplotlib: install it with `pip install matplotlib`."
    except OSError as exc:
        where = directory / (name or f"{reply.chart.name}.png")
        return f"Could not write the chart to {where}: {exc.strerror or exc}."
    return f"📊 Chart saved: {path}"


def chat(
    advisor: Advisor,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    charts_dir: Path = Path(),
) -> int:
    """Hold a conversation in the terminal; type a number to press one of the buttons shown;
    a chart pressed is written as a PNG into `charts_dir`."""
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
        if turn.reply.chart is not None:
            print(save_chart(turn.reply, charts_dir) + "\n", file=stdout)
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


CHARTED = (
    "charts are drawn for pay (“what does a welder earn”), comparisons (“nurse vs teacher”) "
    "and where a career pays most (“where do welders earn the most”)"
)


def chart(advisor: Advisor, question: str, output: Path | None, stdout: TextIO = sys.stdout) -> int:
    """`careerbot chart`: draw the chart of one question's answer into `output` (default: the
    chart's own name in the current directory)."""
    turn = _command(advisor, ChatState(), question) or advisor.reply(ChatState(), question)
    data = next((d for d in _options(turn.reply) if d.startswith("ch|")), None)
    if data is None:
        print(f"careerbot: the answer to “{question}” has no chart; {CHARTED}.", file=sys.stderr)
        return ExitCode.USAGE
    shown = advisor.press(turn.state, data).reply
    if shown.chart is None:
        print(f"careerbot: {render_text(shown)}", file=sys.stderr)
        return ExitCode.USAGE
    where = output or Path(f"{shown.chart.name}.png")
    said = save_chart(shown, where.parent, where.name)
    if not said.startswith("📊"):
        print(f"careerbot: {said}", file=sys.stderr)
        return ExitCode.USAGE
    print(render_text(shown) + "\n\n" + said, file=stdout)
    return ExitCode.OK
