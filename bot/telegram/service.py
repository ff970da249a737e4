"""The Telegram service: the Application built and run until SIGINT or SIGTERM, polling the Bot
API or serving a webhook; logging that never shows a secret; a start-up problem as one line and
an exit code; the regular purge of what is past its retention.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults, ExtBot

from bot.dialogue import Advisor
from bot.exit_codes import ExitCode
from bot.settings import HOW_TO_GET_A_TOKEN, Settings, Webhook
from bot.stats import Stats
from bot.store import Store, StoreUnavailable, open_store
from bot.telegram.handlers import (
    ALLOWED_UPDATES,
    BotApplication,
    Context,
    Services,
    add_handlers,
    register_commands,
)
from bot.telegram.polling import Poller, kept_updates
from bot.telegram.sending import PatientRateLimiter
from bot.telegram.updates import ChatOrderedProcessor, Ledger, StoreLedger
from bot.telegram.webhook import Health, WebhookServer, bind, build_webhook_app

logger = logging.getLogger(__name__)

PURGE_SECONDS = 600.0  # how often expired context and old update ids are deleted
POOL_TIMEOUT_SECONDS = 10.0  # waiting for a free connection (a timeout gives the send up)


def build_application(
    settings: Settings, advisor: Advisor, store: Store, stats: Stats | None = None
) -> BotApplication:
    """The Application, talking to `{TELEGRAM_API_URL}/bot<token>/<method>`; updates come from
    our own polling (:mod:`bot.telegram.polling`) through its update queue, or from the webhook
    server, which hands each to the update processor and answers once it is handled."""
    stats = stats or Stats()
    ledger = StoreLedger(store, lambda: application.bot.id)
    application: BotApplication = _builder(settings, stats, ledger).updater(None).build()
    services = Services(advisor, store, stats, settings.admin_ids, settings.knowledge_dir)
    add_handlers(application, services)
    return application


def _builder(
    settings: Settings, stats: Stats, ledger: Ledger
) -> ApplicationBuilder[ExtBot[int], Context, Any, Any, Any, Any]:
    """An ApplicationBuilder: the Bot API's URLs, rate limits and retries, connections, the
    order updates are processed in (claimed in `ledger`, each answered once), HTML by default."""
    api = settings.telegram_api_url
    return (
        Application.builder()
        .context_types(ContextTypes(context=Context))
        .token(settings.require_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .rate_limiter(
            PatientRateLimiter(
                settings.send_rate_limit, settings.send_retries, stats.record_give_up
            )
        )
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates, ledger))
        # Few connections are faster: httpcore checks every pooled one on each request.
        .connection_pool_size(settings.bot_api_connections)
        .pool_timeout(POOL_TIMEOUT_SECONDS)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
    )


class _RedactingFormatter(logging.Formatter):
    """Formats as another formatter does, with secrets replaced (the token is in URLs)."""

    def __init__(self, inner: logging.Formatter | None, secrets: dict[str, str]) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()
        self.secrets = secrets  # secret -> what is shown instead

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record)
        for secret, shown in self.secrets.items():
            text = text.replace(secret, shown)
        return text


def configure_logging(settings: Settings) -> None:
    """Log at LOG_LEVEL to stderr, never showing secrets; httpx and uvicorn only at WARNING."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(settings.log_level)
    # httpx logs every request URL, token included; uvicorn its start and stop.
    for name in ("httpx", "httpcore", "uvicorn", "uvicorn.error"):
        logging.getLogger(name).setLevel(logging.WARNING)
    secrets = {
        value: f"<{key}>"
        for key, value in (
            ("TELEGRAM_BOT_TOKEN", settings.telegram_bot_token),
            ("WEBHOOK_SECRET", settings.webhook_secret),
        )
        if value
    }
    if secrets:
        for handler in root.handlers:
            if not isinstance(handler.formatter, _RedactingFormatter):
                handler.setFormatter(_RedactingFormatter(handler.formatter, secrets))


class _Problem(Exception):
    """A start-up problem: one line for the user, and the exit code."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.code = code


def run(settings: Settings, advisor: Advisor, *, webhook: Webhook | None = None) -> ExitCode:
    """Poll Telegram (or serve `webhook`) until SIGINT or SIGTERM; return the exit code: OK on a
    clean stop, USAGE for a bad setting, UNAVAILABLE for a service (Bot API, Redis) out of reach."""
    configure_logging(settings)
    try:
        with asyncio.Runner(loop_factory=_loop_factory()) as runner:
            runner.run(_serve(settings, advisor, webhook))
    except _Problem as problem:
        print(f"careerbot: {problem}", file=sys.stderr)
        return problem.code
    logger.info("careerbot stopped")
    return ExitCode.OK


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where it is installed (it moves messages faster), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


async def _serve(settings: Settings, advisor: Advisor, webhook: Webhook | None) -> None:
    token = settings.require_token()
    async with contextlib.AsyncExitStack() as stack:
        sock = _listen(webhook) if webhook is not None else None  # first: a busy port is one line
        if sock is not None:
            stack.callback(sock.close)
        try:
            store = await open_store(settings.state_db, settings.redis_url, pepper=token.encode())
        except StoreUnavailable as exc:
            code = ExitCode.UNAVAILABLE if settings.redis_url else ExitCode.USAGE
            raise _Problem(str(exc), code) from None
        stack.push_async_callback(store.close)
        application = build_application(settings, advisor, store)
        try:  # getMe first, so a bad token or server is one line, not a logged traceback
            await application.initialize()
        except (InvalidToken, NetworkError) as exc:
            code = ExitCode.USAGE if isinstance(exc, InvalidToken) else ExitCode.UNAVAILABLE
            raise _Problem(_startup_problem(exc, settings), code) from None
        stack.push_async_callback(application.shutdown)
        await _run_application(application, settings, store, webhook, sock)


def _listen(webhook: Webhook) -> socket.socket:
    try:
        return bind(webhook.listen, webhook.port)
    except OSError as exc:
        where = f"{webhook.listen}:{webhook.port}"
        problem = f"cannot listen on {where}: {exc.strerror or exc}"
        raise _Problem(problem, ExitCode.UNAVAILABLE) from None


async def _run_application(
    application: BotApplication,
    settings: Settings,
    store: Store,
    webhook: Webhook | None,
    sock: socket.socket | None,
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await application.start()
    purging = asyncio.create_task(_purge_regularly(store))
    try:
        await register_commands(application)
        if webhook is None or sock is None:
            await _poll(application, settings, store, stop)
        else:
            await _serve_webhook(application, webhook, sock, store, stop)
    finally:
        purging.cancel()
        await application.stop()


async def _poll(
    application: BotApplication,
    settings: Settings,
    store: Store,
    stop: asyncio.Event,
) -> None:
    poller = Poller(application.bot, store, application.update_queue, ALLOWED_UPDATES)
    logger.info(
        "careerbot is polling %s, context in %s (Ctrl-C to stop)",
        settings.telegram_api_url,
        store.status,
    )
    await poller.run(stop)


async def _serve_webhook(
    application: BotApplication,
    webhook: Webhook,
    sock: socket.socket,
    store: Store,
    stop: asyncio.Event,
) -> None:
    health = Health(store_status=lambda: store.status)

    async def handle(update: Update) -> None:
        await application.update_processor.process_update(
            update, application.process_update(update)
        )

    app = build_webhook_app(application.bot, handle, webhook.path, webhook.secret, health)
    server = WebhookServer(app, sock)
    serving = asyncio.create_task(server.serve_forever())
    try:
        await server.wait_started(serving)
        try:
            await application.bot.set_webhook(
                webhook.url,
                secret_token=webhook.secret,
                allowed_updates=ALLOWED_UPDATES,
                max_connections=webhook.max_connections,
            )
        except TelegramError as exc:
            unreachable = isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)
            code = ExitCode.UNAVAILABLE if unreachable else ExitCode.USAGE
            raise _Problem(f"setWebhook to WEBHOOK_URL {webhook.url} failed: {exc}", code) from None
        health.ready = True
        for update in await kept_updates(application.bot, store):  # polled before a switch
            application.create_task(handle(update))
        logger.info(
            "careerbot is listening on %s:%d%s for %s, context in %s (Ctrl-C to stop)",
            webhook.listen,
            webhook.port,
            webhook.path,
            webhook.url,
            store.status,
        )
        await stop.wait()
    finally:
        health.ready, health.stopping = False, True  # refuse new updates: Telegram retries
        server.should_exit = True
        await serving


async def _purge_regularly(store: Store) -> None:
    """Delete what is past its retention now and every PURGE_SECONDS."""
    while True:
        await store.purge()
        await asyncio.sleep(PURGE_SECONDS)


def _startup_problem(exc: TelegramError, settings: Settings) -> str:
    if isinstance(exc, InvalidToken):
        return f"the Bot API rejected TELEGRAM_BOT_TOKEN. {HOW_TO_GET_A_TOKEN}"
    problem = exc.message.replace(settings.require_token(), "<TELEGRAM_BOT_TOKEN>")
    return f"cannot reach the Bot API at {settings.telegram_api_url}: {problem}"
