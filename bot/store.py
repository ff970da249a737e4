"""What outlives one update: chat context, update claims, fetched updates, unanswered questions.

Two stores with one interface: a local SQLite file (the default, created on first use) and Redis
(with `REDIS_URL`, shared by several instances). What they keep, and for how long:

- each chat's context (:class:`~bot.dialogue.ChatState` as a dict) under a keyed hash of the chat
  id — never the id itself — for :data:`CONTEXT_DAYS` after the chat's last message;
- a claim on each update being handled, by one instance, for a lease of :data:`LEASE_SECONDS`
  that its owner renews while it works: when the owner dies the claim lapses and another
  instance (or the restarted one) takes the update over; an update answered stays marked done
  for :data:`UPDATE_SECONDS`, so no copy of it is answered again;
- in polling mode, the updates fetched from Telegram and not yet answered (their JSON), kept
  before Telegram is told they arrived, until they are answered: a restart after a crash
  answers them;
- unanswered questions as normalised text, a count and when last asked, for
  :data:`UNANSWERED_DAYS` after they were last asked (at most :data:`MAX_UNANSWERED` of them);
- Telegram's file id of each chart sent, under a hash of the chart's data, for
  :data:`CHART_DAYS`, so a chart is uploaded once, whichever instance sends it again.

A store that fails while running does not stop the bot: it logs once per outage, answers as if it
had nothing stored (a fresh context; update ids remembered in memory meanwhile) and picks up
again when the backend is back. Only opening it at start-up fails loudly
(:class:`StoreUnavailable`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import sqlite3
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from bot.stats import Unanswered

logger = logging.getLogger(__name__)

CONTEXT_DAYS = 30
UNANSWERED_DAYS = 90
UPDATE_SECONDS = 3600
CHART_DAYS = 30  # a chart's file id is kept this long after it was uploaded
LEASE_SECONDS = 5.0  # a claim lapses this long after its owner last renewed it
MAX_UNANSWERED = 10_000
RETRY_SECONDS = 1.0  # while a backend is down, try it again at most this often
_DAY = 86400.0
_LOCAL_UPDATES = 10_000  # update ids remembered in memory while the backend is down

Clock = Callable[[], float]
_T = TypeVar("_T")


class StoreUnavailable(Exception):
    """The store cannot be opened; the message is one line naming it and the problem."""


class Claim(Enum):
    """What claiming an update found."""

    TAKEN = "taken"  # it is ours to handle now
    DONE = "done"  # answered already: skip it
    BUSY = "busy"  # another owner is handling it and its lease holds: wait


def chat_key(pepper: bytes, chat_id: int) -> str:
    """The key a chat's context is stored under: a keyed hash, so the store holds no chat ids."""
    return hmac.new(pepper, b"chat:%d" % chat_id, hashlib.sha256).hexdigest()[:32]


def redact_url(url: str) -> str:
    """A URL fit for logs: any password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class Store(ABC):
    """Chat context, seen updates and unanswered questions, kept safe from backend outages."""

    kind: str  # "sqlite" or "redis"

    def __init__(self, where: str, pepper: bytes, clock: Clock) -> None:
        self.where = where  # for messages: the file, or the Redis URL without its password
        self.pepper = pepper
        self.clock = clock
        self.lease = LEASE_SECONDS
        self.down = False  # the backend failed and has not answered since
        self._retry_at = 0.0
        self._local_updates: OrderedDict[tuple[int, int], None] = OrderedDict()

    # --- the interface ----------------------------------------------------------------------

    async def load_state(self, chat_id: int) -> dict[str, Any] | None:
        """The chat's stored context; None when there is none (or it expired, or no backend)."""
        raw = await self._guard(lambda: self._load(chat_key(self.pepper, chat_id)), None)
        try:
            state = json.loads(raw) if raw is not None else None
        except ValueError:
            return None
        return state if isinstance(state, dict) else None

    async def save_state(self, chat_id: int, state: dict[str, Any]) -> None:
        """Keep the chat's context for CONTEXT_DAYS from now."""
        raw = json.dumps(state, separators=(",", ":"))
        await self._guard(lambda: self._save(chat_key(self.pepper, chat_id), raw), None)

    async def claim_update(self, bot_id: int, update_id: int, owner: str) -> Claim:
        """Claim an update for `owner` for a lease (LEASE_SECONDS): TAKEN, or DONE (answered
        before), or BUSY (another owner's lease holds). While the backend is down, claims are
        kept in memory."""
        claim = await self._guard(lambda: self._claim(bot_id, update_id, owner), None)
        local = self._claim_locally(bot_id, update_id)
        if claim is None:
            return Claim.TAKEN if local else Claim.DONE
        return claim

    async def renew_claims(self, bot_id: int, update_ids: Sequence[int], owner: str) -> None:
        """Extend `owner`'s leases on these updates to a full lease from now."""
        if update_ids:
            await self._guard(lambda: self._renew(bot_id, update_ids, owner), None)

    async def finish_update(self, bot_id: int, update_id: int) -> None:
        """Mark an update done (for UPDATE_SECONDS) and forget its kept copy."""
        await self._guard(lambda: self._finish(bot_id, update_id), None)

    async def keep_updates(self, bot_id: int, updates: Sequence[tuple[int, str]]) -> None:
        """Keep fetched updates (id, JSON) until they are finished."""
        if updates:
            await self._guard(lambda: self._keep(bot_id, updates), None)

    async def kept_updates(self, bot_id: int) -> list[str]:
        """The JSON of the updates kept and not finished, oldest first."""
        return await self._guard(lambda: self._kept(bot_id), [])

    async def record_unanswered(self, text: str) -> None:
        """Count one more asking of an unanswered question (already normalised)."""
        if text:
            await self._guard(lambda: self._record(text), None)

    async def unanswered(self, limit: int = 20) -> list[Unanswered]:
        """The most frequent unanswered questions asked in the last UNANSWERED_DAYS."""
        if limit < 1:
            return []
        return await self._guard(lambda: self._top(limit), [])

    async def chart_file(self, key: str) -> str | None:
        """Telegram's file id of the chart with this key, if one was kept."""
        return await self._guard(lambda: self._chart_file(key), None)

    async def keep_chart_file(self, key: str, file_id: str) -> None:
        """Keep Telegram's file id of a chart sent, for CHART_DAYS."""
        await self._guard(lambda: self._keep_chart_file(key, file_id), None)

    async def purge(self) -> None:
        """Forget what is past its retention (expired contexts, old update ids and questions)."""
        await self._guard(self._purge, None)

    @property
    def status(self) -> str:
        return f"{self.kind} ({'down' if self.down else 'up'})"

    @abstractmethod
    async def close(self) -> None: ...

    # --- the backend --------------------------------------------------------------------

    @abstractmethod
    async def _load(self, key: str) -> str | None: ...

    @abstractmethod
    async def _save(self, key: str, raw: str) -> None: ...

    @abstractmethod
    async def _claim(self, bot_id: int, update_id: int, owner: str) -> Claim: ...

    @abstractmethod
    async def _renew(self, bot_id: int, update_ids: Sequence[int], owner: str) -> None: ...

    @abstractmethod
    async def _finish(self, bot_id: int, update_id: int) -> None: ...

    @abstractmethod
    async def _keep(self, bot_id: int, updates: Sequence[tuple[int, str]]) -> None: ...

    @abstractmethod
    async def _kept(self, bot_id: int) -> list[str]: ...

    @abstractmethod
    async def _record(self, text: str) -> None: ...

    @abstractmethod
    async def _top(self, limit: int) -> list[Unanswered]: ...

    @abstractmethod
    async def _chart_file(self, key: str) -> str | None: ...

    @abstractmethod
    async def _keep_chart_file(self, key: str, file_id: str) -> None: ...

    @abstractmethod
    async def _purge(self) -> None: ...

    _failures: tuple[type[BaseException], ...] = (OSError,)

    async def _guard(self, call: Callable[[], Awaitable[_T]], default: _T) -> _T:
        """`call()`, or `default` while the backend is down (logged once per outage)."""
        if self.down and self.clock() < self._retry_at:
            return default
        try:
            result = await call()
        except self._failures as exc:
            self._retry_at = self.clock() + RETRY_SECONDS
            if not self.down:
                self.down = True
                logger.error(
                    "The %s store at %s is unavailable (%s): answering without context until "
                    "it returns",
                    self.kind,
                    self.where,
                    _one_line(exc),
                )
            return default
        if self.down:
            self.down = False
            logger.warning(
                "The %s store at %s is back: context is kept again", self.kind, self.where
            )
        return result

    def _claim_locally(self, bot_id: int, update_id: int) -> bool:
        key = (bot_id, update_id)
        if key in self._local_updates:
            return False
        self._local_updates[key] = None
        while len(self._local_updates) > _LOCAL_UPDATES:
            self._local_updates.popitem(last=False)
        return True


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- SQLite --------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_state (
    chat TEXT PRIMARY KEY,          -- chat_key(): a keyed hash, not the chat id
    state TEXT NOT NULL,            -- the ChatState as JSON
    updated REAL NOT NULL           -- Unix time of the chat's last message
);
DROP TABLE IF EXISTS seen_update;  -- before leases: claims never lapsed
CREATE TABLE IF NOT EXISTS update_claim (
    bot INTEGER NOT NULL,
    update_id INTEGER NOT NULL,
    owner TEXT NOT NULL,            -- the instance handling it (a random token per process)
    until REAL NOT NULL,            -- its lease ends (Unix time); once done, when it was done
    done INTEGER NOT NULL,          -- 1 once answered
    PRIMARY KEY (bot, update_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kept_update (
    bot INTEGER NOT NULL,
    update_id INTEGER NOT NULL,
    body TEXT NOT NULL,             -- the update as Telegram sent it (JSON)
    PRIMARY KEY (bot, update_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unanswered (
    text TEXT PRIMARY KEY,          -- normalised question, no user id or name
    count INTEGER NOT NULL,
    last_seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_by_count ON unanswered (count DESC, last_seen DESC);
CREATE TABLE IF NOT EXISTS chart_file (
    chart TEXT PRIMARY KEY,         -- a hash of the chart's data (bot.charts.key)
    file_id TEXT NOT NULL,          -- Telegram's id of the photo once uploaded
    kept REAL NOT NULL              -- Unix time it was kept
) WITHOUT ROWID;
"""


class SQLiteStore(Store):
    """A local SQLite file (WAL). Each call is a short statement run on the event loop: with WAL
    and synchronous=NORMAL a write costs tens of microseconds, less than handing it to a thread."""

    kind = "sqlite"
    _failures = (sqlite3.Error, OSError)

    def __init__(self, path: Path, pepper: bytes = b"", clock: Clock = time.time) -> None:
        super().__init__(str(path), pepper, clock)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(f"cannot open STATE_DB {path}: {_one_line(exc)}") from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            self._db.close()
            raise StoreUnavailable(f"cannot use STATE_DB {path}: {_one_line(exc)}") from None

    async def close(self) -> None:
        self._db.close()

    async def _load(self, key: str) -> str | None:
        since = self.clock() - CONTEXT_DAYS * _DAY
        row = self._db.execute(
            "SELECT state FROM chat_state WHERE chat = ? AND updated >= ?", (key, since)
        ).fetchone()
        return str(row[0]) if row else None

    async def _save(self, key: str, raw: str) -> None:
        self._db.execute(
            "INSERT INTO chat_state (chat, state, updated) VALUES (?, ?, ?) "
            "ON CONFLICT (chat) DO UPDATE SET state = excluded.state, updated = excluded.updated",
            (key, raw, self.clock()),
        )

    async def _claim(self, bot_id: int, update_id: int, owner: str) -> Claim:
        now = self.clock()
        # A new claim, or one whose lease lapsed, becomes ours.
        cursor = self._db.execute(
            "INSERT INTO update_claim (bot, update_id, owner, until, done) "
            "VALUES (?, ?, ?, ?, 0) ON CONFLICT (bot, update_id) DO UPDATE "
            "SET owner = excluded.owner, until = excluded.until "
            "WHERE done = 0 AND until < ?",
            (bot_id, update_id, owner, now + self.lease, now),
        )
        if cursor.rowcount == 1:
            return Claim.TAKEN
        row = self._db.execute(
            "SELECT done FROM update_claim WHERE bot = ? AND update_id = ?", (bot_id, update_id)
        ).fetchone()
        return Claim.DONE if row and row[0] else Claim.BUSY

    async def _renew(self, bot_id: int, update_ids: Sequence[int], owner: str) -> None:
        until = self.clock() + self.lease
        self._db.executemany(
            "UPDATE update_claim SET until = ? "
            "WHERE bot = ? AND update_id = ? AND owner = ? AND done = 0",
            [(until, bot_id, update_id, owner) for update_id in update_ids],
        )

    async def _finish(self, bot_id: int, update_id: int) -> None:
        with self._db:  # one transaction
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT INTO update_claim (bot, update_id, owner, until, done) "
                "VALUES (?, ?, '', ?, 1) ON CONFLICT (bot, update_id) DO UPDATE "
                "SET until = excluded.until, done = 1",
                (bot_id, update_id, self.clock()),
            )
            self._db.execute(
                "DELETE FROM kept_update WHERE bot = ? AND update_id = ?", (bot_id, update_id)
            )

    async def _keep(self, bot_id: int, updates: Sequence[tuple[int, str]]) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR IGNORE INTO kept_update (bot, update_id, body) VALUES (?, ?, ?)",
                [(bot_id, update_id, body) for update_id, body in updates],
            )

    async def _kept(self, bot_id: int) -> list[str]:
        rows = self._db.execute(
            "SELECT body FROM kept_update WHERE bot = ? ORDER BY update_id", (bot_id,)
        ).fetchall()
        return [str(body) for (body,) in rows]

    async def _record(self, text: str) -> None:
        self._db.execute(
            "INSERT INTO unanswered (text, count, last_seen) VALUES (?, 1, ?) "
            "ON CONFLICT (text) DO UPDATE SET count = count + 1, last_seen = excluded.last_seen",
            (text, self.clock()),
        )

    async def _top(self, limit: int) -> list[Unanswered]:
        since = self.clock() - UNANSWERED_DAYS * _DAY
        rows = self._db.execute(
            "SELECT text, count, last_seen FROM unanswered WHERE last_seen >= ? "
            "ORDER BY count DESC, last_seen DESC LIMIT ?",
            (since, limit),
        ).fetchall()
        return [Unanswered(str(t), int(c), float(s)) for t, c, s in rows]

    async def _chart_file(self, key: str) -> str | None:
        since = self.clock() - CHART_DAYS * _DAY
        row = self._db.execute(
            "SELECT file_id FROM chart_file WHERE chart = ? AND kept >= ?", (key, since)
        ).fetchone()
        return str(row[0]) if row else None

    async def _keep_chart_file(self, key: str, file_id: str) -> None:
        self._db.execute(
            "INSERT INTO chart_file (chart, file_id, kept) VALUES (?, ?, ?) ON CONFLICT (chart) "
            "DO UPDATE SET file_id = excluded.file_id, kept = excluded.kept",
            (key, file_id, self.clock()),
        )

    async def _purge(self) -> None:
        now = self.clock()
        with self._db:  # one transaction
            self._db.execute("BEGIN")
            self._db.execute(
                "DELETE FROM chat_state WHERE updated < ?", (now - CONTEXT_DAYS * _DAY,)
            )
            self._db.execute("DELETE FROM update_claim WHERE until < ?", (now - UPDATE_SECONDS,))
            self._db.execute(
                "DELETE FROM unanswered WHERE last_seen < ?", (now - UNANSWERED_DAYS * _DAY,)
            )
            self._db.execute("DELETE FROM chart_file WHERE kept < ?", (now - CHART_DAYS * _DAY,))
            self._db.execute(
                "DELETE FROM unanswered WHERE text NOT IN "
                "(SELECT text FROM unanswered ORDER BY last_seen DESC LIMIT ?)",
                (MAX_UNANSWERED,),
            )


# --- Redis ---------------------------------------------------------------------------------


# Claim an update in one round trip: KEYS[1] the update's key; ARGV the owner and the lease in
# milliseconds. 0: taken (new, or its lease lapsed), 1: done ('1' before leases), 2: held.
_CLAIM = """
local held = redis.call('GET', KEYS[1])
if held == 'done' or held == '1' then return 1 end
if held then return 2 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 0
"""
# Renew the leases of KEYS held by ARGV[1] to ARGV[2] milliseconds.
_RENEW = """
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2]) end
end
return 0
"""
_CLAIMS = (Claim.TAKEN, Claim.DONE, Claim.BUSY)


class RedisStore(Store):
    """Redis, shared by every instance: contexts expire by TTL; an update's claim is a key that
    lapses with its lease (PX) unless renewed, then says "done" for UPDATE_SECONDS; updates
    fetched by polling are kept in a hash until finished."""

    kind = "redis"

    def __init__(
        self, url: str, pepper: bytes = b"", clock: Clock = time.time, prefix: str = "careerbot:"
    ) -> None:
        from redis.asyncio import Redis
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff
        from redis.exceptions import RedisError

        super().__init__(redact_url(url), pepper, clock)
        self._failures = (RedisError, OSError, asyncio.TimeoutError)
        # Fail fast while Redis is away: one reconnect (a pooled connection may be stale after
        # a Redis restart), short timeouts; the bot answers without context meanwhile.
        self._redis: Redis = Redis.from_url(
            url,
            decode_responses=True,
            socket_connect_timeout=1.0,
            socket_timeout=1.0,
            retry=Retry(NoBackoff(), 1),
        )
        self._prefix = prefix
        self._claim_script = self._redis.register_script(_CLAIM)
        self._renew_script = self._redis.register_script(_RENEW)
        self._counts = f"{prefix}unanswered:count"  # sorted set: question -> times asked
        self._seen = f"{prefix}unanswered:seen"  # sorted set: question -> last asked (Unix time)

    @classmethod
    async def open(cls, url: str, pepper: bytes = b"", clock: Clock = time.time) -> RedisStore:
        """Connect and check Redis answers; StoreUnavailable (one line) when it does not."""
        try:
            store = cls(url, pepper, clock)
        except ValueError as exc:
            raise StoreUnavailable(f"REDIS_URL {exc}") from None
        try:
            await store._redis.ping()
        except store._failures as exc:
            await store.close()
            raise StoreUnavailable(
                f"cannot reach Redis at {store.where}: {_one_line(exc)}"
            ) from None
        return store

    async def close(self) -> None:
        await self._redis.aclose()

    async def _load(self, key: str) -> str | None:
        raw = await self._redis.get(f"{self._prefix}chat:{key}")
        return str(raw) if raw is not None else None

    async def _save(self, key: str, raw: str) -> None:
        await self._redis.set(f"{self._prefix}chat:{key}", raw, ex=int(CONTEXT_DAYS * _DAY))

    def _update_key(self, bot_id: int, update_id: int) -> str:
        return f"{self._prefix}update:{bot_id}:{update_id}"

    async def _claim(self, bot_id: int, update_id: int, owner: str) -> Claim:
        lease = int(self.lease * 1000)
        found = await self._claim_script([self._update_key(bot_id, update_id)], [owner, lease])
        return _CLAIMS[int(found)]

    async def _renew(self, bot_id: int, update_ids: Sequence[int], owner: str) -> None:
        keys = [self._update_key(bot_id, update_id) for update_id in update_ids]
        await self._renew_script(keys, [owner, int(self.lease * 1000)])

    async def _finish(self, bot_id: int, update_id: int) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(self._update_key(bot_id, update_id), "done", ex=UPDATE_SECONDS)
            pipe.hdel(f"{self._prefix}kept:{bot_id}", str(update_id))
            await pipe.execute()

    async def _keep(self, bot_id: int, updates: Sequence[tuple[int, str]]) -> None:
        await self._redis.hset(
            f"{self._prefix}kept:{bot_id}", mapping={str(i): body for i, body in updates}
        )

    async def _kept(self, bot_id: int) -> list[str]:
        kept = await self._redis.hgetall(f"{self._prefix}kept:{bot_id}")
        return [str(kept[key]) for key in sorted(kept, key=int)]

    async def _record(self, text: str) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zincrby(self._counts, 1, text)
            pipe.zadd(self._seen, {text: self.clock()})
            await pipe.execute()

    async def _top(self, limit: int) -> list[Unanswered]:
        await self._purge()
        top: list[Any] = list(
            await self._redis.zrevrange(self._counts, 0, limit - 1, withscores=True)
        )
        if not top:
            return []
        texts = [str(text) for text, _ in top]
        seen: list[Any] = list(await self._redis.zmscore(self._seen, texts))
        rows = [
            Unanswered(text, int(count), float(last or 0.0))
            for text, (_, count), last in zip(texts, top, seen, strict=True)
        ]
        return sorted(rows, key=lambda r: (-r.count, -r.last_seen))

    async def _chart_file(self, key: str) -> str | None:
        found = await self._redis.get(f"{self._prefix}chart:{key}")
        return str(found) if found is not None else None

    async def _keep_chart_file(self, key: str, file_id: str) -> None:
        await self._redis.set(f"{self._prefix}chart:{key}", file_id, ex=int(CHART_DAYS * _DAY))

    async def _purge(self) -> None:
        cutoff = self.clock() - UNANSWERED_DAYS * _DAY
        old: list[Any] = list(await self._redis.zrangebyscore(self._seen, "-inf", f"({cutoff}"))
        extra = int(await self._redis.zcard(self._seen)) - len(old) - MAX_UNANSWERED
        if extra > 0:  # the least recently asked beyond the cap
            old += list(await self._redis.zrange(self._seen, len(old), len(old) + extra - 1))
        if old:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zrem(self._counts, *old)
                pipe.zrem(self._seen, *old)
                await pipe.execute()
        # Contexts, update ids and chart file ids expire by themselves (TTL).


async def open_store(
    state_db: Path, redis_url: str | None, pepper: bytes = b"", clock: Clock = time.time
) -> Store:
    """Redis when `redis_url` is set, else the SQLite file `state_db`; StoreUnavailable if not."""
    if redis_url:
        return await RedisStore.open(redis_url, pepper, clock)
    return SQLiteStore(state_db, pepper, clock)
