"""The update processor: chats in parallel, one chat in order, every update once."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.telegram.updates import ChatOrderedProcessor


def message(update_id: int, chat_id: int) -> Update:
    data = {
        "update_id": update_id,
        "message": {"message_id": update_id, "date": 0, "chat": {"id": chat_id, "type": "private"}},
    }
    return Update.de_json(data, None)


class Recorder:
    """Handles updates slowly, recording starts and ends, and how many ran at once."""

    def __init__(self) -> None:
        self.done: list[int] = []
        self.running = 0
        self.most = 0

    async def handle(self, update: Update, delay: float) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        await asyncio.sleep(delay)
        self.running -= 1
        self.done.append(update.update_id)


async def claim_all(update: Update) -> bool:
    return True


async def run(processor: ChatOrderedProcessor, jobs: list[tuple[Update, Any]]) -> None:
    """Feed updates as the Application does: a task each, created in arrival order."""
    await asyncio.gather(*(processor.process_update(u, coro) for u, coro in jobs))


async def test_one_chat_keeps_its_order_while_chats_run_in_parallel() -> None:
    recorder = Recorder()
    processor = ChatOrderedProcessor(8, claim_all)
    # Chat 1's first update is slow: its second must still wait; chat 2 need not.
    updates = [(message(1, 1), 0.05), (message(2, 1), 0.0), (message(3, 2), 0.0)]
    await run(processor, [(u, recorder.handle(u, d)) for u, d in updates])
    assert recorder.done.index(1) < recorder.done.index(2)
    assert recorder.done.index(3) < recorder.done.index(1)  # chat 2 did not wait for chat 1
    assert processor._chats == {}  # no lock kept for idle chats


async def test_concurrency_is_bounded() -> None:
    recorder = Recorder()
    processor = ChatOrderedProcessor(3, claim_all)
    updates = [message(i, chat_id=i) for i in range(1, 11)]
    await run(processor, [(u, recorder.handle(u, 0.01)) for u in updates])
    assert sorted(recorder.done) == list(range(1, 11))
    assert recorder.most == 3


async def test_an_update_already_claimed_is_skipped() -> None:
    claimed: set[int] = set()

    async def claim_once(update: Update) -> bool:
        fresh = update.update_id not in claimed
        claimed.add(update.update_id)
        return fresh

    recorder = Recorder()
    processor = ChatOrderedProcessor(4, claim_once)
    first, again = message(5, 1), message(5, 1)
    await run(processor, [(first, recorder.handle(first, 0)), (again, recorder.handle(again, 0))])
    assert recorder.done == [5]  # and no "coroutine was never awaited" warning (an error here)
