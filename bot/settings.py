"""Settings: read from an environ mapping, then a ``.env`` file, then defaults.

Tests pass a dict instead of patching ``os.environ``, and ``env_file=None`` to ignore ``.env``.
An empty value (``TELEGRAM_BOT_TOKEN=`` as in ``.env.example``) counts as unset.

To add a setting: a field on :class:`Settings`, one line in :meth:`Settings.from_environ`
naming its key, parser and default, and the key in ``.env.example``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from dotenv import dotenv_values

DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")

HOW_TO_GET_A_TOKEN = (
    "To get one, talk to @BotFather on Telegram, send /newbot, "
    "and put the token it gives you in .env as TELEGRAM_BOT_TOKEN=... (see .env.example)"
)

_T = TypeVar("_T")


class SettingsError(Exception):
    """A setting is missing or invalid; the message names the key."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"{key} {problem}")


# --- parsers: str -> value, raising ValueError with the problem ---------------------------


def _text(value: str) -> str:
    return value


def _http_url(value: str) -> str:
    url = value.rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"must be an http:// or https:// URL, not {value!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"must be a plain root URL without ? or #, not {value!r}")
    if parts.path.endswith("/bot"):
        raise ValueError(f"is the server's root URL, without /bot at the end, not {value!r}")
    return url


def _log_level(value: str) -> str:
    level = value.upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return level


def _path(value: str) -> Path:
    return Path(value).expanduser()


class _Config:
    """Looks a key up in the environ mapping, then in the .env values."""

    def __init__(self, environ: Mapping[str, str], env_file: Path | None) -> None:
        self.environ = environ
        self.file_values = (
            dotenv_values(env_file, interpolate=False) if env_file is not None else {}
        )

    def raw(self, key: str) -> str | None:
        for values in (self.environ, self.file_values):
            value = values.get(key)
            if value is not None and value.strip():
                return value.strip()
        return None

    def get(self, key: str, parse: Callable[[str], _T], default: _T) -> _T:
        value = self.raw(key)
        if value is None:
            return default
        try:
            return parse(value)
        except ValueError as exc:
            raise SettingsError(key, str(exc)) from None


@dataclass(frozen=True)
class Settings:
    telegram_bot_token: str | None = field(default=None, repr=False)
    telegram_api_url: str = DEFAULT_API_URL
    log_level: str = "INFO"
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR

    @classmethod
    def from_environ(
        cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
    ) -> Settings:
        """Read settings from `environ` (default: os.environ), then `env_file`, then defaults."""
        config = _Config(os.environ if environ is None else environ, env_file)
        return cls(
            telegram_bot_token=config.get("TELEGRAM_BOT_TOKEN", _text, None),
            telegram_api_url=config.get("TELEGRAM_API_URL", _http_url, DEFAULT_API_URL),
            log_level=config.get("LOG_LEVEL", _log_level, "INFO"),
            knowledge_dir=config.get("KNOWLEDGE_DIR", _path, DEFAULT_KNOWLEDGE_DIR),
        )

    def require_token(self) -> str:
        """The bot token; SettingsError saying how to get one when it is missing or malformed.

        Checked here rather than when reading, so a broken token does not stop `careerbot chat`.
        """
        token = self.telegram_bot_token
        if token is None:
            raise SettingsError("TELEGRAM_BOT_TOKEN", f"is not set. {HOW_TO_GET_A_TOKEN}")
        if not _TOKEN_RE.match(token):  # never echo the value: it is a secret
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN",
                "does not look like a bot token (digits, a colon, then letters, digits, - or _). "
                + HOW_TO_GET_A_TOKEN,
            )
        return token
