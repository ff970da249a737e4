"""How updates are processed: many chats at once, one chat's updates in order, each one once,
and none lost when an instance dies.

python-telegram-bot processes updates one after another unless told otherwise; a bot serving many
people must serve their chats concurrently, yet a conversation still needs its messages handled
in the order they were sent ("production manager salary", then "and education?"). This
processor gives each chat a FIFO lock and bounds the number of updates handled at once.

Before handling an update it claims the update's id in the store for a short lease, renewed while
it works, and marks it done once the reply is sent: a copy delivered again (a retry, another
instance, the inbox after a restart) is skipped when done, waits while another owner's lease
holds, and is taken over when that lease lapses because its owner died.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.store import LEASE_SECONDS, Claim, Store

logger = logging.getLogger(__name__)

BUSY_WAIT_SECONDS = 0.25  # while another owner's lease holds, ask again this often
RENEW_SECONDS = LEASE_SECONDS / 3  # renew the leases of the updates at work this often

# PTB's own semaphore is taken before do_process_update; keep it from ever making an update wait
# (which could let a later update of the same chat overtake it) and bound concurrency below.
_NEVER_WAITS = 1_000_000_000


class Ledger(Protocol):
    """Claims on update ids, shared by every instance of the bot."""

    async def claim(self, update_id: int) -> Claim: ...

    async def renew(self, update_ids: Sequence[int]) -> None: ...

    async def finish(self, update_id: int) -> None: ...


class StoreLedger:
    """The store's claims, for one bot, owned by this process."""

    def __init__(self, store: Store, bot_id: Callable[[], int]) -> None:
        self.store = store
        self.bot_id = bot_id  # known once the bot is initialised
        self.owner = secrets.token_hex(8)

    async def claim(self, update_id: int) -> Claim:
        return await self.store.claim_update(self.bot_id(), update_id, self.owner)

    async def renew(self, update_ids: Sequence[int]) -> None:
        await self.store.renew_claims(self.bot_id(), update_ids, self.owner)

    async def finish(self, update_id: int) -> None:
        await self.store.finish_update(self.bot_id(), update_id)


class _ChatLock:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Up to `concurrency` updates at once; one chat's updates one at a time, in arrival order;
    each update handled only once claimed in `ledger`, and marked done after."""

    def __init__(
        self, concurrency: int, ledger: Ledger, *, busy_wait: float = BUSY_WAIT_SECONDS
    ) -> None:
        super().__init__(_NEVER_WAITS)
        self.concurrency = concurrency
        self._ledger = ledger
        self._busy_wait = busy_wait
        self._slots = asyncio.Semaphore(concurrency)
        self._chats: dict[int, _ChatLock] = {}
        self._working: set[int] = set()  # ids of the updates being handled, for renewals
        self._renewing: asyncio.Task[None] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # Updates arrive here in the order they were queued; the chat's lock is asked for before
        # anything is awaited, so its FIFO queue keeps that order.
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._slots:
                await self._process(update, coroutine)
            return
        chat_id = chat.id
        lock = self._chats.setdefault(chat_id, _ChatLock())
        lock.users += 1
        try:
            async with lock.lock, self._slots:
                await self._process(update, coroutine)
        finally:
            lock.users -= 1
            if lock.users == 0:
                del self._chats[chat_id]

    async def _process(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        update_id = update.update_id
        if not await self._take(update_id):
            if inspect.iscoroutine(coroutine):
                coroutine.close()
            return
        self._working.add(update_id)
        self._keep_renewing()
        answered = False
        try:
            await coroutine
            answered = True
        except Exception:
            answered = True  # the error handler has answered it (with an apology)
            raise
        finally:  # not when cancelled: the process is stopping, the update not answered
            self._working.discard(update_id)
            if answered:
                await self._ledger.finish(update_id)

    async def _take(self, update_id: int) -> bool:
        """Claim the update: True once it is ours; False when it was answered already. While
        another owner works on it, wait: it finishes it, or dies and its lease lapses."""
        waiting = False
        while True:
            claim = await self._ledger.claim(update_id)
            if claim is Claim.TAKEN:
                return True
            if claim is Claim.DONE:
                logger.info("Update %d was already processed; skipped", update_id)
                return False
            if not waiting:
                logger.info("Update %d is being handled elsewhere; waiting", update_id)
                waiting = True
            await asyncio.sleep(self._busy_wait)

    def _keep_renewing(self) -> None:
        if self._renewing is None or self._renewing.done():
            self._renewing = asyncio.create_task(self._renew_regularly())

    async def _renew_regularly(self) -> None:
        while self._working:
            await asyncio.sleep(RENEW_SECONDS)
            if self._working:
                await self._ledger.renew(tuple(self._working))

    async def initialize(self) -> None:
        """Nothing to set up: renewals start with the first update."""

    async def shutdown(self) -> None:
        """Stop renewing."""
        if self._renewing is not None:
            self._renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewing
