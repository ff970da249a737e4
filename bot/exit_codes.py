"""The exit codes of the `careerbot` command, shared by every command and the Telegram service."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    UNAVAILABLE = 1  # a service out of reach (the Bot API, Redis, a busy port)
    BELOW_TARGET = 1  # `careerbot eval` measured less than a --min-* asked for
    USAGE = 2  # bad settings, knowledge or source data: the user can act on the message
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader of our output left (`careerbot ask ... | head`)
