"""How updates are processed: many chats at once, one chat's updates in order, each one once.

python-telegram-bot processes updates one after another unless told otherwise; a bot serving many
people must serve their chats concurrently, yet a conversation still needs its messages handled
in the order they were sent ("production manager salary", then "and education?"). This
processor gives each chat a FIFO lock and bounds the number of updates handled at once, and
claims every update id in the store first, so a retried delivery (or one sent to two instances)
is processed once.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)

Claim = Callable[[Update], Awaitable[bool]]

# PTB's own semaphore is taken before do_process_update; keep it from ever making an update wait
# (which could let a later update of the same chat overtake it) and bound concurrency below.
_NEVER_WAITS = 1_000_000_000


class _ChatLock:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Up to `concurrency` updates at once; one chat's updates one at a time, in arrival order;
    an update whose id `claim` refuses (already taken) is skipped."""

    def __init__(self, concurrency: int, claim: Claim) -> None:
        super().__init__(_NEVER_WAITS)
        self.concurrency = concurrency
        self._claim = claim
        self._slots = asyncio.Semaphore(concurrency)
        self._chats: dict[int, _ChatLock] = {}

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
        if isinstance(update, Update) and not await self._claim(update):
            logger.info("Update %d was already processed; skipped", update.update_id)
            if inspect.iscoroutine(coroutine):
                coroutine.close()
            return
        await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""
