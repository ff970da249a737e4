"""End to end, running as a service: webhook mode, context that survives restarts (SQLite) and is
shared by two instances (a real Redis), Redis outages, owner tools, send retries, privacy.

Each test starts the bot processes it needs against a fake Bot API server of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import signal
import socket
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import redis
from bot_process import BotProcess, WebhookBot
from fake_bot_api import SECRET_HEADER, Call, FakeBotApi, api_error
from redis_server import RedisServer, free_port

from bot.dialogue import COMMANDS
from bot.telegram.handlers import ADMIN_COMMANDS, ALLOWED_UPDATES

pytestmark = pytest.mark.asyncio(loop_scope="module")

# The fixtures' types (see conftest.py).
Launch = Callable[..., Awaitable[tuple[FakeBotApi, BotProcess]]]
StartWebhookBot = Callable[..., Awaitable[WebhookBot]]
PollingBot = Callable[..., Awaitable[BotProcess]]

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"

SALARY = "production manager salary"
FOLLOW_UP = "and education?"
IPM = "Industrial Production Managers"
HELP = "How to ask"
SORRY = "Sorry, something went wrong"
ADMIN = 904_242_421  # the owner's Telegram user id (and private chat)


async def say(fake: FakeBotApi, chat_id: int, text: str, timeout: float = 10.0) -> str:
    """Send a message in `chat_id`; the text of the bot's one (successful) answer."""
    since = fake.mark()
    fake.message(chat_id, text)
    [call] = await fake.wait_for("sendMessage", since=since, timeout=timeout, chat_id=chat_id)
    assert call.ok, call.response
    return str(call.result["text"])


async def post(bot: WebhookBot, body: bytes | dict[str, Any], secret: str | None) -> int:
    """Post to the bot's webhook as Telegram (or anyone) would; the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    async with (
        aiohttp.ClientSession() as session,
        session.post(bot.url, data=data, headers=headers) as response,
    ):
        return response.status


async def delivered(fake: FakeBotApi, count: int, timeout: float = 10.0) -> None:
    """Wait until `count` deliveries are recorded: a webhook post is answered (and recorded)
    only after its reply was sent."""
    for _ in range(int(timeout / 0.01)):
        if len(fake.deliveries) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{len(fake.deliveries)} deliveries, not {count}")


def secret(fake: FakeBotApi) -> str:
    """The secret token the bot gave Telegram with setWebhook."""
    assert fake.webhook is not None
    return str(fake.webhook["secret_token"])


def replies(fake: FakeBotApi, chat_id: int, since: int = 0) -> list[Call]:
    return [c for c in fake.calls_of("sendMessage", since=since, chat_id=chat_id) if c.ok]


def clean(process: BotProcess) -> None:
    """The bot is running and has logged no traceback."""
    log = process.stderr()
    assert process.alive, f"the bot exited with {process.returncode}:\n{log}"
    assert "Traceback" not in log, log


async def run_to_exit(workdir: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """`careerbot ARGS` until it exits: exit code, stdout, stderr."""
    process = BotProcess(workdir, env, args or ("run",))
    try:
        code = await process.wait(timeout=30.0)
    finally:
        process.kill()
    return code, process.stdout(), process.stderr()


# --- webhook mode ----------------------------------------------------------------------------


async def test_webhook_mode_answers_with_context(
    fake: FakeBotApi, start_webhook_bot: StartWebhookBot
) -> None:
    bot = await start_webhook_bot(fake)
    [webhook] = fake.calls_of("setWebhook")
    assert webhook.ok
    assert webhook.params["url"] == bot.url
    assert webhook.params["secret_token"]
    assert webhook.params["allowed_updates"] == ALLOWED_UPDATES
    assert IPM + " — Salary" in await say(fake, 1001, SALARY)
    assert IPM + " — Education" in await say(fake, 1001, FOLLOW_UP)
    await delivered(fake, 2)
    assert {d.status for d in fake.deliveries} == {200}
    assert not fake.calls_of("getUpdates")
    assert await bot.process.stop(signal.SIGTERM) == 0
    assert "Traceback" not in bot.process.stderr()
    assert webhook.params["secret_token"] not in bot.process.stderr()


async def test_healthz_says_ready_and_names_the_store(
    fake: FakeBotApi, start_webhook_bot: StartWebhookBot
) -> None:
    bot = await start_webhook_bot(fake)
    async with aiohttp.ClientSession() as session, session.get(bot.health_url) as response:
        assert response.status == 200
        assert await response.json() == {"status": "ready", "store": "sqlite (up)"}


async def test_requests_without_the_secret_are_refused_and_never_processed(
    fake: FakeBotApi, start_webhook_bot: StartWebhookBot
) -> None:
    bot = await start_webhook_bot(fake)
    update = {"update_id": 90001, "message": fake.new_message(1002, SALARY)}
    assert await post(bot, update, None) == 403
    assert await post(bot, update, "wrong-secret") == 403
    assert "Sorry" not in await say(fake, 1003, "/help")  # later updates are processed ...
    assert replies(fake, 1002) == []  # ... the refused ones never
    assert bot.process.stderr().count("wrong or no secret token") == 2  # one line each
    clean(bot.process)


async def test_malformed_bodies_and_unknown_kinds_are_refused_or_ignored(
    fake: FakeBotApi, start_webhook_bot: StartWebhookBot
) -> None:
    bot = await start_webhook_bot(fake)
    for body in (b"{not json", b"[]", b'{"update_id": "x"}'):
        assert await post(bot, body, secret(fake)) == 400
    edited = {"update_id": 90011, "edited_message": fake.new_message(1004, SALARY)}
    future = {"update_id": 90012, "some_future_kind": {"chat": {"id": 1004}}}
    assert await post(bot, edited, secret(fake)) == 200
    assert await post(bot, future, secret(fake)) == 200
    assert "Sorry" not in await say(fake, 1004, "/help")  # processed after the ignored ones
    assert len(replies(fake, 1004)) == 1
    assert bot.process.stderr().count("malformed webhook update") == 3
    clean(bot.process)


async def test_an_update_posted_twice_is_processed_once(
    fake: FakeBotApi, start_webhook_bot: StartWebhookBot
) -> None:
    bot = await start_webhook_bot(fake)
    update = {"update_id": 90021, "message": fake.new_message(1005, SALARY)}
    statuses = await asyncio.gather(*(post(bot, update, secret(fake)) for _ in range(3)))
    assert statuses == [200, 200, 200]  # Telegram must not retry: accepted, then skipped
    await fake.wait_for("sendMessage", chat_id=1005)
    await say(fake, 1005, "/help")  # handled after the copies: a chat's updates keep their order
    assert len(replies(fake, 1005)) == 2
    clean(bot.process)


async def test_webhook_mode_without_a_secret_stops_with_one_line(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_URL": fake.url,
        "WEBHOOK_URL": "https://bot.example.com/telegram",
    }
    code, _, stderr = await run_to_exit(tmp_path, env, "run", "--webhook")
    assert code == 2
    assert stderr.count("\n") == 1 and stderr.startswith("careerbot: WEBHOOK_SECRET is not set")
    assert not fake.calls  # stopped before talking to Telegram


async def test_a_busy_port_stops_with_one_line(fake: FakeBotApi, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_URL": fake.url,
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "WEBHOOK_SECRET": "s3cret",
            "WEBHOOK_PORT": str(port),
        }
        code, _, stderr = await run_to_exit(tmp_path, env, "run", "--webhook")
    assert code == 1
    assert stderr == f"careerbot: cannot listen on 127.0.0.1:{port}: Address already in use\n"


# --- context that lasts: SQLite ---------------------------------------------------------------


async def test_context_survives_a_restart(
    fake: FakeBotApi, start_polling_bot: PollingBot, tmp_path: Path
) -> None:
    first = await start_polling_bot(fake, tmp_path)  # STATE_DB: tmp_path/state.sqlite3
    assert IPM in await say(fake, 1101, SALARY)
    assert await first.stop(signal.SIGTERM) == 0
    second = await start_polling_bot(fake, tmp_path)
    assert IPM + " — Education" in await say(fake, 1101, FOLLOW_UP)
    clean(second)
    assert (tmp_path / "state.sqlite3").is_file()


# --- several instances on one Redis ------------------------------------------------------------


async def test_two_instances_sharing_redis_keep_one_conversation(
    fake: FakeBotApi, start_webhook_bot: StartWebhookBot, redis_server: RedisServer
) -> None:
    first = await start_webhook_bot(fake, REDIS_URL=redis_server.url)
    second = await start_webhook_bot(fake, REDIS_URL=redis_server.url)
    fake.balance = [first.url, second.url]  # a load balancer: updates alternate
    assert IPM + " — Salary" in await say(fake, 912_001_201, SALARY)
    assert IPM + " — Education" in await say(fake, 912_001_201, FOLLOW_UP)
    assert IPM + " — Salary" in await say(fake, 912_001_201, "and pay?")
    await delivered(fake, 3)
    assert [d.url for d in fake.deliveries] == [first.url, second.url, first.url]
    # The same update delivered to both (a retry after a lost answer): one reply.
    update = {"update_id": 90031, "message": fake.new_message(912_001_202, SALARY)}
    statuses = await asyncio.gather(
        post(first, update, secret(fake)), post(second, update, secret(fake))
    )
    assert list(statuses) == [200, 200]  # gather returns a list; typed as a tuple
    await fake.wait_for("sendMessage", chat_id=912_001_202)
    # A /help to each instance, handled there after its copy: then both copies are done.
    for update_id, bot in ((90032, first), (90033, second)):
        since = fake.mark()
        help_update = {"update_id": update_id, "message": fake.new_message(912_001_202, "/help")}
        assert await post(bot, help_update, secret(fake)) == 200
        await fake.wait_for("sendMessage", since=since, chat_id=912_001_202)
    assert len(replies(fake, 912_001_202)) == 3  # one answer, two helps
    for bot in (first, second):
        clean(bot.process)
    # Privacy: nothing in Redis names a user, by id or by name.
    client = redis.Redis.from_url(redis_server.url)
    stored = "\n".join(f"{key!r} {client.dump(key)!r}" for key in client.keys("*"))
    client.close()
    for chat_id in (912_001_201, 912_001_202):
        assert str(chat_id) not in stored and f"User {chat_id}" not in stored


async def test_redis_lost_while_running_then_back(
    fake: FakeBotApi, start_webhook_bot: StartWebhookBot, redis_server: RedisServer
) -> None:
    bot = await start_webhook_bot(fake, REDIS_URL=redis_server.url)
    assert IPM in await say(fake, 1301, SALARY)
    redis_server.stop()
    # Still answering, without context: the follow-up has no career to go on.
    assert IPM not in await say(fake, 1301, FOLLOW_UP)
    assert IPM + " — Salary" in await say(fake, 1301, SALARY)
    assert bot.process.stderr().count("is unavailable") == 1  # once per outage
    redis_server.start()  # empty: a fresh Redis
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while "is back" not in bot.process.stderr():  # tried again at most every second
        assert loop.time() < deadline, bot.process.stderr()
        await say(fake, 1302, SALARY)
    assert IPM in await say(fake, 1301, SALARY)
    assert IPM + " — Education" in await say(fake, 1301, FOLLOW_UP)
    clean(bot.process)


async def test_redis_out_of_reach_at_start_is_one_line(fake: FakeBotApi, tmp_path: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_URL": fake.url,
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
    }
    code, _, stderr = await run_to_exit(tmp_path, env)
    assert code == 1
    assert stderr.count("\n") == 1 and stderr.startswith("careerbot: cannot reach Redis at ")


# --- the owner's tools ---------------------------------------------------------------------


async def test_owner_commands_are_shown_to_owners_only(launch_bot: Launch) -> None:
    fake, bot = await launch_bot(ADMIN_IDS=f"{ADMIN}, 7")
    since = fake.mark()
    await say(fake, ADMIN, "/start")  # shows the owner's commands in the owner's chat
    scope = {"type": "chat", "chat_id": ADMIN}
    [shown] = await fake.wait_for("setMyCommands", since=since, scope=scope)
    assert shown.ok, shown.response
    public = [c["command"] for c in fake.commands]
    assert public == [c for c, _ in COMMANDS]
    mine = [c["command"] for c in fake.scoped_commands[f"chat:{ADMIN}"]]
    assert mine == [c for c, _ in COMMANDS + ADMIN_COMMANDS]
    clean(bot)


async def test_others_trying_owner_commands_get_the_help(launch_bot: Launch) -> None:
    fake, bot = await launch_bot(ADMIN_IDS=str(ADMIN))
    for chat_id, command in enumerate(("/stats", "/unanswered", "/reload"), start=1401):
        assert HELP in await say(fake, chat_id, command)
    clean(bot)


async def test_stats_and_unanswered(launch_bot: Launch, tmp_path: Path) -> None:
    fake, bot = await launch_bot(ADMIN_IDS=str(ADMIN))
    await say(fake, 915_001_501, SALARY)
    for chat_id, text in (
        (915_001_502, "blorp zork"),
        (915_001_503, "Blorp   ZORK"),
        (915_001_503, "qwxz vlim"),
    ):
        await say(fake, chat_id, text)
    await say(fake, 915_001_503, "/nonsense")  # an unknown command: not a question
    stats = await say(fake, ADMIN, "/stats")
    assert "Questions: 4; answered: 1 (25%)" in stats
    assert f"Top careers: {IPM} (1)" in stats
    assert "Top topics: salary (1)" in stats
    assert "Store: sqlite (up)" in stats
    unanswered = await say(fake, ADMIN, "/unanswered")
    lines = unanswered.splitlines()
    assert lines[1].startswith("2× “blorp zork”")
    assert lines[2].startswith("1× “qwxz vlim”")
    assert len(lines) == 3
    assert "nonsense" not in unanswered  # commands are not questions
    # The same list from the terminal, from the same SQLite file.
    env = {"STATE_DB": str(bot.workdir / "state.sqlite3")}
    code, stdout, stderr = await run_to_exit(tmp_path, env, "unanswered")
    assert (code, stderr) == (0, "")
    assert stdout.strip() == unanswered.strip()
    # Privacy: the SQLite file names no user, by id or by name. (Long ids, so that no hash or
    # timestamp in the file can contain one by chance.)
    with contextlib.closing(sqlite3.connect(bot.workdir / "state.sqlite3")) as db:
        stored = "\n".join(db.iterdump())
    for chat_id in (915_001_501, 915_001_502, 915_001_503, ADMIN):
        assert str(chat_id) not in stored and f"User {chat_id}" not in stored
    assert "blorp zork" in stored
    clean(bot)


async def test_unanswered_from_redis_in_the_terminal(
    fake: FakeBotApi, start_webhook_bot: StartWebhookBot, redis_server: RedisServer, tmp_path: Path
) -> None:
    await start_webhook_bot(fake, REDIS_URL=redis_server.url)
    await say(fake, 1601, "qwxz vlim")
    code, stdout, _ = await run_to_exit(tmp_path, {"REDIS_URL": redis_server.url}, "unanswered")
    assert code == 0
    assert "1× “qwxz vlim”" in stdout


async def test_unanswered_with_nothing_stored_yet(tmp_path: Path) -> None:
    env = {"STATE_DB": str(tmp_path / "none.sqlite3")}
    code, stdout, _ = await run_to_exit(tmp_path, env, "unanswered")
    assert code == 0
    assert "No unanswered questions recorded" in stdout
    assert not (tmp_path / "none.sqlite3").exists()


async def test_reload_refuses_a_broken_knowledge_base_and_takes_a_good_one(
    launch_bot: Launch, knowledge_copy: Path, own_cache: dict[str, str]
) -> None:
    fake, bot = await launch_bot(
        ADMIN_IDS=str(ADMIN), KNOWLEDGE_DIR=str(knowledge_copy), **own_cache
    )
    assert IPM in await say(fake, 1701, SALARY)
    career = knowledge_copy / "careers" / "industrial-production-managers.yaml"
    good = career.read_text(encoding="utf-8")
    career.write_text(good.replace("median: 126060", "median: lots"), encoding="utf-8")
    refused = await say(fake, ADMIN, "/reload", timeout=30)
    assert "not reloaded" in refused
    assert "industrial-production-managers.yaml" in refused  # the validation error
    assert "$126,060" in await say(fake, 1701, SALARY)  # the old one keeps serving
    career.write_text(good, encoding="utf-8")
    welders = "welders-cutters-solderers-and-brazers.yaml"
    shutil.copy(KNOWLEDGE_DIR / "careers" / welders, knowledge_copy / "careers" / welders)
    assert "Welders" not in await say(fake, 1702, "is welding a growing field")
    reloaded = await say(fake, ADMIN, "/reload", timeout=30)
    assert "Knowledge base reloaded" in reloaded and "2 careers" in reloaded
    assert "Welders" in await say(fake, 1702, "is welding a growing field")
    clean(bot)


# --- sending: retried, never lost, never twice -----------------------------------------------


def fail_once(response: Any) -> Any:
    """A fault: the first sendMessage gets `response` (a callable taking the request)."""
    pending = [response]

    async def fault(request: Any, method: str, params: dict[str, Any]) -> Any:
        if method == "sendMessage" and pending:
            return pending.pop()(request)
        return None

    return fault


def reset(request: Any) -> Any:
    request.transport.close()
    return api_error(500, "connection reset")  # never reaches the bot


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(lambda r: api_error(500, "Internal Server Error"), id="500"),
        pytest.param(lambda r: api_error(502, "Bad Gateway"), id="502"),
        pytest.param(lambda r: api_error(429, "Too Many Requests: retry after 1", 1), id="429"),
        pytest.param(reset, id="connection-reset"),
    ],
)
async def test_a_failed_send_is_retried_and_answered_once(
    launch_bot: Launch, response: Any
) -> None:
    fake, bot = await launch_bot()
    fake.fault = fail_once(response)
    since = fake.mark()
    fake.message(1801, SALARY)
    failed, answered = await fake.wait_for("sendMessage", 2, since=since, chat_id=1801)
    assert not failed.ok
    assert answered.ok and IPM in answered.result["text"]
    await say(fake, 1801, "/help")
    assert len(replies(fake, 1801, since)) == 2  # the answer once, then the help
    clean(bot)


async def test_a_send_that_keeps_failing_is_given_up_logged_and_counted(
    launch_bot: Launch,
) -> None:
    fake, bot = await launch_bot(SEND_RETRIES="2", ADMIN_IDS=str(ADMIN))

    async def always_500(request: Any, method: str, params: dict[str, Any]) -> Any:
        if method == "sendMessage" and params.get("chat_id") == 1901:
            return api_error(500, "Internal Server Error")
        return None

    fake.fault = always_500
    since = fake.mark()
    fake.message(1901, SALARY)
    # 3 tries of the answer, then 3 of the apology: all given up, the bot carries on.
    await fake.wait_for("sendMessage", 6, since=since, chat_id=1901)
    assert "given up after retries: 2" in await say(fake, ADMIN, "/stats")
    log = bot.stderr()
    assert log.count("Gave up sendMessage after 3 tries") == 2
    assert bot.alive
