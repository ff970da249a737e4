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
TELEGRAM_SEND_RATE = 30  # messages a second: Telegram's limit for one bot
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # Telegram's rule for a webhook secret

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


def _integer(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"must be a whole number, not {value!r}") from None
        if not low <= number <= high:
            raise ValueError(f"must be between {low} and {high}, not {number}")
        return number

    return parse


def _webhook_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"must be an https:// URL (Telegram posts updates there), not {value!r}")
    if parts.fragment:
        raise ValueError(f"must be a URL without #, not {value!r}")
    return value


def _url_path(value: str) -> str:
    if not value.startswith("/") or any(c in value for c in "?# "):
        raise ValueError(f"must be a path starting with /, without ? # or spaces, not {value!r}")
    return value


def _secret(value: str) -> str:
    if not _SECRET_RE.match(value):  # never echo the value: it is a secret
        raise ValueError("must be 1 to 256 characters, each a letter, digit, _ or -")
    return value


def _redis_url(value: str) -> str:
    if urlsplit(value).scheme not in ("redis", "rediss", "unix"):
        raise ValueError("must be a redis://, rediss:// or unix:// URL")  # it may hold a password
    return value


def _user_ids(value: str) -> frozenset[int]:
    ids = set()
    for part in value.replace(" ", "").split(","):
        if part:
            if not part.isdigit():
                raise ValueError(f"must be Telegram user ids separated by commas, not {part!r}")
            ids.add(int(part))
    return frozenset(ids)


def default_state_db(environ: Mapping[str, str]) -> Path:
    """$XDG_DATA_HOME/careerbot/state.sqlite3, else ~/.local/share/careerbot/state.sqlite3."""
    home = Path(environ.get("HOME") or Path.home())
    data = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return data / "careerbot" / "state.sqlite3"


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
class Webhook:
    """Where Telegram posts updates (`url`) and where this process listens for them."""

    url: str
    secret: str = field(repr=False)
    listen: str
    port: int
    path: str
    max_connections: int = 40  # Telegram posts at most this many updates at once


@dataclass(frozen=True)
class Settings:
    telegram_bot_token: str | None = field(default=None, repr=False)
    telegram_api_url: str = DEFAULT_API_URL
    log_level: str = "INFO"
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    # Conversation context and unanswered questions: a SQLite file, or Redis when it is set.
    state_db: Path = field(default_factory=lambda: default_state_db(os.environ))
    redis_url: str | None = field(default=None, repr=False)  # may hold a password
    admin_ids: frozenset[int] = frozenset()
    # Webhook mode (`careerbot run --webhook`).
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_path: str | None = None  # default: the path of webhook_url
    # Updates Telegram posts at once (each is answered once handled); Telegram's default, 40.
    webhook_max_connections: int = 40
    # Throughput: chats served at once, messages sent a second (0: no limit), retries of a send,
    # connections to the Bot API.
    concurrent_updates: int = 64
    send_rate_limit: int = TELEGRAM_SEND_RATE
    send_retries: int = 5
    bot_api_connections: int = 8

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
            state_db=config.get("STATE_DB", _path, default_state_db(config.environ)),
            redis_url=config.get("REDIS_URL", _redis_url, None),
            admin_ids=config.get("ADMIN_IDS", _user_ids, frozenset()),
            webhook_url=config.get("WEBHOOK_URL", _webhook_url, None),
            webhook_secret=config.get("WEBHOOK_SECRET", _secret, None),
            webhook_listen=config.get("WEBHOOK_LISTEN", _text, "127.0.0.1"),
            webhook_port=config.get("WEBHOOK_PORT", _integer(1, 65535), 8080),
            webhook_path=config.get("WEBHOOK_PATH", _url_path, None),
            webhook_max_connections=config.get("WEBHOOK_MAX_CONNECTIONS", _integer(1, 100), 40),
            concurrent_updates=config.get("CONCURRENT_UPDATES", _integer(1, 10_000), 64),
            send_rate_limit=config.get(
                "SEND_RATE_LIMIT", _integer(0, 1_000_000), TELEGRAM_SEND_RATE
            ),
            send_retries=config.get("SEND_RETRIES", _integer(0, 100), 5),
            bot_api_connections=config.get("BOT_API_CONNECTIONS", _integer(1, 1000), 8),
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

    def require_webhook(self) -> Webhook:
        """The webhook settings; SettingsError naming the missing key (URL and secret)."""
        if self.webhook_url is None:
            raise SettingsError(
                "WEBHOOK_URL",
                "is not set: webhook mode needs the public https:// URL Telegram posts updates to",
            )
        if self.webhook_secret is None:
            raise SettingsError(
                "WEBHOOK_SECRET",
                "is not set: webhook mode needs a secret token (1 to 256 letters, digits, _ or -), "
                "so only Telegram's requests are accepted",
            )
        path = self.webhook_path or urlsplit(self.webhook_url).path or "/"
        return Webhook(
            self.webhook_url,
            self.webhook_secret,
            self.webhook_listen,
            self.webhook_port,
            path,
            self.webhook_max_connections,
        )
