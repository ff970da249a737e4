"""Shared fixtures."""

from __future__ import annotations

import contextlib
import shutil
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from bot_process import BotProcess, WebhookBot
from fake_bot_api import FakeBotApi
from redis_server import RedisServer, find_redis_server, free_port

from bot.dialogue import Advisor
from bot.index_cache import load_understanding
from bot.knowledge import Knowledge
from bot.local import AREAS_FILE, LocalFigures, load_areas

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
EVAL_DIR = Path(__file__).resolve().parent / "eval"


# --- the knowledge base and the core -------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def index_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The compiled index cache of this test session, in a temporary directory: tests never
    write to the user's home. Bot processes the tests start inherit it."""
    directory = tmp_path_factory.mktemp("index-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREERBOT_CACHE", str(directory))
        yield directory


@pytest.fixture(scope="session")
def advisor() -> Advisor:
    """The real knowledge base, loaded once for the whole session."""
    knowledge, understanding = load_understanding(KNOWLEDGE_DIR)
    local = LocalFigures(KNOWLEDGE_DIR, load_areas(KNOWLEDGE_DIR / AREAS_FILE))
    return Advisor(knowledge, understanding, local)


@pytest.fixture(scope="session")
def knowledge(advisor: Advisor) -> Knowledge:
    return advisor.knowledge


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A knowledge directory with the real metadata and only the founding career, to break."""
    target = tmp_path / "knowledge"
    target.mkdir()
    for name in ("sources.yaml", "intents.yaml", "links.yaml", "groups.yaml"):
        shutil.copy(KNOWLEDGE_DIR / name, target / name)
    (target / "careers").mkdir()
    shutil.copy(
        KNOWLEDGE_DIR / "careers" / "industrial-production-managers.yaml",
        target / "careers" / "industrial-production-managers.yaml",
    )
    return target


# --- end-to-end: a fake Bot API server and the real `careerbot run` (tests/test_telegram_e2e.py)


BOT_START_SECONDS = 20.0  # a cold start builds the knowledge index cache


async def _launch_bot(fake: FakeBotApi, workdir: Path, **env: str) -> BotProcess:
    """Start `careerbot run` against `fake` and wait until it polls."""
    since = fake.mark()
    env = {"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_URL": fake.url, **env}
    bot = BotProcess(workdir, env)
    for _ in range(int(BOT_START_SECONDS / 0.25)):
        with contextlib.suppress(TimeoutError):
            await fake.wait_for("getUpdates", since=since, timeout=0.25)
            return bot
        if not bot.alive:
            break
    bot.kill()
    raise AssertionError(f"the bot did not start polling ({bot.returncode}):\n{bot.stderr()}")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """A fake Bot API server on 127.0.0.1, shared by one test module."""
    async with FakeBotApi() as fake:
        yield fake


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def running_bot(
    fake_api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[BotProcess]:
    """One `careerbot run` process polling `fake_api`, shared by one test module."""
    bot = await _launch_bot(fake_api, tmp_path_factory.mktemp("bot"))
    yield bot
    try:
        await bot.stop(signal.SIGINT)
    finally:
        bot.kill()


@pytest.fixture
def bot(running_bot: BotProcess) -> Iterator[BotProcess]:
    """The shared bot process; the test fails if the bot crashed or logged a traceback."""
    seen = len(running_bot.stderr())
    yield running_bot
    log = running_bot.stderr()
    assert running_bot.alive, f"the bot exited with {running_bot.returncode}:\n{log}"
    assert "Traceback" not in log[seen:], log[seen:]


Launch = Callable[..., Awaitable[tuple[FakeBotApi, BotProcess]]]


@pytest_asyncio.fixture(loop_scope="module")
async def launch_bot(tmp_path: Path) -> AsyncIterator[Launch]:
    """Start a bot process of its own, with its own fake server: `fake, bot = await launch_bot()`.

    Keyword arguments are extra environment variables, e.g. LOG_LEVEL="DEBUG".
    """
    started: list[tuple[FakeBotApi, BotProcess]] = []

    async def launch(**env: str) -> tuple[FakeBotApi, BotProcess]:
        fake = FakeBotApi()
        await fake.start()
        workdir = tmp_path / f"bot{len(started)}"
        workdir.mkdir()
        try:
            bot = await _launch_bot(fake, workdir, **env)
        except BaseException:
            await fake.close()
            raise
        started.append((fake, bot))
        return fake, bot

    yield launch
    for fake, bot in started:
        bot.kill()
        await fake.close()


# --- running as a service: Redis, webhook processes, a bot per test (issue 5) ---------------
# Used by test_store.py and test_service_e2e.py.

WEBHOOK_SECRET = "test-secret_0123456789"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A real redis-server of the test's own on a free 127.0.0.1 port (skipped only when
    redis-server is not installed: `scripts/test` installs it when it can)."""
    executable = find_redis_server()
    if executable is None:
        pytest.skip("redis-server is not installed (scripts/test installs it as root: apt-get)")
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(executable, directory)
    server.start()
    yield server
    server.stop()


@pytest_asyncio.fixture(loop_scope="module")
async def fake() -> AsyncIterator[FakeBotApi]:
    """A fake Bot API server of the test's own."""
    async with FakeBotApi() as server:
        yield server


StartWebhookBot = Callable[..., Awaitable[WebhookBot]]


@pytest_asyncio.fixture(loop_scope="module")
async def start_webhook_bot(tmp_path: Path) -> AsyncIterator[StartWebhookBot]:
    """Start `careerbot run --webhook` against a fake server and wait until /healthz says ready:
    `bot = await start_webhook_bot(fake, REDIS_URL=...)`; killed after the test."""
    started: list[WebhookBot] = []

    async def start(fake: FakeBotApi, **env: str) -> WebhookBot:
        port = free_port()
        workdir = tmp_path / f"webhook{len(started)}"
        workdir.mkdir()
        env = {
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_URL": fake.url,
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "WEBHOOK_PORT": str(port),
            **env,
        }
        bot = WebhookBot(BotProcess(workdir, env, ("run", "--webhook")), port)
        started.append(bot)
        await bot.wait_until_healthy(BOT_START_SECONDS)
        return bot

    yield start
    for bot in started:
        bot.process.kill()


PollingBot = Callable[..., Awaitable[BotProcess]]


@pytest_asyncio.fixture(loop_scope="module")
async def start_polling_bot() -> AsyncIterator[PollingBot]:
    """Start `careerbot run` against `fake` in `workdir` (its STATE_DB is there, so a second
    bot in the same workdir finds the first one's context): `await start_polling_bot(fake,
    workdir)`; killed after the test."""
    started: list[BotProcess] = []

    async def start(fake: FakeBotApi, workdir: Path, **env: str) -> BotProcess:
        bot = await _launch_bot(fake, workdir, **env)
        started.append(bot)
        return bot

    yield start
    for bot in started:
        bot.kill()


@pytest.fixture
def own_cache(tmp_path: Path) -> dict[str, str]:
    """Environment for a bot on a small knowledge copy: its own index cache, so the copy's
    cache never evicts the real knowledge base's."""
    return {"CAREERBOT_CACHE": str(tmp_path / "cache")}
