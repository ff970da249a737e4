"""The fake Bot API parses and refuses HTML and keyboards as Telegram does."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from fake_bot_api import (
    SECRET_HEADER,
    ApiError,
    FakeBotApi,
    check_markup,
    parse_html,
    parse_text,
)


@pytest.mark.parametrize(
    ("source", "text", "types"),
    [
        pytest.param("plain", "plain", [], id="plain"),
        pytest.param("<b>Pay</b> &amp; <i>hours</i>", "Pay & hours", ["bold", "italic"], id="tags"),
        pytest.param('<a href="https://x.org/?a=1&amp;b=2">x</a>', "x", ["text_link"], id="link"),
        pytest.param("&lt;script&gt; &#36;5 &#x24;6 &quot;", '<script> $5 $6 "', [], id="entities"),
        pytest.param('<span class="tg-spoiler">s</span>', "s", ["spoiler"], id="spoiler"),
        pytest.param("<b>a<i>b</i></b>", "ab", ["bold", "italic"], id="nested"),
    ],
)
def test_valid_html(source: str, text: str, types: list[str]) -> None:
    parsed, entities = parse_html(source)
    assert parsed == text
    assert [e["type"] for e in entities] == types


def test_entity_offsets_count_utf16_units() -> None:
    _, [entity] = parse_html("💰 <b>pay</b>")
    assert (entity["offset"], entity["length"]) == (3, 3)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("<script>alert(1)</script>", id="unsupported-tag"),
        pytest.param("<b>open", id="unclosed"),
        pytest.param("<b><i>x</b></i>", id="crossed"),
        pytest.param("x</b>", id="stray-end"),
        pytest.param("a < b", id="bare-lt"),
        pytest.param("AT&T", id="bare-amp"),
        pytest.param("&nbsp;", id="unknown-entity"),
        pytest.param("<a>no href</a>", id="link-without-href"),
        pytest.param("<br/>", id="self-closing"),
        pytest.param("<b", id="cut-tag"),
    ],
)
def test_invalid_html(source: str) -> None:
    with pytest.raises(ApiError, match=r"^Bad Request: can't parse entities"):
        parse_html(source)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("x" * 4097, "message is too long", id="too-long"),
        pytest.param("<b> </b>", "message text is empty", id="empty"),
    ],
)
def test_text_limits(text: str, problem: str) -> None:
    with pytest.raises(ApiError, match=problem):
        parse_text(text, "HTML")


def test_4096_characters_are_fine() -> None:
    assert len(parse_text("x" * 4096, None)[0]) == 4096


def _keyboard(**button: Any) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "Go", **button}]]}  # a later "text" wins


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        pytest.param(_keyboard(callback_data="x" * 65), "BUTTON_DATA_INVALID", id="data-65-bytes"),
        pytest.param(_keyboard(callback_data="é" * 33), "BUTTON_DATA_INVALID", id="data-66-utf8"),
        pytest.param(_keyboard(url="javascript:alert(1)"), "BUTTON_URL_INVALID", id="bad-url"),
        pytest.param(_keyboard(), "BUTTON_TYPE_INVALID", id="no-action"),
        pytest.param(_keyboard(text="", url="https://x.org"), "BUTTON_TEXT_INVALID", id="no-text"),
    ],
)
def test_invalid_keyboards(markup: dict[str, Any], problem: str) -> None:
    with pytest.raises(ApiError, match=problem):
        check_markup(markup)


def test_valid_keyboard() -> None:
    markup = _keyboard(callback_data="x" * 64)
    assert check_markup(markup) == markup


# --- webhooks, as Telegram does them -------------------------------------------------------


async def _call(fake: FakeBotApi, method: str, **params: Any) -> dict[str, Any]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.url}/bot{fake.token}/{method}", json=params) as response,
    ):
        body: dict[str, Any] = await response.json()
        return body


async def test_a_webhook_gets_updates_with_the_secret_and_retries_after_failures() -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    answers = iter([500, 200])

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response(status=next(answers))

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with FakeBotApi() as fake:
        fake.retry_delay = 0.01
        answer = await _call(
            fake, "setWebhook", url=f"http://127.0.0.1:{port}/hook", secret_token="s-1"
        )
        assert answer == {"ok": True, "result": True}
        conflict = await _call(fake, "getUpdates")
        assert conflict["error_code"] == 409
        update = fake.enqueue({"message": fake.new_message(5, "hi")})
        for _ in range(200):
            if len(fake.deliveries) == 2:
                break
            await asyncio.sleep(0.01)
        assert [d.status for d in fake.deliveries] == [500, 200]
        assert received == [("s-1", update), ("s-1", update)]
        info = await _call(fake, "getWebhookInfo")
        assert info["result"]["url"].endswith("/hook")
        await _call(fake, "deleteWebhook")
        assert (await _call(fake, "getUpdates"))["ok"]
    await runner.cleanup()


async def test_a_bad_secret_token_is_refused() -> None:
    async with FakeBotApi() as fake:
        answer = await _call(fake, "setWebhook", url="https://x.org/hook", secret_token="no spaces")
        assert answer["error_code"] == 400
        assert "secret token" in answer["description"]
