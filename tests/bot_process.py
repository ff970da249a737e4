"""The real ``careerbot run`` as a child process, for end-to-end tests and benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import aiohttp

# Settings the child must not inherit from the developer's shell.
_OURS = (
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "LOG_LEVEL", "KNOWLEDGE_DIR", "STATE_DB",
    "REDIS_URL", "ADMIN_IDS", "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_LISTEN", "WEBHOOK_PORT",
    "WEBHOOK_PATH", "WEBHOOK_MAX_CONNECTIONS", "CONCURRENT_UPDATES", "SEND_RATE_LIMIT", "SEND_RETRIES", "BOT_API_CONNECTIONS",
)  # fmt: skip


class BotProcess:
    """``python -m bot <args>`` in `workdir` (so no .env is read), output kept in files there;
    its store is `workdir`/state.sqlite3 unless `env` names another (STATE_DB, REDIS_URL)."""

    def __init__(
        self, workdir: Path, env: Mapping[str, str], args: tuple[str, ...] = ("run",)
    ) -> None:
        self.workdir = workdir
        self.stdout_path = workdir / "stdout.log"
        self.stderr_path = workdir / "stderr.log"
        child_env = {k: v for k, v in os.environ.items() if k not in _OURS}
        child_env["STATE_DB"] = str(workdir / "state.sqlite3")
        child_env.update(env)
        child_env["PYTHONUNBUFFERED"] = "1"
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "bot", *args],
                cwd=workdir,
                env=child_env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    @property
    def returncode(self) -> int | None:
        return self.popen.poll()

    def stdout(self) -> str:
        return self.stdout_path.read_text(encoding="utf-8", errors="replace")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    async def wait(self, timeout: float) -> int:
        """The exit code, waiting without blocking the event loop (the fake server runs on it)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (code := self.popen.poll()) is None:
            if loop.time() > deadline:
                raise TimeoutError(f"the bot did not exit within {timeout}s")
            await asyncio.sleep(0.05)
        return code

    async def stop(self, sig: int = signal.SIGINT, timeout: float = 10.0) -> int:
        """Send `sig` and wait for the exit code."""
        if self.alive:
            self.popen.send_signal(sig)
        return await self.wait(timeout)

    def kill(self) -> None:
        """Make sure the process is gone (cleanup after a failed test)."""
        if self.alive:
            self.popen.kill()
        self.popen.wait()


@dataclass
class WebhookBot:
    """``careerbot run --webhook`` listening on 127.0.0.1:`port`."""

    process: BotProcess
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/healthz"

    async def wait_until_healthy(self, timeout: float) -> None:
        """Poll /healthz until it answers 200; AssertionError with the bot's log if it never does."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
            while self.process.alive and loop.time() < deadline:
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with session.get(self.health_url) as response:
                        if response.status == 200:
                            return
                await asyncio.sleep(0.05)
        self.process.kill()
        raise AssertionError(
            f"the webhook bot did not become healthy ({self.process.returncode}):\n"
            + self.process.stderr()
        )
