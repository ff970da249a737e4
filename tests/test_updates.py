"""The update processor: chats in parallel, one chat in order, every update once, and an
update someone else is handling waited for, then skipped or taken over."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from telegram import Update

from bot.store import Claim
from bot.telegram import updates
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


class Ledger:
    """Claims in memory: `busy` ids answer BUSY that many times first (another owner's lease),
    then are taken; what is done stays done."""

    def __init__(self, busy: dict[int, int] | None = None) -> None:
        self.busy = dict(busy or {})
        self.taken: set[int] = set()
        self.done: list[int] = []
        self.renewed: list[tuple[int, ...]] = []

    async def claim(self, update_id: int) -> Claim:
        if update_id in self.done:
            return Claim.DONE
        if self.busy.get(update_id, 0) > 0 or update_id in self.taken:
            self.busy[update_id] = self.busy.get(update_id, 0) - 1
            return Claim.BUSY
        self.taken.add(update_id)
        return Claim.TAKEN

    async def renew(self, update_ids: Sequence[int]) -> None:
        self.renewed.append(tuple(sorted(update_ids)))

    async def finish(self, update_id: int) -> None:
        self.taken.discard(update_id)
        self.done.append(update_id)


async def run(processor: ChatOrderedProcessor, jobs: list[tuple[Update, Any]]) -> None:
    """Feed updates as the Application does: a task each, created in arrival order."""
    await asyncio.gather(*(processor.process_update(u, coro) for u, coro in jobs))


async def test_one_chat_keeps_its_order_while_chats_run_in_parallel() -> None:
    recorder = Recorder()
    processor = ChatOrderedProcessor(8, Ledger())
    # Chat 1's first update is slow: its second must still wait; chat 2 need not.
    updates = [(message(1, 1), 0.05), (message(2, 1), 0.0), (message(3, 2), 0.0)]
    await run(processor, [(u, recorder.handle(u, d)) for u, d in updates])
    assert recorder.done.index(1) < recorder.done.index(2)
    assert recorder.done.index(3) < recorder.done.index(1)  # chat 2 did not wait for chat 1
    assert processor._chats == {}  # no lock kept for idle chats


async def test_concurrency_is_bounded() -> None:
    recorder = Recorder()
    processor = ChatOrderedProcessor(3, Ledger())
    updates = [message(i, chat_id=i) for i in range(1, 11)]
    await run(processor, [(u, recorder.handle(u, 0.01)) for u in updates])
    assert sorted(recorder.done) == list(range(1, 11))
    assert recorder.most == 3


async def test_an_update_already_claimed_is_skipped() -> None:
    recorder = Recorder()
    ledger = Ledger()
    processor = ChatOrderedProcessor(4, ledger)
    first, again = message(5, 1), message(5, 1)
    await run(processor, [(first, recorder.handle(first, 0)), (again, recorder.handle(again, 0))])
    assert recorder.done == [5]  # and no "coroutine was never awaited" warning (an error here)
    assert ledger.done == [5]


async def test_a_copy_delivered_while_the_first_is_handled_waits_then_is_skipped() -> None:
    recorder = Recorder()
    ledger = Ledger()
    processor = ChatOrderedProcessor(4, ledger, busy_wait=0.01)
    # An inline query has no chat: nothing orders the two copies but the claim.
    data = {"update_id": 9, "inline_query": {"id": "q", "from": {"id": 1, "is_bot": False,
            "first_name": "A"}, "query": "welder", "offset": ""}}  # fmt: skip
    first, again = Update.de_json(data, None), Update.de_json(data, None)
    await run(
        processor, [(first, recorder.handle(first, 0.05)), (again, recorder.handle(again, 0))]
    )
    assert recorder.done == [9]


async def test_an_update_another_owner_held_is_taken_over_when_its_lease_lapses() -> None:
    recorder = Recorder()
    ledger = Ledger(busy={7: 3})  # the dead owner's lease holds for three more asks
    processor = ChatOrderedProcessor(4, ledger, busy_wait=0.01)
    update = message(7, 1)
    await run(processor, [(update, recorder.handle(update, 0))])
    assert recorder.done == [7]
    assert ledger.done == [7]


async def test_a_failed_handling_is_finished_a_cancelled_one_is_not() -> None:
    ledger = Ledger()
    processor = ChatOrderedProcessor(4, ledger)

    async def fail() -> None:
        raise RuntimeError("handler bug")

    with pytest.raises(RuntimeError):
        await processor.process_update(message(1, 1), fail())
    assert ledger.done == [1]  # answered with an apology by the error handler

    started = asyncio.Event()

    async def forever() -> None:
        started.set()
        await asyncio.sleep(3600)

    task = asyncio.create_task(processor.process_update(message(2, 2), forever()))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert ledger.done == [1]  # the process stops: update 2 is left for the next start


async def test_leases_of_updates_at_work_are_renewed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(updates, "RENEW_SECONDS", 0.02)
    recorder = Recorder()
    ledger = Ledger()
    processor = ChatOrderedProcessor(4, ledger)
    slow, quick = message(1, 1), message(2, 2)
    await run(processor, [(slow, recorder.handle(slow, 0.1)), (quick, recorder.handle(quick, 0))])
    assert ledger.renewed and set(ledger.renewed) == {(1,)}  # only what was still at work
    await processor.shutdown()
