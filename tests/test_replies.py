"""Rendering replies: escaping, limits, plain text."""

from __future__ import annotations

import pytest

from bot.replies import MAX_MESSAGE, Button, Reply, bold, line, link, render_html, render_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("<b>hi</b>", "&lt;b&gt;hi&lt;/b&gt;", id="tags"),
        pytest.param(
            "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", id="script"
        ),
        pytest.param("AT&T", "AT&amp;T", id="ampersand"),
        pytest.param("plain words", "plain words", id="plain"),
    ],
)
def test_html_escapes_all_text(text: str, expected: str) -> None:
    assert render_html(Reply((line(text),))) == expected
    assert render_html(Reply((line(bold(text)),))) == f"<b>{expected}</b>"


def test_links_escape_their_url() -> None:
    reply = Reply((line(link("Search", 'https://x.org/?a=1&b="2"')),))
    assert render_html(reply) == '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">Search</a>'
    assert render_text(reply) == 'Search [1]\n[1] https://x.org/?a=1&b="2"'


def test_long_replies_are_cut_at_a_line_within_telegram_limit() -> None:
    reply = Reply(tuple(line(f"line {i} " + "x" * 90) for i in range(100)))
    html = render_html(reply)
    assert len(html) <= MAX_MESSAGE
    assert html.endswith("…")
    assert html.splitlines()[0].startswith("line 0 ")


def test_text_lists_buttons_as_numbered_options() -> None:
    reply = Reply(
        (line("Pick"),),
        ((Button("Salary", data="t|11-3051|salary"), Button("Site", url="https://x.org")),),
    )
    assert render_text(reply, with_buttons=True) == "Pick\n\n[1] Salary"
    assert render_text(reply) == "Pick"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"data": "x" * 65}, "64 bytes", id="callback-too-long"),
        pytest.param({}, "either", id="neither"),
        pytest.param({"data": "a", "url": "https://x.org"}, "either", id="both"),
    ],
)
def test_bad_buttons_are_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Button("label", **kwargs)
