"""Load and fault benchmark: simulated users talking to the real bot through the fake Bot API.

Each scenario starts the fake Bot API server (in this process) and the real `careerbot run` (a
child process, SQLite store by default), then lets USERS users, each in a chat of their own,
send MESSAGES messages one after another, each waiting for the bot's reply before the next. It
reports replies per second, the p50 and p99 reply latency (from the update being available to
the bot to the bot's sendMessage arriving), and checks that every message got exactly one reply.

Scenarios: polling and webhook mode, each without faults and with faults injected by the fake
server into sendMessage (10% answered 429 with retry_after 1 s, 5% answered 500, 2% connections
reset before an answer). Throttling to Telegram's 30 messages a second is off (SEND_RATE_LIMIT=0,
as for a self-hosted Bot API server); retries are the defaults.

With --crash, the bot is killed (SIGKILL) when half the replies are out: in polling mode it is
started again on the same store; in webhook mode two instances share a local Redis behind a
round-robin balancer (the fake server posts every update again until one answers 2xx, as
Telegram does) and one of them is killed. Usage:

    .venv/bin/python benchmarks/load.py                      # all four scenarios
    .venv/bin/python benchmarks/load.py --modes webhook --no-faults --users 50
    .venv/bin/python benchmarks/load.py --redis              # Redis store (needs redis-server)
    .venv/bin/python benchmarks/load.py --faults --retries 1 # so that some sends are given up
    .venv/bin/python benchmarks/load.py --crash --no-faults  # a kill -9 midway (webhook: Redis)

Traffic stays on 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import re
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from aiohttp import web  # noqa: E402
from bot_process import BotProcess, WebhookBot  # noqa: E402
from fake_bot_api import Call, FakeBotApi, api_error  # noqa: E402
from redis_server import RedisServer, find_redis_server, free_port  # noqa: E402

QUESTIONS = (
    "what does a production manager earn",
    "and what education do I need?",
    "is welding a growing field",
    "how do i become an electrician",
    "colleges?",
    "truck driver salary",
    "what about electricians?",
    "blorp",
    "software developer salary",
    "how many chemists are there",
)
SORRY = "Sorry, something went wrong"
OWNER = 99  # the warm-up chat, also the owner asking /stats at the end
START_SECONDS = 30.0
QUIET_SECONDS = 2.0  # after the last reply, how long to watch for late duplicates


@dataclass
class Faults:
    """sendMessage faults, drawn from a seeded generator."""

    rate_limited: float = 0.10
    server_error: float = 0.05
    reset: float = 0.02
    seed: int = 5
    injected: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)

    async def __call__(
        self, request: web.Request, method: str, params: dict[str, Any]
    ) -> web.StreamResponse | None:
        if method != "sendMessage":
            return None
        draw = self.random.random()
        if draw < self.rate_limited:
            self.injected["429"] += 1
            return api_error(429, "Too Many Requests: retry after 1", 1)
        draw -= self.rate_limited
        if draw < self.server_error:
            self.injected["500"] += 1
            return api_error(500, "Internal Server Error")
        draw -= self.server_error
        if draw < self.reset:
            self.injected["reset"] += 1
            if request.transport is not None:
                request.transport.close()
            return api_error(500, "reset")  # never reaches the bot: the connection is gone
        return None


@dataclass
class Result:
    mode: str
    faults: bool
    crash: bool = False
    messages: int = 0
    replied: int = 0
    lost: int = 0
    duplicates: int = 0
    sorry: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    gave_up: int = 0  # "Gave up sendMessage" lines in the bot's log
    gave_up_counted: int | None = None  # what /stats says
    injected: Counter[str] = field(default_factory=Counter)
    alive: bool = False
    exit_code: int | None = None
    tracebacks: int = 0
    cpu_seconds: float | None = None  # the bot process's CPU time (user + system) for the run

    @property
    def per_second(self) -> float:
        return self.replied / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def exactly_once(self) -> bool:
        return self.lost == 0 and self.duplicates == 0 and self.replied == self.messages


class Users:
    """Simulated users: one chat each, one outstanding message each; replies matched by chat."""

    def __init__(self, fake: FakeBotApi, count: int, messages: int, timeout: float) -> None:
        self.fake = fake
        self.chats = [100_000 + i for i in range(count)]
        self.messages = messages
        self.timeout = timeout
        self.waiting: dict[int, tuple[asyncio.Future[float], float]] = {}
        self.replies: Counter[int] = Counter()
        self.result = Result("", False)
        self.last_reply = 0.0
        fake.listeners.append(self._on_call)

    def _on_call(self, call: Call) -> None:
        if call.method != "sendMessage" or not call.ok:
            return
        chat = call.params.get("chat_id")
        if not isinstance(chat, int) or chat < 100_000:
            return
        self.replies[chat] += 1
        if SORRY in str(call.params.get("text")):
            self.result.sorry += 1
        entry = self.waiting.pop(chat, None)
        if entry is None:  # a reply nobody was waiting for: a second one
            self.result.duplicates += 1
            return
        future, sent = entry
        self.last_reply = time.perf_counter()
        if not future.done():
            future.set_result(self.last_reply - sent)

    async def _user(self, index: int, chat: int) -> None:
        loop = asyncio.get_running_loop()
        for turn in range(self.messages):
            future: asyncio.Future[float] = loop.create_future()
            self.waiting[chat] = (future, time.perf_counter())
            self.fake.message(chat, QUESTIONS[(index + turn) % len(QUESTIONS)])
            self.result.messages += 1
            try:
                latency = await asyncio.wait_for(future, self.timeout)
            except TimeoutError:
                self.waiting.pop(chat, None)
                self.result.lost += 1
                continue
            self.result.replied += 1
            self.result.latencies.append(latency)

    async def half_answered(self) -> None:
        """Wait until half of all messages are answered."""
        half = len(self.chats) * self.messages // 2
        while self.result.replied < half:
            await asyncio.sleep(0.005)

    async def run(self) -> Result:
        started = time.perf_counter()
        await asyncio.gather(*(self._user(i, chat) for i, chat in enumerate(self.chats)))
        self.result.seconds = self.last_reply - started  # not counting waits for lost replies
        await asyncio.sleep(QUIET_SECONDS)  # late duplicates land in _on_call meanwhile
        return self.result


@dataclass
class Bot:
    """A bot process; `url` its webhook, in webhook mode."""

    process: BotProcess
    url: str = ""


async def _start_bot(fake: FakeBotApi, mode: str, workdir: Path, env: dict[str, str]) -> Bot:
    workdir.mkdir(exist_ok=True)
    env = {"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.url, **env}
    if mode == "webhook":
        port = free_port()
        env.update(
            WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            WEBHOOK_SECRET="benchmark-secret",
            WEBHOOK_PORT=str(port),
        )
        bot = WebhookBot(BotProcess(workdir, env, ("run", "--webhook")), port)
        await bot.wait_until_healthy(START_SECONDS)
        return Bot(bot.process, bot.url)
    since = fake.mark()
    process = BotProcess(workdir, env)
    await fake.wait_for("getUpdates", since=since, timeout=START_SECONDS)
    return Bot(process)


async def scenario(
    mode: str, faults: bool, args: argparse.Namespace, redis_url: str | None
) -> Result:
    with tempfile.TemporaryDirectory(prefix="careerbot-load-") as temp:
        env = {
            "LOG_LEVEL": "WARNING",
            "SEND_RATE_LIMIT": "0",  # no throttling to Telegram's 30/s: a self-hosted server
            "CONCURRENT_UPDATES": str(args.concurrency),
            "SEND_RETRIES": str(args.retries),
            "ADMIN_IDS": str(OWNER),
        }
        if redis_url:
            env["REDIS_URL"] = redis_url
        async with FakeBotApi() as fake:
            bots = [await _start_bot(fake, mode, Path(temp) / "first", env)]
            if args.crash and mode == "webhook":  # a second instance to take over
                bots.append(await _start_bot(fake, mode, Path(temp) / "second", env))
                fake.balance = [bot.url for bot in bots]
            try:
                # Warm up (first answers touch cold code paths), outside the figures.
                fake.message(OWNER, QUESTIONS[0])
                await fake.wait_for("sendMessage", chat_id=OWNER, timeout=10)
                injected = Faults() if faults else None
                fake.fault = injected
                users = Users(fake, args.users, args.messages, 60.0)
                crashing = asyncio.create_task(_crash(users, fake, mode, bots, env, Path(temp)))
                if not args.crash:
                    crashing.cancel()
                cpu = _cpu_seconds(bots[0].process)
                result = await users.run()
                if not args.crash and cpu is not None:
                    after = _cpu_seconds(bots[0].process)
                    result.cpu_seconds = after - cpu if after is not None else None
                fake.fault = None
                result.gave_up_counted = await _counted_give_ups(fake)
                result.mode, result.faults, result.crash = mode, faults, args.crash
                result.injected = injected.injected if injected else Counter()
                survivor = bots[-1].process
                result.alive = survivor.alive
                result.exit_code = await survivor.stop(signal.SIGTERM, timeout=30)
            finally:
                for bot in bots:
                    bot.process.kill()
            log = "".join(bot.process.stderr() for bot in bots)
            result.gave_up = log.count("Gave up sendMessage")
            result.tracebacks = log.count("Traceback")
            return result


async def _crash(
    users: Users, fake: FakeBotApi, mode: str, bots: list[Bot], env: dict[str, str], temp: Path
) -> None:
    """Kill the first instance (SIGKILL) when half the replies are out; in polling mode start
    it again on the same store (its workdir holds the SQLite file)."""
    await users.half_answered()
    bots[0].process.kill()
    if mode == "polling":
        bots.append(await _start_bot(fake, mode, temp / "first", env))


def _cpu_seconds(process: BotProcess) -> float | None:
    """The process's CPU time so far (Linux's /proc); None where it cannot be read. Less noisy
    than replies a second on a shared machine: what each reply costs the bot."""
    try:
        fields = Path(f"/proc/{process.popen.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


async def _counted_give_ups(fake: FakeBotApi) -> int | None:
    """Sends given up, as /stats counts them."""
    since = fake.mark()
    fake.message(OWNER, "/stats")
    [call] = await fake.wait_for("sendMessage", since=since, chat_id=OWNER, timeout=10)
    match = re.search(r"given up after retries: (\d+)", str(call.params.get("text")))
    return int(match.group(1)) if match else None


def report(result: Result) -> str:
    faults = (
        "faults: " + ", ".join(f"{k} ×{v}" for k, v in sorted(result.injected.items()))
        if result.faults
        else "no faults"
    )
    once = "yes" if result.exactly_once else "NO"
    crash = ", one instance killed (SIGKILL) midway" if result.crash else ""
    cpu = (
        f"; bot CPU {result.cpu_seconds / result.replied * 1000:.2f} ms a reply"
        if result.cpu_seconds is not None and result.replied
        else ""
    )
    return (
        f"{result.mode:8} {faults}{crash}\n"
        f"  {result.replied}/{result.messages} replied in {result.seconds:.1f} s: "
        f"{result.per_second:.0f} replies/s; latency p50 {result.percentile(50) * 1000:.0f} ms, "
        f"p99 {result.percentile(99) * 1000:.0f} ms{cpu}\n"
        f"  exactly one reply each: {once} (lost {result.lost}, duplicates {result.duplicates}); "
        f"apologies {result.sorry}; sends given up {result.gave_up} logged, "
        f"{result.gave_up_counted} counted; "
        f"bot alive {result.alive}, exit {result.exit_code}, tracebacks {result.tracebacks}"
    )


async def main_async(args: argparse.Namespace) -> int:
    # A killed bot drops its connections mid-request; the fake server need not log each.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    redis: RedisServer | None = None
    temp = tempfile.TemporaryDirectory(prefix="careerbot-redis-")
    if args.redis or (args.crash and "webhook" in args.modes):
        executable = find_redis_server()
        if executable is None:
            print("redis-server is not installed (apt-get install redis-server)", file=sys.stderr)
            return 2
        redis = RedisServer(executable, Path(temp.name))
        redis.start()
    ok = True
    try:
        for faults in [False, True] if args.faults is None else [args.faults]:
            for mode in args.modes.split(","):
                shared = args.redis or (args.crash and mode == "webhook")
                url = redis.url if redis and shared else None
                result = await scenario(mode, faults, args, url)
                print(report(result), flush=True)
                ok = ok and result.exactly_once and result.exit_code == 0
    finally:
        if redis is not None:
            redis.stop()
        temp.cleanup()
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10, help="messages per user")
    parser.add_argument("--modes", default="polling,webhook")
    parser.add_argument("--faults", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--redis", action="store_true", help="keep context in a local Redis")
    parser.add_argument(
        "--crash", action="store_true", help="kill an instance (SIGKILL) when half is answered"
    )
    parser.add_argument(
        "--concurrency", type=int, default=64, help="the bot's CONCURRENT_UPDATES (default: 64)"
    )
    parser.add_argument(
        "--retries", type=int, default=5, help="the bot's SEND_RETRIES (default: 5)"
    )
    args = parser.parse_args()
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
