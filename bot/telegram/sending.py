"""Sending to the Bot API: Telegram's rate limits, and retries when a send fails.

:class:`PatientRateLimiter` is python-telegram-bot's :class:`~telegram.ext.AIORateLimiter`
(which throttles to Telegram's limits and waits out a 429's ``retry_after``) plus retries, with a
short back-off, of server errors (5xx) and dropped connections. A send still failing after every
retry is given up: logged, counted (/stats), and the error goes on to the error handler.
A request Telegram refused as invalid (400, 403) or one that timed out (it may have arrived) is
not retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter

logger = logging.getLogger(__name__)

BACKOFF_SECONDS = 0.1  # doubled after each failed try
_NOT_RETRIED_HERE = frozenset({"getUpdates"})  # the updater has its own retry loop
_Result = bool | dict[str, Any] | list[dict[str, Any]]


class _OwnGiveUps(logging.Filter):
    """Drops AIORateLimiter's traceback for a 429 given up: ours says it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Rate limit hit after maximum")


_OWN_GIVE_UPS = _OwnGiveUps()


class PatientRateLimiter(AIORateLimiter):
    """Throttle to `rate` messages a second (0: no throttling, e.g. a self-hosted Bot API server)
    and Telegram's 20 a minute per group; retry 429s, 5xx and dropped connections `retries`
    times; call `on_give_up()` for a send given up."""

    def __init__(
        self,
        rate: int,
        retries: int,
        on_give_up: Callable[[], None],
        backoff: float = BACKOFF_SECONDS,
    ) -> None:
        if rate > 0:
            super().__init__(overall_max_rate=rate, overall_time_period=1, max_retries=retries)
        else:
            super().__init__(overall_max_rate=0, group_max_rate=0, max_retries=retries)
        self.retries = retries
        self.on_give_up = on_give_up
        self.backoff = backoff
        logging.getLogger("telegram.ext.AIORateLimiter").addFilter(_OWN_GIVE_UPS)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, _Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _Result:
        if endpoint in _NOT_RETRIED_HERE:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        for attempt in range(self.retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except RetryAfter as exc:  # the base class already waited and retried
                self._give_up(endpoint, exc, self.retries + 1)
                raise
            except (BadRequest, TimedOut):
                raise
            except NetworkError as exc:  # 5xx, a dropped or refused connection
                if attempt == self.retries:
                    self._give_up(endpoint, exc, attempt + 1)
                    raise
                delay = self.backoff * 2**attempt
                logger.info("%s failed (%s); retrying in %.1f s", endpoint, exc.message, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _give_up(self, endpoint: str, exc: Exception, tries: int) -> None:
        logger.error("Gave up %s after %d tries: %s", endpoint, tries, exc)
        self.on_give_up()
