"""Retries of failed sends: 5xx and dropped connections retried, 400s and timeouts not, and
every send given up counted."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from bot.telegram.sending import PatientRateLimiter

Json = dict[str, Any]


def too_many_requests() -> RetryAfter:
    """A 429 with retry_after 0 (PTB warns about the attribute's future type on creation)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return RetryAfter(dt.timedelta(seconds=0))


class Endpoint:
    """A Bot API call that fails with the given errors, then succeeds."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> Json:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return {"ok": True}


def limiter(retries: int, gave_up: list[int]) -> PatientRateLimiter:
    return PatientRateLimiter(0, retries, lambda: gave_up.append(1), backoff=0.001)


async def send(limiter: PatientRateLimiter, endpoint: Endpoint, method: str = "sendMessage") -> Any:
    return await limiter.process_request(endpoint, (), {}, method, {"chat_id": 1}, None)


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(NetworkError("Internal Server Error (500)"), id="500"),
        pytest.param(NetworkError("httpx.RemoteProtocolError: Server disconnected"), id="reset"),
        pytest.param(too_many_requests(), id="429"),
    ],
)
async def test_failures_are_retried(error: Exception) -> None:
    gave_up: list[int] = []
    endpoint = Endpoint(error, error)
    assert await send(limiter(3, gave_up), endpoint) == {"ok": True}
    assert endpoint.calls == 3
    assert gave_up == []


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(BadRequest("Bad Request: chat not found"), id="400"),
        pytest.param(TimedOut("Timed out"), id="timeout-may-have-arrived"),
    ],
)
async def test_refusals_and_timeouts_are_not_retried(error: Exception) -> None:
    gave_up: list[int] = []
    endpoint = Endpoint(error)
    with pytest.raises(type(error)):
        await send(limiter(3, gave_up), endpoint)
    assert endpoint.calls == 1
    assert gave_up == []


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(NetworkError("Bad Gateway"), id="5xx"),
        pytest.param(too_many_requests(), id="429"),
    ],
)
async def test_a_send_given_up_is_logged_and_counted(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    gave_up: list[int] = []
    endpoint = Endpoint(*[error] * 5)
    with pytest.raises(type(error)):
        await send(limiter(2, gave_up), endpoint)
    assert endpoint.calls == 3
    assert gave_up == [1]
    assert "Gave up sendMessage after 3 tries" in caplog.text


async def test_get_updates_is_left_to_the_updater() -> None:
    gave_up: list[int] = []
    endpoint = Endpoint(NetworkError("down"))
    with pytest.raises(NetworkError):
        await send(limiter(3, gave_up), endpoint, "getUpdates")
    assert endpoint.calls == 1
    assert gave_up == []
