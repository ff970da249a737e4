"""The reply model, and rendering it as Telegram HTML or plain terminal text.

A reply is lines of styled spans plus rows of buttons. Everything is escaped at render time,
so no caller can forget it: text from users and from knowledge files alike.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from bot.knowledge import Career

if TYPE_CHECKING:
    from bot.charts.model import Chart
    from bot.finder import Search

MAX_MESSAGE = 4096  # Telegram's limit on a message's text
MAX_CALLBACK_BYTES = 64  # Telegram's limit on a button's callback data
MAX_CAPTION = 1024  # Telegram's limit on a photo's caption

Style = Literal["plain", "bold", "italic", "link"]
Kind = Literal["answer", "choose", "fallback", "info"]


@dataclass(frozen=True)
class Span:
    text: str
    style: Style = "plain"
    url: str | None = None


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Button:
    label: str
    data: str | None = None  # callback data, at most 64 bytes
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.data is None) == (self.url is None):
            raise ValueError("a button has either callback data or a URL")
        if self.data is not None and len(self.data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {self.data!r}")


@dataclass(frozen=True)
class Location:
    """Where a reply's figures come from: an OEWS area (a state or a metro area)."""

    code: str  # the 7-digit OEWS area code: "4800000"
    name: str  # BLS's name for it: "Texas"
    type: Literal["state", "metro"]


@dataclass(frozen=True)
class Reply:
    lines: tuple[Line, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    kind: Kind = "info"
    career: Career | None = None  # the career this reply answers about
    intent: str | None = None
    candidates: tuple[str, ...] = field(default=())  # SOC codes offered when asking back
    summary: str = ""  # one plain line, e.g. an inline result's description
    location: Location | None = None  # the place of the figures shown; None: nationwide
    place_options: tuple[str, ...] = ()  # area codes offered when asking which place
    careers: tuple[Career, ...] = ()  # every career the reply is about, in the order shown
    # A table a terminal shows in aligned columns in place of `lines` (a comparison); the
    # first row is the header. Telegram shows `lines`, written for a phone.
    table: tuple[tuple[str, ...], ...] = ()
    notes: tuple[str, ...] = ()  # ... and the sentences under the table
    intro: tuple[str, ...] = ()  # ... and those above it
    search: Search | None = None  # the finder's search this reply answers
    # A chart to show, drawn by the transport; `lines` are then its caption.
    chart: Chart | None = None


def plain(text: str) -> Span:
    return Span(text)


def bold(text: str) -> Span:
    return Span(text, "bold")


def italic(text: str) -> Span:
    return Span(text, "italic")


def link(text: str, url: str) -> Span:
    return Span(text, "link", url)


def line(*spans: Span | str) -> Line:
    """A line from spans; bare strings are plain text."""
    return tuple(Span(s) if isinstance(s, str) else s for s in spans)


def _span_html(span: Span) -> str:
    text = html.escape(span.text, quote=False)
    if span.style == "bold":
        return f"<b>{text}</b>"
    if span.style == "italic":
        return f"<i>{text}</i>"
    if span.style == "link" and span.url:
        return f'<a href="{html.escape(span.url, quote=True)}">{text}</a>'
    return text


def _fit(rendered: list[str], limit: int) -> str:
    """Join lines, dropping whole lines from the end so the result fits in `limit`."""
    out = "\n".join(rendered)
    if len(out) <= limit:
        return out
    kept: list[str] = []
    size = 0
    for piece in rendered:
        if size + len(piece) + 1 > limit - 2:
            break
        kept.append(piece)
        size += len(piece) + 1
    return "\n".join([*kept, "…"])


def render_html(reply: Reply, limit: int = MAX_MESSAGE) -> str:
    """The reply as Telegram HTML (parse_mode=HTML), within Telegram's 4096 characters (or
    `limit`, e.g. a caption's 1024)."""
    return _fit(["".join(_span_html(s) for s in ln) for ln in reply.lines], limit)


def line_text(spans: Line) -> str:
    """One line's text without markup or link addresses."""
    return "".join(span.text for span in spans)


def visible_text(reply: Reply) -> str:
    """What a Telegram user reads of the reply: its text without markup or link addresses."""
    return "\n".join(line_text(ln) for ln in reply.lines)


def render_text(reply: Reply, *, with_buttons: bool = False) -> str:
    """The reply as plain text for a terminal: links numbered, their addresses listed at the
    end; optionally the buttons listed as numbered options."""
    urls: list[str] = []

    def span_text(span: Span) -> str:
        if span.style != "link" or not span.url or span.url == span.text:
            return span.text
        if span.url not in urls:
            urls.append(span.url)
        return f"{span.text} [{urls.index(span.url) + 1}]"

    if reply.table:
        text = "\n".join([*reply.intro, _columns(reply.table), *reply.notes])
    else:
        text = "\n".join("".join(span_text(s) for s in ln) for ln in reply.lines)
    if urls:
        text += "\n" + "\n".join(f"[{i}] {url}" for i, url in enumerate(urls, 1))
    if with_buttons:
        options = [b for row in reply.buttons for b in row if b.data is not None]
        if options:
            text += "\n\n" + "  ".join(f"[{i}] {b.label}" for i, b in enumerate(options, 1))
    return text


def _columns(table: tuple[tuple[str, ...], ...]) -> str:
    """Rows as aligned columns, the first row a header underlined."""
    widths = [max(len(row[i]) for row in table if i < len(row)) for i in range(len(table[0]))]
    rows = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip()
            for row in table]  # fmt: skip
    return "\n".join([rows[0], "  ".join("-" * w for w in widths), *rows[1:]])
