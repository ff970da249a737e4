"""A fake Telegram Bot API server on 127.0.0.1, for end-to-end tests and manual tries.

It answers ``/bot<token>/<method>`` as Telegram does: ``{"ok": true, "result": ...}`` with
realistic objects, or ``{"ok": false, "error_code": ..., "description": ...}`` for a wrong
token (401), an unknown method (404) or bad parameters (400: text too long or empty, HTML that
does not parse, callback data over 64 bytes, unknown chats, messages and queries, ...).
Request bodies may be a query string, form data (what python-telegram-bot sends: each value
JSON-encoded unless it is a string), multipart or JSON. A file uploaded in a multipart body
(``sendPhoto``'s photo) is an :class:`Upload` among the parameters; a photo sent is kept under
a new file id in :attr:`FakeBotApi.files`, and that id can be sent instead of the photo.

Tests enqueue updates (:meth:`FakeBotApi.message`, :meth:`~FakeBotApi.press`,
:meth:`~FakeBotApi.inline_query`, ...), which ``getUpdates`` serves with offsets honoured, and
await the bot's calls with :meth:`FakeBotApi.wait_for`. Every call is recorded in
:attr:`FakeBotApi.calls`.

Faults: set :attr:`FakeBotApi.fault` to ``async (request, method, params) -> response | None``;
a response it returns is sent instead of the normal answer (see :func:`api_error` for 429 with
``retry_after`` or 500; a fault may also close ``request.transport`` to reset the connection).

Webhooks: after ``setWebhook``, updates are no longer served by ``getUpdates`` (409, as
Telegram does) but posted to the webhook URL with its secret token, by up to ``max_connections``
couriers at once, and posted again later when not answered 2xx. Setting
:attr:`FakeBotApi.balance` to several URLs spreads the posts round-robin over them, as a load
balancer in front of several bot instances would. Each post is recorded in
:attr:`FakeBotApi.deliveries`. Listeners in :attr:`FakeBotApi.listeners` see every call as it is
recorded (benchmarks use them instead of :meth:`~FakeBotApi.wait_for`).

Standalone, for manual tries and benchmarks::

    python -m tests.fake_bot_api --port 8081     # prints the command that runs the bot against it

then type messages on the fake server's standard input (chat 1); the bot's answers are printed.
``POST /_fake/updates`` (a JSON update, or ``{"chat_id": 1, "text": "hi"}``) and
``GET /_fake/calls?since=N`` do the same over HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import itertools
import json
import re
import signal
import struct
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import aiohttp
from aiohttp import web

TEST_TOKEN = "123456:TEST-token-not-real-AAEhBP0av28cUG9Kj6ydN"
MAX_MESSAGE = 4096
MAX_CAPTION = 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CALLBACK_BYTES = 64
MAX_INLINE_RESULTS = 50
TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"

Json = dict[str, Any]
Fault = Callable[[web.Request, str, Json], Awaitable[web.StreamResponse | None]]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)

# Parameters that are strings even when they look like JSON ("42", "true").
_STRING_PARAMS = frozenset({
    "text", "caption", "query", "callback_query_id", "inline_query_id", "inline_message_id",
    "parse_mode", "url", "next_offset", "description", "short_description", "secret_token",
    "language_code", "business_connection_id", "message_effect_id", "ip_address", "name",
    "photo",
})  # fmt: skip


class ApiError(Exception):
    """A Bot API error answer."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> Json:
        body: Json = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def api_error(code: int, description: str, retry_after: int | None = None) -> web.Response:
    """A Bot API error response, e.g. ``api_error(429, "Too Many Requests: retry after 1", 1)``."""
    return web.json_response(ApiError(code, description, retry_after).body(), status=code)


def _bad(problem: str) -> ApiError:
    return ApiError(400, f"Bad Request: {problem}")


@dataclass(frozen=True)
class Call:
    """One request the bot made, and what it was answered."""

    method: str  # as the bot spelled it, e.g. "sendMessage"
    params: Json
    status: int
    response: Json

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result")


@dataclass(frozen=True)
class Upload:
    """A file uploaded in a multipart request."""

    filename: str
    content_type: str
    data: bytes


def _jsonable(value: Any) -> Any:
    """What /_fake/calls shows of an upload: its name and size, not its bytes."""
    if isinstance(value, Upload):
        return {"upload": value.filename, "size": len(value.data)}
    raise TypeError(f"{type(value).__name__} is not JSON")


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height from its header; ApiError as Telegram's when it is none."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise _bad("IMAGE_PROCESS_FAILED")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@dataclass(frozen=True)
class Delivery:
    """One post of an update to a webhook, and how it was answered."""

    update_id: int
    url: str
    status: int  # the HTTP status, or 0 when the connection failed


# --- Telegram HTML ------------------------------------------------------------------------

_BUTTON_KINDS = frozenset({
    "url", "callback_data", "switch_inline_query", "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat", "copy_text", "web_app", "login_url", "callback_game", "pay",
})  # fmt: skip
_ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "a": "text_link", "code": "code", "pre": "pre", "tg-spoiler": "spoiler", "span": "spoiler",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}  # fmt: skip
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_BARE_AMPERSAND = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TelegramHTML(HTMLParser):
    """Parses parse_mode=HTML text as Telegram does: plain text plus entities, or an error."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.text: list[str] = []
        self.size = 0  # UTF-16 length of the text so far
        self.open: list[tuple[str, int, Json]] = []
        self.entities: list[Json] = []
        self._lines = [0, *(m.end() for m in re.finditer("\n", source))]

    def _offset(self) -> int:
        line, column = self.getpos()
        return len(self.source[: self._lines[line - 1] + column].encode())

    def fail(self, problem: str) -> ApiError:
        return _bad(f"can't parse entities: {problem}")

    def _add(self, text: str) -> None:
        self.text.append(text)
        self.size += _utf16_len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in _ENTITY_TYPES:
            raise self.fail(f'Unsupported start tag "{tag}" at byte offset {self._offset()}')
        entity: Json = {"type": _ENTITY_TYPES[tag]}
        if tag == "a":
            if not attributes.get("href"):
                raise self.fail(f"Can't find URL in a link at byte offset {self._offset()}")
            entity["url"] = attributes["href"]
        elif tag == "span" and attributes.get("class") != "tg-spoiler":
            raise self.fail(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self._offset()}'
            )
        elif tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        elif tag == "tg-emoji":
            entity["custom_emoji_id"] = attributes.get("emoji-id") or ""
        self.open.append((tag, self.size, entity))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise self.fail(f'Unsupported start tag "{tag}/" at byte offset {self._offset()}')

    def handle_endtag(self, tag: str) -> None:
        if not self.open:
            raise self.fail(f"Unexpected end tag at byte offset {self._offset()}")
        expected, start, entity = self.open.pop()
        if tag != expected:
            raise self.fail(
                f"Unmatched end tag at byte offset {self._offset()}, "
                f'expected "</{expected}>", found "</{tag}>"'
            )
        if self.size > start:
            self.entities.append({**entity, "offset": start, "length": self.size - start})

    def handle_data(self, data: str) -> None:
        for char in "<&":
            if char in data:
                raise self.fail(
                    f'Unexpected "{char}" (use &lt; or &amp;) near byte offset {self._offset()}'
                )
        self._add(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _NAMED_ENTITIES:
            raise self.fail(f'Unsupported HTML entity "&{name};" at byte offset {self._offset()}')
        self._add(_NAMED_ENTITIES[name])

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
            self._add(chr(code))
        except (ValueError, OverflowError):
            raise self.fail(f'Invalid character reference "&#{name};"') from None

    def handle_comment(self, data: str) -> None:
        raise self.fail(f"Unsupported comment at byte offset {self._offset()}")

    def handle_decl(self, decl: str) -> None:
        raise self.fail(f"Unsupported declaration at byte offset {self._offset()}")

    def unknown_decl(self, data: str) -> None:
        raise self.fail(f"Unsupported declaration at byte offset {self._offset()}")

    def handle_pi(self, data: str) -> None:
        raise self.fail(f"Unsupported processing instruction at byte offset {self._offset()}")


def parse_html(source: str) -> tuple[str, list[Json]]:
    """Telegram HTML -> (plain text, entities), or ApiError 400 "can't parse entities"."""
    parser = _TelegramHTML(source)
    bare = _BARE_AMPERSAND.search(source)
    if bare:  # html.parser would pass a lone "&" through at the end of the text
        offset = len(source[: bare.start()].encode())
        raise parser.fail(f'Unexpected "&" at byte offset {offset}: use &amp;')
    parser.feed(source)
    parser.close()
    if parser.rawdata:  # html.parser keeps an unfinished "<..." here
        raise parser.fail(
            f"Unclosed start tag at byte offset {len(source[: -len(parser.rawdata)].encode())}"
        )
    if parser.open:
        raise parser.fail(f'Can\'t find end tag corresponding to start tag "{parser.open[-1][0]}"')
    return "".join(parser.text), sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))


def parse_text(text: Any, parse_mode: Any, *, what: str = "message text") -> tuple[str, list[Json]]:
    """A message text as Telegram parses and checks it."""
    if not isinstance(text, str):
        raise _bad(f"{what} must be a string")
    entities: list[Json] = []
    if parse_mode is None or parse_mode == "":
        plain = text
    elif str(parse_mode).lower() == "html":
        plain, entities = parse_html(text)
    else:
        raise _bad(f"unsupported parse_mode {parse_mode!r} (this fake knows HTML only)")
    if not plain.strip():
        raise _bad(f"{what} is empty")
    if len(plain) > MAX_MESSAGE:
        raise _bad("message is too long")
    return plain, entities


def check_markup(markup: Any) -> Json | None:
    """An inline keyboard, checked as Telegram does."""
    if markup is None:
        return None
    if not isinstance(markup, dict) or not isinstance(markup.get("inline_keyboard"), list):
        raise _bad("can't parse reply keyboard markup JSON object")
    for row in markup["inline_keyboard"]:
        if not isinstance(row, list):
            raise _bad("can't parse reply keyboard markup JSON object")
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text") or "").strip():
                raise _bad("BUTTON_TEXT_INVALID")
            if len(_BUTTON_KINDS & button.keys()) != 1:
                raise _bad("BUTTON_TYPE_INVALID")
            data = button.get("callback_data")
            if "callback_data" in button and (
                not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_BYTES
            ):
                raise _bad("BUTTON_DATA_INVALID")
            url = button.get("url")
            if "url" in button and not re.match(r"^(https?|tg)://\S+$", str(url)):
                raise _bad("BUTTON_URL_INVALID")
    return markup


# --- the server ---------------------------------------------------------------------------


class FakeBotApi:
    """An in-process fake Bot API: start it, point the bot at :attr:`url`, talk, assert."""

    def __init__(
        self,
        token: str = TEST_TOKEN,
        *,
        username: str = "careerbot_test_bot",
        max_poll_wait: float = 1.0,
    ) -> None:
        self.token = token
        self.max_poll_wait = max_poll_wait  # long polls are honoured, up to this many seconds
        self.me: Json = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "Careerbot Test",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[Call] = []
        self.fault: Fault | None = None
        self.commands: list[Json] = []
        self.chats: dict[int, Json] = {}
        self.messages: dict[tuple[int, int], Json] = {}  # (chat id, message id) -> message
        self.files: dict[str, bytes] = {}  # file id -> the photo uploaded under it
        self._file_ids = itertools.count(1)
        self.open_queries: set[str] = set()  # callback and inline query ids not yet answered
        self.url = ""
        self._updates: list[Json] = []
        # Like Telegram's, update ids go on across restarts of the server (so a bot that
        # remembers the ids it processed, see bot.store, does not skip a new server's updates).
        self._update_ids = itertools.count(int(time.time() * 1000) % 1_000_000_000 + 100_000)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1000)
        self._arrived = asyncio.Event()
        self._recorded = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.listeners: list[Callable[[Call], None]] = []
        # Webhook mode: set by setWebhook, cleared by deleteWebhook.
        self.webhook: Json | None = None
        self.balance: list[str] | None = None  # post round-robin to these URLs instead
        self.deliveries: list[Delivery] = []
        self.retry_delay = 0.2  # seconds before an update is posted again after a failure
        self.scoped_commands: dict[str, list[Json]] = {}  # setMyCommands with a scope
        self._outbox: asyncio.Queue[Json] = asyncio.Queue()
        self._couriers: list[asyncio.Task[None]] = []
        self._session: aiohttp.ClientSession | None = None
        self._turn = itertools.count()

    # --- life cycle -----------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen (port 0: a free one); return the root URL for TELEGRAM_API_URL."""
        app = web.Application()
        app.router.add_post("/_fake/updates", self._post_update)
        app.router.add_get("/_fake/calls", self._get_calls)
        app.router.add_route("*", "/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        bound = server.sockets[0].getsockname()  # type: ignore[attr-defined]
        self.url = f"http://{bound[0]}:{bound[1]}"
        return self.url

    async def close(self) -> None:
        self._closing = True
        self._arrived.set()
        for courier in self._couriers:
            courier.cancel()
        await asyncio.gather(*self._couriers, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- what tests send ------------------------------------------------------------------

    def user(self, user_id: int) -> Json:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User {user_id}",
            "language_code": "en",
        }

    def chat(self, chat_id: int) -> Json:
        """A private chat with user `chat_id` (positive ids), or a group (negative ids)."""
        if chat_id not in self.chats:
            if chat_id > 0:
                self.chats[chat_id] = {
                    "id": chat_id,
                    "type": "private",
                    "first_name": f"User {chat_id}",
                }
            else:
                self.chats[chat_id] = {"id": chat_id, "type": "group", "title": f"Group {-chat_id}"}
        return self.chats[chat_id]

    def enqueue(self, update: Json) -> Json:
        """Queue an update (given without update_id) for getUpdates; return it."""
        update = {"update_id": next(self._update_ids), **update}
        if self.webhook is not None:
            self._outbox.put_nowait(update)
        else:
            self._updates.append(update)
            self._arrived.set()
        return update

    def message(
        self, chat_id: int, text: str | None = None, *, edited: bool = False, **fields: Any
    ) -> Json:
        """Queue a message from the user (a /command gets its bot_command entity); return it."""
        message = self.new_message(chat_id, text, edited=edited, **fields)
        self.enqueue({"edited_message" if edited else "message": message})
        return message

    def new_message(
        self, chat_id: int, text: str | None = None, *, edited: bool = False, **fields: Any
    ) -> Json:
        """A message from the user, as :meth:`message` makes it, but not queued (for posting
        to a webhook by hand)."""
        user_id = chat_id if chat_id > 0 else 1
        message: Json = {
            "message_id": next(self._message_ids),
            "from": self.user(user_id),
            "chat": self.chat(chat_id),
            "date": int(time.time()),
            **fields,
        }
        if text is not None:
            message["text"] = text
            command = re.match(r"/\S+", text)
            if command:
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": _utf16_len(command.group())}
                ]
        if edited:
            message["edit_date"] = message["date"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def sticker(self, chat_id: int, emoji: str = "👍") -> Json:
        sticker = {
            "file_id": "CAACAgIAAxkBAAEfake", "file_unique_id": "AgADfake", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": emoji,
        }  # fmt: skip
        return self.message(chat_id, sticker=sticker)

    def press(self, chat_id: int, data: str, message: Json | None = None) -> Json:
        """Queue a callback query: the user pressed a button with `data` under `message`
        (default: the bot's last message in this chat)."""
        if message is None:
            message = self.last_bot_message(chat_id)
        query: Json = {
            "id": str(next(self._query_ids)),
            "from": self.user(chat_id if chat_id > 0 else 1),
            "message": message,
            "chat_instance": f"-{chat_id}00",
            "data": data,
        }
        self.open_queries.add(query["id"])
        self.enqueue({"callback_query": query})
        return query

    def inline_query(self, user_id: int, query: str) -> Json:
        inline: Json = {
            "id": str(next(self._query_ids)),
            "from": self.user(user_id),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }
        self.open_queries.add(inline["id"])
        self.enqueue({"inline_query": inline})
        return inline

    def last_bot_message(self, chat_id: int) -> Json:
        mine = [
            m for (chat, _), m in self.messages.items() if chat == chat_id and m["from"]["is_bot"]
        ]
        if not mine:
            raise LookupError(f"the bot has sent nothing to chat {chat_id}")
        return max(mine, key=lambda m: int(m["message_id"]))

    # --- what tests check -----------------------------------------------------------------

    def mark(self) -> int:
        """The position after the calls so far, for ``since=``."""
        return len(self.calls)

    def calls_of(self, method: str, *, since: int = 0, **match: Any) -> list[Call]:
        """Recorded calls of `method` (any case) whose params equal `match`'s values."""
        return [
            call
            for call in self.calls[since:]
            if call.method.lower() == method.lower()
            and all(call.params.get(key) == value for key, value in match.items())
        ]

    async def wait_for(
        self, method: str, count: int = 1, *, since: int = 0, timeout: float = 5.0, **match: Any
    ) -> list[Call]:
        """The first `count` calls of `method` after position `since` matching `match`;
        TimeoutError naming what came instead if they do not arrive in time."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = self.calls_of(method, since=since, **match)
            if len(found) >= count:
                return found[:count]
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = ", ".join(f"{c.method}{c.params}" for c in self.calls[since:]) or "nothing"
                raise TimeoutError(
                    f"expected {count} {method} call(s) matching {match} within {timeout}s, "
                    f"got {len(found)}; calls since: {seen}"
                )
            self._recorded.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._recorded.wait(), remaining)

    # --- HTTP -----------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        match = re.fullmatch(r"/bot([^/]*)/([A-Za-z]+)", request.path)
        if match is None:
            return api_error(404, "Not Found")
        token, method = match.groups()
        try:
            params = await _read_params(request)
        except ValueError as exc:
            return api_error(400, f"Bad Request: {exc}")
        if self.fault is not None:
            response = await self.fault(request, method, params)
            if response is not None:
                body = response.body if isinstance(response, web.Response) else None
                self._record(Call(method, params, response.status, _json_or_empty(body)))
                return response
        status, answer = await self._answer(token, method, params)
        self._record(Call(method, params, status, answer))
        return web.json_response(answer, status=status)

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._recorded.set()
        for listener in self.listeners:
            listener(call)

    # --- webhook delivery -----------------------------------------------------------------

    def _start_couriers(self, count: int) -> None:
        self._couriers = [c for c in self._couriers if not c.done()]
        while len(self._couriers) < count:
            self._couriers.append(asyncio.create_task(self._courier()))

    async def _courier(self) -> None:
        while True:
            update = await self._outbox.get()
            webhook = self.webhook
            if webhook is None:  # deleted meanwhile: back to getUpdates
                self._updates.append(update)
                self._arrived.set()
                continue
            url = self.balance[next(self._turn) % len(self.balance)] if self.balance else None
            status = await self.post(update, url or webhook["url"], webhook.get("secret_token"))
            self.deliveries.append(Delivery(update["update_id"], url or webhook["url"], status))
            self._recorded.set()
            if not 200 <= status < 300 and not self._closing:
                asyncio.get_running_loop().call_later(
                    self.retry_delay, self._outbox.put_nowait, update
                )

    async def post(self, update: Json | bytes, url: str, secret: str | None) -> int:
        """Post an update (or any body) to a webhook as Telegram does; the HTTP status (0: the
        connection failed)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=10), connector=aiohttp.TCPConnector(limit=100)
            )
        body = update if isinstance(update, bytes) else json.dumps(update).encode()
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        try:
            async with self._session.post(url, data=body, headers=headers) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return 0

    def delivered(self, update_id: int) -> list[Delivery]:
        return [d for d in self.deliveries if d.update_id == update_id]

    async def _answer(self, token: str, method: str, params: Json) -> tuple[int, Json]:
        if token != self.token:
            return 401, ApiError(401, "Unauthorized").body()
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            return 404, ApiError(404, "Not Found").body()
        try:
            return 200, {"ok": True, "result": await handler(params)}
        except ApiError as exc:
            return exc.code, exc.body()

    async def _post_update(self, request: web.Request) -> web.Response:
        body = await request.json()
        if "update_id" not in body and "chat_id" in body:
            update = {"message": self.message(int(body["chat_id"]), str(body.get("text", "")))}
        else:
            update = self.enqueue({k: v for k, v in body.items() if k != "update_id"})
        return web.json_response({"ok": True, "result": update})

    async def _get_calls(self, request: web.Request) -> web.Response:
        since = int(request.query.get("since", "0"))
        calls = [
            {"method": c.method, "params": c.params, "response": c.response}
            for c in self.calls[since:]
        ]
        body = {"ok": True, "result": calls, "next": len(self.calls)}
        return web.json_response(body, dumps=functools.partial(json.dumps, default=_jsonable))

    # --- the Bot API methods (names lower-cased; Telegram's are case-insensitive) ---------

    async def _api_getme(self, params: Json) -> Json:
        return self.me

    async def _api_logout(self, params: Json) -> bool:
        return True

    async def _api_close(self, params: Json) -> bool:
        return True

    async def _api_setwebhook(self, params: Json) -> bool:
        url = params.get("url")
        if not isinstance(url, str):
            raise _bad("bad webhook: URL must be a string")
        if not url:
            return await self._api_deletewebhook(params)
        if not re.match(r"^https?://[^/\s]+", url):
            raise _bad("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _bad("bad webhook: secret token contains unallowed characters")
        connections = _integer(params, "max_connections", 40)
        if not 1 <= connections <= 100:
            raise _bad("bad webhook: max_connections must be between 1 and 100")
        self.webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": connections,
            "allowed_updates": params.get("allowed_updates"),
        }
        pending, self._updates = self._updates, []
        for update in pending:
            self._outbox.put_nowait(update)
        self._start_couriers(connections)
        return True

    async def _api_deletewebhook(self, params: Json) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_getwebhookinfo(self, params: Json) -> Json:
        webhook = self.webhook or {}
        info: Json = {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates) + self._outbox.qsize(),
        }
        if webhook:
            info["max_connections"] = webhook["max_connections"]
            if webhook.get("allowed_updates") is not None:
                info["allowed_updates"] = webhook["allowed_updates"]
        return info

    async def _api_getupdates(self, params: Json) -> list[Json]:
        if self.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset, limit, timeout = (
            _integer(params, k, d) for k, d in (("offset", 0), ("limit", 100), ("timeout", 0))
        )
        if offset > 0:  # updates below the offset are confirmed and forgotten
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        if not self._updates and timeout > 0 and not self._closing:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), min(timeout, self.max_poll_wait))
        return self._updates[: max(1, min(limit, 100))]

    async def _api_setmycommands(self, params: Json) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not re.fullmatch(
                r"[a-z0-9_]{1,32}", str(command.get("command"))
            ):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description") or "")) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        listed = [{"command": c["command"], "description": c["description"]} for c in commands]
        scope = self._scope(params)
        if scope is None:
            self.commands = listed
        else:
            self.scoped_commands[scope] = listed
        return True

    async def _api_getmycommands(self, params: Json) -> list[Json]:
        scope = self._scope(params)
        return self.commands if scope is None else self.scoped_commands.get(scope, [])

    async def _api_deletemycommands(self, params: Json) -> bool:
        scope = self._scope(params)
        if scope is None:
            self.commands = []
        else:
            self.scoped_commands.pop(scope, None)
        return True

    def _scope(self, params: Json) -> str | None:
        """A command scope as a key ("chat:42"); None for the default scope."""
        scope = params.get("scope")
        if scope is None or (isinstance(scope, dict) and scope.get("type") == "default"):
            return None
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise _bad("can't parse BotCommandScope JSON object")
        if "chat_id" in scope:
            self._known_chat(scope["chat_id"])
            return f"{scope['type']}:{scope['chat_id']}"
        return str(scope["type"])

    async def _api_sendmessage(self, params: Json) -> Json:
        chat = self._known_chat(params.get("chat_id"))
        text, entities = parse_text(params.get("text"), params.get("parse_mode"))
        message: Json = {
            "message_id": next(self._message_ids),
            "from": {k: self.me[k] for k in ("id", "is_bot", "first_name", "username")},
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        markup = check_markup(params.get("reply_markup"))
        if markup is not None:
            message["reply_markup"] = markup
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    async def _api_sendphoto(self, params: Json) -> Json:
        chat = self._known_chat(params.get("chat_id"))
        photo = params.get("photo")
        if isinstance(photo, Upload):
            size = png_size(photo.data)
            file_id = f"AgACAgFakePhoto{next(self._file_ids)}"
            self.files[file_id] = photo.data
        elif isinstance(photo, str) and photo in self.files:
            file_id, size = photo, png_size(self.files[photo])
        else:
            raise _bad("wrong file identifier/HTTP URL specified")
        if size[0] + size[1] > 10000 or max(size) > 20 * min(size):
            raise _bad("PHOTO_INVALID_DIMENSIONS")
        message: Json = {
            "message_id": next(self._message_ids),
            "from": {k: self.me[k] for k in ("id", "is_bot", "first_name", "username")},
            "chat": chat,
            "date": int(time.time()),
            "photo": [
                {
                    "file_id": file_id,
                    "file_unique_id": f"unique-{file_id}",
                    "width": size[0],
                    "height": size[1],
                    "file_size": len(self.files[file_id]),
                }
            ],
        }
        if params.get("caption") is not None:
            caption, entities = parse_text(params["caption"], params.get("parse_mode"),
                                           what="caption")  # fmt: skip
            if len(caption) > MAX_CAPTION:
                raise _bad("message caption is too long")
            message["caption"] = caption
            if entities:
                message["caption_entities"] = entities
        markup = check_markup(params.get("reply_markup"))
        if markup is not None:
            message["reply_markup"] = markup
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    async def _api_editmessagetext(self, params: Json) -> Json | bool:
        text, entities = parse_text(params.get("text"), params.get("parse_mode"))
        markup = check_markup(params.get("reply_markup"))
        if "inline_message_id" in params:
            return True
        chat = self._known_chat(params.get("chat_id"))
        old = self.messages.get((chat["id"], _integer(params, "message_id", 0)))
        if old is None or not old["from"]["is_bot"]:
            raise _bad("message to edit not found")
        new = {**old, "text": text, "entities": entities, "edit_date": int(time.time())}
        new.pop("reply_markup", None)
        if markup is not None:
            new["reply_markup"] = markup
        if not entities:
            new.pop("entities")
        if (new.get("text"), new.get("entities"), new.get("reply_markup")) == (
            old.get("text"),
            old.get("entities"),
            old.get("reply_markup"),
        ):
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        self.messages[(chat["id"], new["message_id"])] = new
        return new

    async def _api_answercallbackquery(self, params: Json) -> bool:
        self._close_query(params.get("callback_query_id"))
        if len(str(params.get("text") or "")) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        return True

    async def _api_answerinlinequery(self, params: Json) -> bool:
        results = params.get("results")
        if not isinstance(results, list):
            raise _bad("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad("RESULTS_TOO_MUCH")
        ids: set[str] = set()
        for result in results:
            result_id = str(result.get("id") or "")
            if not 1 <= len(result_id.encode()) <= 64:
                raise _bad("RESULT_ID_INVALID")
            if result_id in ids:
                raise _bad("RESULT_ID_DUPLICATE")
            ids.add(result_id)
            if result.get("type") == "article" and not str(result.get("title") or "").strip():
                raise _bad("RESULT_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                parse_text(content["message_text"], content.get("parse_mode"))
            check_markup(result.get("reply_markup"))
        button = params.get("button")
        if (
            button is not None
            and "start_parameter" in button
            and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(button["start_parameter"]))
        ):
            raise _bad("START_PARAM_INVALID")
        self._close_query(params.get("inline_query_id"))
        return True

    def _known_chat(self, chat_id: Any) -> Json:
        if isinstance(chat_id, int) and chat_id in self.chats:
            return self.chats[chat_id]
        raise _bad("chat not found")

    def _close_query(self, query_id: Any) -> None:
        if query_id not in self.open_queries:
            raise _bad(TOO_OLD.removeprefix("Bad Request: "))
        self.open_queries.discard(query_id)


async def _read_params(request: web.Request) -> Json:
    """A request's parameters from its query string and body, decoded as Telegram does."""
    raw: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("JSON body must be an object")
            return {**raw, **body}
        with warnings.catch_warnings():
            # aiohttp's own multipart reader calls its deprecated unread_data() when a part
            # ends mid-chunk (a large photo upload); that is aiohttp's business, not ours.
            warnings.filterwarnings("ignore", "unread_data", DeprecationWarning)
            form = await request.post()
        raw.update({k: v for k, v in form.items() if isinstance(v, str)})
        files = {
            key: Upload(v.filename, v.content_type, v.file.read())
            for key, v in form.items()
            if isinstance(v, web.FileField)
        }
        return {**{key: _decode(key, value) for key, value in raw.items()}, **files}
    return {key: _decode(key, value) for key, value in raw.items()}


def _decode(key: str, value: str) -> Any:
    if key in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _json_or_empty(body: Any) -> Json:
    try:
        value = json.loads(body) if isinstance(body, bytes) else None
    except ValueError:
        value = None
    return value if isinstance(value, dict) else {}


def _integer(params: Json, key: str, default: int) -> int:
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(f"invalid {key} parameter")
    return value


# --- standalone ---------------------------------------------------------------------------


async def _serve(port: int, token: str) -> None:
    fake = FakeBotApi(token, max_poll_wait=30.0)
    url = await fake.start(port=port)
    interactive = sys.stdin.isatty()
    print(f"Fake Bot API on {url}; run the bot with", flush=True)
    print(f"  TELEGRAM_BOT_TOKEN={token} TELEGRAM_API_URL={url} careerbot run", flush=True)
    if interactive:
        print("Type messages for chat 1 here; Ctrl-D or Ctrl-C stops.", flush=True)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    printer = asyncio.create_task(_print_answers(fake))
    try:
        if interactive:
            while line := await loop.run_in_executor(None, sys.stdin.readline):
                if line.strip():
                    fake.message(1, line.rstrip("\n"))
        else:
            await stop.wait()
    finally:
        printer.cancel()
        await fake.close()


async def _print_answers(fake: FakeBotApi) -> None:
    shown = 0
    while True:
        calls = await fake.wait_for("sendMessage", shown + 1, timeout=365 * 86400.0)
        for call in calls[shown:]:
            print(
                f"\n[to chat {call.params.get('chat_id')}]\n{call.params.get('text')}\n", flush=True
            )
        shown = len(calls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A fake Telegram Bot API server on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=TEST_TOKEN)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.token))
    return 0


if __name__ == "__main__":
    sys.exit(main())
