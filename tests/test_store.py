"""The stores, SQLite and a real Redis: context, update ids, unanswered questions, retention,
privacy, and outages."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
import redis
from redis_server import RedisServer, free_port

from bot.store import (
    CHART_DAYS,
    CONTEXT_DAYS,
    UNANSWERED_DAYS,
    UPDATE_SECONDS,
    Claim,
    RedisStore,
    SQLiteStore,
    Store,
    StoreUnavailable,
    chat_key,
    open_store,
    redact_url,
)

DAY = 86400.0
PEPPER = b"123456:TEST-token"
STATE = {"career": "industrial-production-managers", "intent": "salary", "pending": []}


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest_asyncio.fixture(params=["sqlite", "redis"])
async def store(
    request: pytest.FixtureRequest, tmp_path: Path, clock: Clock
) -> AsyncIterator[Store]:
    """Each store in turn (Redis: a real server of the test's own)."""
    if request.param == "sqlite":
        opened: Store = SQLiteStore(tmp_path / "state.sqlite3", PEPPER, clock)
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        opened = await RedisStore.open(server.url, PEPPER, clock)
    yield opened
    await opened.close()


# --- context ---------------------------------------------------------------------------------


async def test_state_round_trips_per_chat(store: Store) -> None:
    assert await store.load_state(42) is None
    await store.save_state(42, STATE)
    assert await store.load_state(42) == STATE
    assert await store.load_state(43) is None


async def test_sqlite_context_survives_reopening(tmp_path: Path, clock: Clock) -> None:
    first = SQLiteStore(tmp_path / "deep" / "dir" / "state.sqlite3", PEPPER, clock)  # created
    await first.save_state(42, STATE)
    await first.close()
    second = SQLiteStore(tmp_path / "deep" / "dir" / "state.sqlite3", PEPPER, clock)
    assert await second.load_state(42) == STATE
    await second.close()


async def test_sqlite_context_expires_after_inactivity(tmp_path: Path, clock: Clock) -> None:
    store = SQLiteStore(tmp_path / "state.sqlite3", PEPPER, clock)
    await store.save_state(1, STATE)
    await store.save_state(2, STATE)
    clock.now += (CONTEXT_DAYS - 1) * DAY
    await store.save_state(2, STATE)  # chat 2 is active again
    clock.now += 2 * DAY
    assert await store.load_state(1) is None
    assert await store.load_state(2) == STATE
    await store.purge()
    assert store._db.execute("SELECT count(*) FROM chat_state").fetchone() == (1,)
    await store.close()


async def test_redis_context_has_a_ttl_of_the_retention(redis_server: RedisServer) -> None:
    store = await RedisStore.open(redis_server.url, PEPPER)
    await store.save_state(1, STATE)
    client = redis.Redis.from_url(redis_server.url)
    [key] = client.keys("careerbot:chat:*")
    assert CONTEXT_DAYS * DAY - 60 < client.ttl(key) <= CONTEXT_DAYS * DAY
    client.close()
    await store.close()


# --- updates are claimed, leased, finished once ---------------------------------------------


async def test_an_update_is_claimed_once_then_done(store: Store) -> None:
    assert await store.claim_update(1, 100, "a") is Claim.TAKEN
    assert await store.claim_update(1, 100, "b") is Claim.BUSY  # a's lease holds
    assert await store.claim_update(1, 100, "a") is Claim.BUSY  # a second copy waits too
    assert await store.claim_update(1, 101, "b") is Claim.TAKEN
    assert await store.claim_update(2, 100, "b") is Claim.TAKEN  # another bot's update 100
    await store.finish_update(1, 100)
    assert await store.claim_update(1, 100, "b") is Claim.DONE


async def _lease_lapses(store: Store, clock: Clock, seconds: float) -> None:
    """Let time pass for the store: the test clock (SQLite), real time (Redis's TTLs)."""
    clock.now += seconds
    if isinstance(store, RedisStore):
        await asyncio.sleep(seconds)


async def test_a_claim_whose_owner_died_lapses_and_is_taken_over(
    store: Store, clock: Clock
) -> None:
    store.lease = 0.2
    assert await store.claim_update(1, 100, "dead") is Claim.TAKEN
    assert await store.claim_update(1, 100, "alive") is Claim.BUSY
    await _lease_lapses(store, clock, 0.3)
    assert await store.claim_update(1, 100, "alive") is Claim.TAKEN
    await store.finish_update(1, 100)
    await _lease_lapses(store, clock, 0.3)
    assert await store.claim_update(1, 100, "third") is Claim.DONE  # done stays done


async def test_a_renewed_claim_holds(store: Store, clock: Clock) -> None:
    store.lease = 0.4
    assert await store.claim_update(1, 100, "working") is Claim.TAKEN
    for _ in range(3):
        await _lease_lapses(store, clock, 0.2)
        await store.renew_claims(1, [100], "working")
        await store.renew_claims(1, [100], "someone else")  # renews nothing of theirs
    assert await store.claim_update(1, 100, "other") is Claim.BUSY
    await _lease_lapses(store, clock, 0.5)
    assert await store.claim_update(1, 100, "other") is Claim.TAKEN


async def test_kept_updates_come_back_in_order_until_finished(store: Store) -> None:
    await store.keep_updates(1, [(12, '{"update_id": 12}'), (10, '{"update_id": 10}')])
    await store.keep_updates(1, [(11, '{"update_id": 11}')])
    await store.keep_updates(2, [(5, '{"update_id": 5}')])  # another bot's
    assert await store.kept_updates(1) == [
        '{"update_id": 10}',
        '{"update_id": 11}',
        '{"update_id": 12}',
    ]
    assert await store.claim_update(1, 11, "a") is Claim.TAKEN
    await store.finish_update(1, 11)
    assert await store.kept_updates(1) == ['{"update_id": 10}', '{"update_id": 12}']
    assert await store.kept_updates(2) == ['{"update_id": 5}']


async def test_kept_updates_survive_a_new_store_on_the_same_file(tmp_path: Path) -> None:
    first = SQLiteStore(tmp_path / "state.sqlite3", PEPPER)
    await first.keep_updates(1, [(3, "{}")])
    assert await first.claim_update(1, 3, "killed") is Claim.TAKEN
    # No close: the process was killed. The next one on the same file finds the update.
    second = SQLiteStore(tmp_path / "state.sqlite3", PEPPER)
    assert await second.kept_updates(1) == ["{}"]
    await second.close()
    await first.close()


async def test_two_stores_on_one_redis_share_claims(redis_server: RedisServer) -> None:
    first = await RedisStore.open(redis_server.url, PEPPER)
    second = await RedisStore.open(redis_server.url, PEPPER)
    assert await first.claim_update(1, 7, "first") is Claim.TAKEN
    assert await second.claim_update(1, 7, "second") is Claim.BUSY
    await first.finish_update(1, 7)
    assert await second.claim_update(1, 7, "second") is Claim.DONE
    await first.save_state(5, STATE)
    assert await second.load_state(5) == STATE
    await first.close()
    await second.close()


async def test_sqlite_keeps_a_finished_update_for_the_window(tmp_path: Path, clock: Clock) -> None:
    store = SQLiteStore(tmp_path / "state.sqlite3", PEPPER, clock)
    assert await store.claim_update(1, 100, "a") is Claim.TAKEN
    await store.finish_update(1, 100)
    clock.now += UPDATE_SECONDS - 10
    await store.purge()
    assert await store.claim_update(1, 100, "b") is Claim.DONE
    clock.now += 20
    await store.purge()
    assert await store.claim_update(1, 100, "b") is Claim.TAKEN
    await store.close()


async def test_redis_keeps_a_finished_update_for_the_window(redis_server: RedisServer) -> None:
    store = await RedisStore.open(redis_server.url, PEPPER)
    assert await store.claim_update(1, 100, "a") is Claim.TAKEN
    await store.finish_update(1, 100)
    client = redis.Redis.from_url(redis_server.url)
    assert UPDATE_SECONDS - 60 < client.ttl("careerbot:update:1:100") <= UPDATE_SECONDS
    client.close()
    await store.close()


# --- unanswered questions ----------------------------------------------------------------


async def test_unanswered_most_frequent_first_with_last_seen(store: Store, clock: Clock) -> None:
    await store.record_unanswered("how do i become an astronaut")
    clock.now += 60
    for _ in range(3):
        await store.record_unanswered("blorp")
    await store.record_unanswered("")  # nothing to keep
    rows = await store.unanswered(10)
    assert [(r.text, r.count) for r in rows] == [("blorp", 3), ("how do i become an astronaut", 1)]
    assert rows[0].last_seen == clock.now
    assert [r.text for r in await store.unanswered(1)] == ["blorp"]


async def test_unanswered_questions_expire(store: Store, clock: Clock) -> None:
    await store.record_unanswered("old question")
    clock.now += (UNANSWERED_DAYS - 1) * DAY
    await store.record_unanswered("recent question")
    clock.now += 2 * DAY
    await store.purge()
    assert [r.text for r in await store.unanswered(10)] == ["recent question"]


# --- privacy -------------------------------------------------------------------------------


CHAT_ID = 7356112909


async def _fill(store: Store) -> None:
    await store.save_state(CHAT_ID, STATE)
    await store.record_unanswered("blorp")
    # A fetched update holds the chat and the text until it is answered, then is forgotten.
    body = f'{{"update_id": 6, "message": {{"chat": {{"id": {CHAT_ID}}}, "text": "hi"}}}}'
    await store.keep_updates(1, [(6, body)])
    await store.claim_update(1, 6, "owner")
    await store.finish_update(1, 6)


async def test_sqlite_names_no_chat(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "state.sqlite3", PEPPER)
    await _fill(store)
    await store.close()
    with contextlib.closing(sqlite3.connect(tmp_path / "state.sqlite3")) as db:
        dump = "\n".join(db.iterdump())
    assert str(CHAT_ID) not in dump
    assert chat_key(PEPPER, CHAT_ID) in dump  # stored under the keyed hash instead
    assert "blorp" in dump


async def test_redis_names_no_chat(redis_server: RedisServer) -> None:
    store = await RedisStore.open(redis_server.url, PEPPER)
    await _fill(store)
    await store.close()
    client = redis.Redis.from_url(redis_server.url)
    dump = "\n".join(f"{key!r} {client.dump(key)!r}" for key in client.keys("*"))
    client.close()
    assert str(CHAT_ID) not in dump
    assert chat_key(PEPPER, CHAT_ID) in dump
    assert "blorp" in dump


def test_the_chat_key_depends_on_the_pepper() -> None:
    assert chat_key(b"a", 1) != chat_key(b"b", 1)
    assert chat_key(b"a", 1) != chat_key(b"a", 2)
    assert len(chat_key(b"a", 1)) == 32


# --- failures ------------------------------------------------------------------------------


async def test_sqlite_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable, match=r"^cannot open STATE_DB .*file/state\.sqlite3: "):
        SQLiteStore(blocker / "state.sqlite3")


async def test_redis_out_of_reach_at_start_is_one_line() -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(StoreUnavailable, match=r"^cannot reach Redis at redis://127\.0\.0\.1:"):
        await open_store(Path("unused"), url)


async def test_redis_lost_while_running_then_back(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    store = await RedisStore.open(redis_server.url, PEPPER, clock)
    await store.save_state(1, STATE)
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        for step in range(3):  # each call answers at once, as if nothing were stored
            clock.now += 2  # past the retry interval: Redis is tried again each time
            assert await store.load_state(1) is None
            await store.save_state(1, STATE)
            await store.record_unanswered("lost")
            # remembered in memory meanwhile
            assert await store.claim_update(1, 10 + step, "a") is Claim.TAKEN
            assert await store.unanswered() == []
        assert await store.claim_update(1, 10, "a") is Claim.DONE
        assert store.down and "down" in store.status
        assert caplog.text.count("is unavailable") == 1  # once per outage
        redis_server.start()
        clock.now += 2
        await store.save_state(1, STATE)
        assert await store.load_state(1) == STATE
        assert not store.down
    assert caplog.text.count("is back") == 1
    await store.close()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        pytest.param("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0", id="no-password"),
        pytest.param("redis://:hunter2@db:6379/1", "redis://:***@db:6379/1", id="password"),
        pytest.param("rediss://me:hunter2@db/0", "rediss://me:***@db/0", id="user-and-password"),
    ],
)
def test_redis_urls_are_shown_without_passwords(url: str, shown: str) -> None:
    assert redact_url(url) == shown


async def test_sqlite_file_is_wal(tmp_path: Path) -> None:
    await SQLiteStore(tmp_path / "state.sqlite3").close()
    with contextlib.closing(sqlite3.connect(tmp_path / "state.sqlite3")) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_chart_file_ids_are_kept_for_every_instance(store: Store, clock: Clock) -> None:
    assert await store.chart_file("abc") is None
    await store.keep_chart_file("abc", "AgACfile1")
    assert await store.chart_file("abc") == "AgACfile1"
    assert await store.chart_file("other") is None
    if isinstance(store, SQLiteStore):  # Redis: a TTL of CHART_DAYS
        clock.now += CHART_DAYS * DAY + 1
        assert await store.chart_file("abc") is None
