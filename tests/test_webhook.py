"""The webhook ASGI app in process: secret token, body checks, readiness (/healthz).

The real server, end to end, is in test_service_e2e.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from fake_bot_api import TEST_TOKEN
from telegram import Bot, Update

from bot.telegram.webhook import (
    MAX_BODY_BYTES,
    SECRET_HEADER,
    Health,
    build_webhook_app,
    parse_update,
)

SECRET = "right-secret"
PATH = "/telegram"
MESSAGE = {
    "message_id": 1,
    "date": 0,
    "chat": {"id": 42, "type": "private"},
    "from": {"id": 42, "is_bot": False, "first_name": "A"},
    "text": "welder salary",
}


class Service:
    """The app with the updates it handled and its health, and an HTTP client talking to it in
    process. Handling waits while `hold` is clear."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Update] = asyncio.Queue()  # the updates handled
        self.hold = asyncio.Event()
        self.hold.set()
        self.health = Health(ready=True, store_status=lambda: "sqlite (up)")
        app = build_webhook_app(Bot(TEST_TOKEN), self.handle, PATH, SECRET, self.health)
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bot.test"
        )

    async def handle(self, update: Update) -> None:
        await self.hold.wait()
        if update.update_id == 666:
            raise RuntimeError("a handler bug")
        await self.queue.put(update)

    async def post(self, body: bytes | dict[str, object], secret: str | None = SECRET) -> int:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        response = await self.client.post(PATH, content=content, headers=headers)
        return response.status_code


@pytest_asyncio.fixture
async def service() -> AsyncIterator[Service]:
    service = Service()
    yield service
    await service.client.aclose()


async def test_an_update_is_acknowledged_only_once_handled(service: Service) -> None:
    service.hold.clear()
    posting = asyncio.create_task(service.post({"update_id": 8, "message": MESSAGE}))
    await asyncio.sleep(0.05)
    assert not posting.done()  # Telegram has no 200 yet: it would resend if we died now
    service.hold.set()
    assert await posting == 200
    assert service.queue.get_nowait().update_id == 8


async def test_an_update_whose_handling_failed_is_acknowledged(service: Service) -> None:
    # The error handler has answered it with an apology: a resend would repeat that.
    assert await service.post({"update_id": 666, "message": MESSAGE}) == 200


async def test_an_update_with_the_secret_is_handled(service: Service) -> None:
    assert await service.post({"update_id": 7, "message": MESSAGE}) == 200
    update = service.queue.get_nowait()
    assert isinstance(update, Update)
    assert update.update_id == 7
    assert update.effective_chat is not None and update.effective_chat.id == 42


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param(None, id="missing"),
        pytest.param("wrong", id="wrong"),
        pytest.param("", id="empty"),
    ],
)
async def test_without_the_secret_is_forbidden_and_not_handled(
    service: Service, secret: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.telegram.webhook"):
        assert await service.post({"update_id": 7, "message": MESSAGE}, secret) == 403
    assert service.queue.empty()
    [record] = caplog.records
    assert "wrong or no secret token" in record.getMessage()
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"{not json", id="not-json"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
        pytest.param(b"[1, 2]", id="array"),
        pytest.param(b'{"message": {}}', id="no-update-id"),
        pytest.param(b'{"update_id": "7"}', id="update-id-string"),
        pytest.param(b'{"update_id": true}', id="update-id-bool"),
        pytest.param(b'{"update_id": 7, "message": "hello"}', id="message-not-object"),
        pytest.param(b'{"update_id": 7, "message": {"text": "hi"}}', id="message-incomplete"),
        pytest.param(b"", id="empty"),
    ],
)
async def test_a_malformed_body_is_refused_once_in_the_log(
    service: Service, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.telegram.webhook"):
        assert await service.post(body) == 400
    assert service.queue.empty()
    [record] = caplog.records
    assert "malformed webhook update" in record.getMessage()
    assert "\n" not in record.getMessage() and record.exc_info is None


async def test_an_update_of_an_unknown_kind_is_accepted_for_the_bot_to_ignore(
    service: Service,
) -> None:
    assert await service.post({"update_id": 8, "some_future_kind": {"x": 1}}) == 200
    update = service.queue.get_nowait()
    assert isinstance(update, Update)
    assert update.effective_chat is None and update.effective_message is None


async def test_a_huge_body_is_refused(service: Service) -> None:
    assert await service.post(b" " * (MAX_BODY_BYTES + 1)) == 413
    assert service.queue.empty()


async def test_other_methods_and_paths(service: Service) -> None:
    assert (await service.client.get(PATH)).status_code == 405
    assert (await service.client.post("/elsewhere", content=b"{}")).status_code == 404


async def test_healthz_follows_readiness(service: Service) -> None:
    service.health.ready = False
    starting = await service.client.get("/healthz")
    assert starting.status_code == 503
    assert starting.json() == {"status": "starting", "store": "sqlite (up)"}
    assert await service.post({"update_id": 9, "message": MESSAGE}) == 503  # Telegram retries
    assert service.queue.empty()
    service.health.ready = True
    ready = await service.client.get("/healthz")
    assert (ready.status_code, ready.json()["status"]) == (200, "ready")
    service.health.ready, service.health.stopping = False, True
    stopping = await service.client.get("/healthz")
    assert (stopping.status_code, stopping.json()["status"]) == (503, "stopping")


def test_parse_update_keeps_unknown_fields() -> None:
    update = parse_update(b'{"update_id": 3, "new_thing": {"a": 1}}', Bot(TEST_TOKEN))
    assert update.update_id == 3
    assert update.api_kwargs == {"new_thing": {"a": 1}}
