"""Webhook mode: an ASGI app (Starlette) served by uvicorn, handing updates to the Application.

Telegram posts each update to `WEBHOOK_URL` with the secret token in the
``X-Telegram-Bot-Api-Secret-Token`` header. A request without the right token is refused (403)
and never read; a body that is not a JSON update is refused (400); both are logged in one line.
An accepted update is handled (concurrently with others, see :mod:`bot.telegram.updates`) and
answered 200 only once its reply is sent: Telegram resends what an instance that died never
acknowledged. ``GET /healthz`` answers 200 once the bot is ready (the webhook is set) and 503
before and while stopping.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import socket
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from telegram import Bot, Update

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1 << 20  # updates are a few kilobytes


@dataclass
class Health:
    """Whether the bot is ready for updates, and how its store is (for /healthz)."""

    ready: bool = False
    stopping: bool = False
    store_status: Callable[[], str] = field(default=lambda: "")


Handle = Callable[[Update], Awaitable[None]]


def build_webhook_app(
    bot: Bot, handle: Handle, path: str, secret: str, health: Health
) -> Starlette:
    """The ASGI app: POST `path` takes updates to `handle`; GET /healthz tells readiness."""
    expected = secret.encode()

    async def receive(request: Request) -> Response:
        """Check the secret, parse the update, handle it, then acknowledge it."""
        client = request.client.host if request.client else "?"
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            logger.warning("Refused a webhook request from %s: wrong or no secret token", client)
            return PlainTextResponse("Forbidden", status_code=403)
        if not health.ready:  # Telegram retries later, or another instance takes it
            return PlainTextResponse("Not ready", status_code=503)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            logger.warning("Refused a webhook request from %s: body over 1 MiB", client)
            return PlainTextResponse("Too large", status_code=413)
        try:
            update = parse_update(await request.body(), bot)
        except ValueError as exc:
            logger.warning("Refused a malformed webhook update from %s: %s", client, exc)
            return PlainTextResponse("Bad Request", status_code=400)
        with contextlib.suppress(Exception):  # the error handler has logged and answered it
            await handle(update)
        return Response(status_code=200)

    async def healthz(request: Request) -> Response:
        """200 when ready for updates, else 503."""
        status = "ready" if health.ready else "stopping" if health.stopping else "starting"
        body = {"status": status, "store": health.store_status()}
        return JSONResponse(body, status_code=200 if health.ready else 503)

    return Starlette(
        routes=[
            Route(path, receive, methods=["POST"]),
            Route(HEALTH_PATH, healthz, methods=["GET"]),
        ]
    )


def parse_update(body: bytes, bot: Bot) -> Update:
    """An update from a webhook body; ValueError (one line) when it is not one."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"not a JSON object but {type(data).__name__}")
    update_id = data.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int):
        raise ValueError("no integer update_id")
    try:
        update = Update.de_json(data, bot)
    except Exception as exc:  # whatever a malformed nested object makes the parser raise
        problem = f"{type(exc).__name__}: {exc}"
        raise ValueError(f"update {update_id} does not parse ({problem})") from None
    return update


class WebhookServer(uvicorn.Server):
    """uvicorn on an already bound socket, leaving SIGINT and SIGTERM to the caller (uvicorn's
    own handling re-raises the signal after shutdown, which would end the process uncleanly)."""

    def __init__(self, app: Starlette, sock: socket.socket) -> None:
        config = uvicorn.Config(
            app,
            log_config=None,
            access_log=False,
            lifespan="off",
            server_header=False,
            timeout_graceful_shutdown=5,
        )
        super().__init__(config)
        self.socket = sock

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def serve_forever(self) -> None:
        """Serve until :attr:`should_exit` is set."""
        await self.serve(sockets=[self.socket])

    async def wait_started(self, task: asyncio.Task[None]) -> None:
        """Wait until it listens (or `task`, the serving task, ended)."""
        while not self.started and not task.done():
            await asyncio.sleep(0.01)
        if task.done():
            task.result()  # raise what stopped it
            raise RuntimeError("the webhook server stopped while starting")


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket; OSError (e.g. address in use) for the caller to report."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock
