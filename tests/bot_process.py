"""The real ``careerbot run`` as a child process, for end-to-end tests and benchmarks."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# Settings the child must not inherit from the developer's shell.
_OURS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "LOG_LEVEL", "KNOWLEDGE_DIR")


class BotProcess:
    """``python -m bot <args>`` in `workdir` (so no .env is read), output kept in files there."""

    def __init__(
        self, workdir: Path, env: Mapping[str, str], args: tuple[str, ...] = ("run",)
    ) -> None:
        self.workdir = workdir
        self.stdout_path = workdir / "stdout.log"
        self.stderr_path = workdir / "stderr.log"
        child_env = {k: v for k, v in os.environ.items() if k not in _OURS}
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
