"""The `careerbot` command: run (Telegram), chat, ask and chart (terminal), validate,
build-knowledge, unanswered."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.dialogue import Advisor
from bot.exit_codes import ExitCode
from bot.knowledge import KnowledgeError, load_knowledge
from bot.settings import Settings, SettingsError
from bot.understanding import Tuning


def _fail(message: str) -> int:
    print(f"careerbot: {message}", file=sys.stderr)
    return ExitCode.USAGE


def _settings() -> Settings:
    return Settings.from_environ()


def _advisor(directory: Path, tuning: Tuning | None = None) -> Advisor:
    from bot.index_cache import load_understanding
    from bot.local import AREAS_FILE, LocalFigures, load_areas

    knowledge, understanding = load_understanding(directory, tuning=tuning)
    areas = Path(directory) / AREAS_FILE
    local = LocalFigures(directory, load_areas(areas)) if areas.exists() else None
    return Advisor(knowledge, understanding, local)


def _cmd_run(args: argparse.Namespace) -> int:
    settings = _settings()
    settings.require_token()
    webhook = settings.require_webhook() if args.webhook else None
    advisor = _advisor(settings.knowledge_dir)
    from bot.telegram import service

    return service.run(settings, advisor, webhook=webhook)


def _cmd_unanswered(args: argparse.Namespace) -> int:
    import asyncio

    from bot.replies import render_text
    from bot.stats import unanswered_reply
    from bot.store import StoreUnavailable, open_store

    settings = _settings()
    if settings.redis_url is None and not settings.state_db.exists():
        print(f"No unanswered questions recorded (nothing stored in {settings.state_db} yet).")
        return ExitCode.OK

    async def read() -> str:
        store = await open_store(settings.state_db, settings.redis_url)
        try:
            return render_text(unanswered_reply(await store.unanswered(args.limit)))
        finally:
            await store.close()

    try:
        print(asyncio.run(read()))
    except StoreUnavailable as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return ExitCode.UNAVAILABLE if settings.redis_url else ExitCode.USAGE
    return ExitCode.OK


def _cmd_chat(args: argparse.Namespace) -> int:
    from bot.terminal import chat

    return chat(_advisor(args.knowledge or _settings().knowledge_dir), charts_dir=args.charts)


def _cmd_chart(args: argparse.Namespace) -> int:
    from bot.terminal import chart

    return chart(_advisor(args.knowledge or _settings().knowledge_dir), args.question, args.output)


def _cmd_ask(args: argparse.Namespace) -> int:
    from bot.terminal import ask

    advisor = _advisor(args.knowledge or _settings().knowledge_dir)
    questions = [args.question] if args.question is not None else sys.stdin
    return ask(advisor, questions, conversation=args.conversation, json_lines=args.json)


def _cmd_validate(args: argparse.Namespace) -> int:
    from bot.local import validate_places

    directory = args.directory or _settings().knowledge_dir
    knowledge = load_knowledge(directory)
    # The local figures are read on demand by the bot, so only here are they all checked.
    places = validate_places(Path(directory), [career.id for career in knowledge.careers])
    local = f", {places.areas} areas, {places.rows:,} local figures" if places else ""
    counts = f"{len(knowledge.careers)} careers, {len(knowledge.sources)} sources{local}"
    print(f"{directory}: OK ({counts})")
    return ExitCode.OK


def _cmd_build_knowledge(args: argparse.Namespace) -> int:
    from bot.build import command

    return command.run(args)


def _cmd_eval(args: argparse.Namespace) -> int:
    from bot import evaluation

    try:
        tuning = Tuning().with_values(args.tune)
    except ValueError as exc:
        return _fail(f"--tune {exc}")
    return evaluation.run(args, _advisor(args.knowledge or _settings().knowledge_dir, tuning))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="careerbot",
        description="A career-advice chatbot answering from official US occupation data.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="take updates on a webhook (WEBHOOK_URL, WEBHOOK_SECRET, ...) instead of polling",
    )
    run.set_defaults(func=_cmd_run)

    unanswered = sub.add_parser(
        "unanswered", help="the most frequent questions the bot could not answer"
    )
    unanswered.add_argument("--limit", type=int, default=20, help="how many (default: 20)")
    unanswered.set_defaults(func=_cmd_unanswered)

    chat = sub.add_parser("chat", help="talk to the bot in the terminal (no token needed)")
    chat.add_argument("--knowledge", type=Path, help="knowledge directory (default: knowledge/)")
    chat.add_argument(
        "--charts", type=Path, default=Path(), help="where charts are written (default: here)"
    )
    chat.set_defaults(func=_cmd_chat)

    draw = sub.add_parser("chart", help="draw the chart of one question's answer as a PNG")
    draw.add_argument("question", help="e.g. “what does a production manager earn”")
    draw.add_argument("-o", "--output", type=Path, help="the PNG (default: the chart's name)")
    draw.add_argument("--knowledge", type=Path, help="knowledge directory (default: knowledge/)")
    draw.set_defaults(func=_cmd_chart)

    ask = sub.add_parser("ask", help="answer one question, or one per line from standard input")
    ask.add_argument("question", nargs="?", help="the question (default: read lines from stdin)")
    ask.add_argument("--conversation", action="store_true", help="treat lines as one conversation")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--knowledge", type=Path, help="knowledge directory (default: knowledge/)")
    ask.set_defaults(func=_cmd_ask)

    validate = sub.add_parser("validate", help="check a knowledge directory")
    validate.add_argument("directory", nargs="?", type=Path, help="default: knowledge/")
    validate.set_defaults(func=_cmd_validate)

    from bot import evaluation

    evaluate = sub.add_parser("eval", help="measure understanding on labelled questions")
    evaluation.add_arguments(evaluate)
    evaluate.add_argument(
        "--knowledge", type=Path, help="knowledge directory (default: knowledge/)"
    )
    evaluate.set_defaults(func=_cmd_eval)

    build = sub.add_parser(
        "build-knowledge", help="generate knowledge/careers from BLS, O*NET and NCES data"
    )
    from bot.build import command

    command.add_arguments(build)
    build.set_defaults(func=_cmd_build_knowledge)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["chat", *(argv or [])])
    try:
        result: int = args.func(args)
    except KnowledgeError as exc:
        return _fail(str(exc))
    except SettingsError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # `careerbot ask ... | head`: the reader left; say nothing more, and quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.BROKEN_PIPE
    return result


if __name__ == "__main__":
    sys.exit(main())
