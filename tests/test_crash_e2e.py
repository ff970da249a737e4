"""Nothing lost when an instance dies: real bot processes killed with SIGKILL mid-stream.

Webhook: two instances share one real redis-server behind a round-robin balancer; the fake Bot
API posts every update again until some instance answers 2xx, as Telegram does; one instance is
killed when half the replies are out. Polling: one instance on a SQLite file is killed when
half the replies are out and started again on the same file. Every message must be answered;
a reply sent in the very instant of the kill may be repeated once, never more.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from bot_process import BotProcess
from conftest import PollingBot, StartWebhookBot
from fake_bot_api import FakeBotApi
from redis_server import RedisServer

from bot.dialogue import Advisor, ChatState
from bot.replies import render_html

pytestmark = pytest.mark.asyncio(loop_scope="module")  # the loop the fake server runs on

# Questions whose answers do not depend on what the chat asked before: each reply tells which
# message it answers.
QUESTIONS = (
    "what does a production manager earn",
    "welder salary",
    "registered nurse outlook",
    "how do i become an electrician",
    "plumber salary",
    "truck driver salary",
    "software developer outlook",
    "accountant salary",
)
ANSWER_SECONDS = 60.0  # for every message to be answered, kill and take-over included
# At most this many updates are at work at the moment of a kill (CONCURRENT_UPDATES): only
# their replies can have been sent but not yet recorded as sent.
IN_FLIGHT = 64


def expected_replies(advisor: Advisor) -> dict[str, str]:
    """The reply (HTML, as sent) to each question."""
    return {q: render_html(advisor.reply(ChatState(), q).reply) for q in QUESTIONS}


def send_all(fake: FakeBotApi, chats: range, per_chat: int) -> Counter[tuple[int, str]]:
    """Every chat sends its questions at once (Telegram queues them); what was sent."""
    sent: Counter[tuple[int, str]] = Counter()
    for i in range(per_chat):
        for chat_id in chats:
            question = QUESTIONS[(chat_id + i) % len(QUESTIONS)]
            fake.message(chat_id, question)
            sent[chat_id, question] += 1
    return sent


def replies_so_far(fake: FakeBotApi) -> int:
    return len(fake.calls_of("sendMessage"))


async def until_replies(fake: FakeBotApi, count: int, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while replies_so_far(fake) < count and loop.time() < deadline:
        await asyncio.sleep(0.005)


def check_every_message_answered(
    fake: FakeBotApi, sent: Counter[tuple[int, str]], answers: dict[str, str], killed_at: int
) -> int:
    """Each reply matched to the question it answers: none lost; a message answered twice only
    when its first answer was among the last replies in flight when the process was killed.
    The number of repeated replies."""
    question_of = {html: q for q, html in answers.items()}
    got: dict[tuple[int, str], list[int]] = {}
    for index, call in enumerate(fake.calls_of("sendMessage")):
        question = question_of.get(call.params["text"])
        assert question is not None, f"a reply to no question sent: {call.params['text'][:200]}"
        got.setdefault((int(call.params["chat_id"]), question), []).append(index)
    lost = {key: n - len(got.get(key, ())) for key, n in sent.items() if len(got.get(key, ())) < n}
    assert not lost, f"{len(lost)} messages never answered, e.g. {list(lost)[:5]}"
    repeated = 0
    for key, n in sent.items():
        extra = len(got[key]) - n
        assert extra <= n, f"{key} answered {len(got[key])} times for {n} messages"
        if extra > 0:
            first = got[key][n - 1]
            assert first >= killed_at - IN_FLIGHT, (
                f"{key} repeated, first sent long before the kill"
            )
            repeated += extra
    return repeated


async def test_webhook_instance_killed_midway_loses_nothing(
    fake: FakeBotApi,
    start_webhook_bot: StartWebhookBot,
    redis_server: RedisServer,
    advisor: Advisor,
) -> None:
    fake.retry_delay = 0.05
    first = await start_webhook_bot(fake, REDIS_URL=redis_server.url, SEND_RATE_LIMIT="0")
    second = await start_webhook_bot(fake, REDIS_URL=redis_server.url, SEND_RATE_LIMIT="0")
    fake.balance = [first.url, second.url]
    sent = send_all(fake, range(913_000_001, 913_000_051), per_chat=8)  # 400 messages
    total = sum(sent.values())
    await until_replies(fake, total // 2, ANSWER_SECONDS)
    first.process.kill()  # SIGKILL: no clean-up, its in-flight updates unanswered
    killed_at = replies_so_far(fake)
    await until_replies(fake, total, ANSWER_SECONDS)
    await asyncio.sleep(1.0)  # late duplicates, if any, would show now
    check_every_message_answered(fake, sent, expected_replies(advisor), killed_at)
    assert second.process.alive
    assert "Traceback" not in second.process.stderr()
    second.process.kill()


@pytest.mark.parametrize("store", ["sqlite", "redis"])
async def test_polling_killed_and_restarted_loses_nothing(
    fake: FakeBotApi,
    start_polling_bot: PollingBot,
    tmp_path: Path,
    advisor: Advisor,
    request: pytest.FixtureRequest,
    store: str,
) -> None:
    env = {"SEND_RATE_LIMIT": "0"}
    if store == "redis":
        server: RedisServer = request.getfixturevalue("redis_server")
        env["REDIS_URL"] = server.url
    workdir = tmp_path / "bot"
    workdir.mkdir()
    bot: BotProcess = await start_polling_bot(fake, workdir, **env)
    sent = send_all(fake, range(914_000_001, 914_000_041), per_chat=5)  # 200 messages
    total = sum(sent.values())
    await until_replies(fake, total // 2, ANSWER_SECONDS)
    bot.kill()  # SIGKILL
    killed_at = replies_so_far(fake)
    assert killed_at < total, "every reply was out before the kill: nothing was tested"
    again = await start_polling_bot(fake, workdir, **env)  # the same state file or Redis
    await until_replies(fake, total, ANSWER_SECONDS)
    await asyncio.sleep(1.0)
    check_every_message_answered(fake, sent, expected_replies(advisor), killed_at)
    assert "Traceback" not in again.stderr()


async def test_webhook_instance_on_sqlite_killed_and_restarted_loses_nothing(
    fake: FakeBotApi, start_webhook_bot: StartWebhookBot, tmp_path: Path, advisor: Advisor
) -> None:
    fake.retry_delay = 0.05
    env = {"STATE_DB": str(tmp_path / "state.sqlite3"), "SEND_RATE_LIMIT": "0"}
    first = await start_webhook_bot(fake, **env)
    sent = send_all(fake, range(915_000_001, 915_000_041), per_chat=5)  # 200 messages
    total = sum(sent.values())
    await until_replies(fake, total // 2, ANSWER_SECONDS)
    first.process.kill()  # SIGKILL; Telegram keeps posting what it held, in vain meanwhile
    killed_at = replies_so_far(fake)
    again = await start_webhook_bot(fake, **env)  # the same SQLite file; sets its own URL
    await until_replies(fake, total, ANSWER_SECONDS)
    await asyncio.sleep(1.0)
    check_every_message_answered(fake, sent, expected_replies(advisor), killed_at)
    assert "Traceback" not in again.process.stderr()
