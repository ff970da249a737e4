"""End to end: the real `careerbot run` process against a fake Bot API server on 127.0.0.1.

Most tests share one bot process (fixture `bot`), each in a chat of its own; tests that stop
the bot or break its server start their own (fixture `launch_bot`).
"""

from __future__ import annotations

import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from bot_process import BotProcess
from fake_bot_api import TEST_TOKEN, Call, FakeBotApi, Upload, api_error, parse_html

from bot.dialogue import COMMANDS, EXAMPLES
from bot.knowledge import Knowledge
from bot.replies import MAX_MESSAGE

pytestmark = pytest.mark.asyncio(loop_scope="module")

SALARY_QUESTION = "what does a production manager earn"
SORRY = "Sorry, something went wrong"

Launch = Callable[..., Awaitable[tuple[FakeBotApi, BotProcess]]]  # the launch_bot fixture


async def say(fake: FakeBotApi, chat_id: int, text: str | None = None, **fields: Any) -> Call:
    """Send a message in `chat_id`; the bot's (successful) answer."""
    since = fake.mark()
    fake.message(chat_id, text, **fields)
    [call] = await fake.wait_for("sendMessage", since=since, chat_id=chat_id)
    assert call.ok, call.response
    return call


async def press(fake: FakeBotApi, chat_id: int, data: str, method: str = "sendMessage") -> Call:
    """Press a button with `data` under the bot's last message in `chat_id`; its answer."""
    since = fake.mark()
    query = fake.press(chat_id, data)
    [answered] = await fake.wait_for(
        "answerCallbackQuery", since=since, callback_query_id=query["id"]
    )
    assert answered.ok, answered.response
    [call] = await fake.wait_for(method, since=since, chat_id=chat_id)
    assert call.ok, call.response
    return call


def text_of(call: Call) -> str:
    """The message text as the user sees it (Telegram's parse of the HTML the bot sent)."""
    text: str = call.result["text"]
    return text


def callback_data(call: Call) -> list[str]:
    markup = call.params.get("reply_markup") or {"inline_keyboard": []}
    return [
        b["callback_data"] for row in markup["inline_keyboard"] for b in row if "callback_data" in b
    ]


# --- start-up ---------------------------------------------------------------------------


async def test_registers_its_commands(fake_api: FakeBotApi, bot: BotProcess) -> None:
    [call] = await fake_api.wait_for("setMyCommands")
    assert call.ok
    assert call.params["commands"] == [{"command": c, "description": d} for c, d in COMMANDS]


async def test_polls_the_configured_server_with_its_token(
    fake_api: FakeBotApi, bot: BotProcess
) -> None:
    assert fake_api.calls_of("getMe")
    assert all(call.status != 401 for call in fake_api.calls)


# --- /start and commands ----------------------------------------------------------------


async def test_start_greets_with_examples(fake_api: FakeBotApi, bot: BotProcess) -> None:
    call = await say(fake_api, 101, "/start")
    assert "careerbot" in text_of(call)
    assert EXAMPLES[0] in text_of(call)


async def test_start_deep_link_opens_the_career(fake_api: FakeBotApi, bot: BotProcess) -> None:
    call = await say(fake_api, 102, "/start industrial-production-managers")
    assert "Industrial Production Managers" in text_of(call)
    assert "t|11-3051|salary" in callback_data(call)


@pytest.mark.parametrize(
    ("chat_id", "command"),
    [(110, "/help"), (111, "/about"), (112, "/careers"), (113, "/nonsense")],
    ids=["help", "about", "careers", "unknown-command"],
)
async def test_commands_answer(
    fake_api: FakeBotApi, bot: BotProcess, chat_id: int, command: str
) -> None:
    call = await say(fake_api, chat_id, command)
    assert text_of(call).strip()


async def test_a_place_set_with_the_command_is_kept_for_pay_answers(
    fake_api: FakeBotApi, bot: BotProcess
) -> None:
    set_place = await say(fake_api, 120, "/place Ohio")
    assert "Ohio" in text_of(set_place)
    answer = await say(fake_api, 120, "what do registered nurses earn")
    assert "Salary in Ohio" in text_of(answer)
    assert "BLS OEWS, May 2025, Ohio" in text_of(answer)
    assert "pl" in callback_data(answer)  # "Change place"
    asked = await press(fake_api, 120, "pl")
    assert "Where do you live" in text_of(asked)
    texas = await say(fake_api, 120, "Texas")
    assert "Texas" in text_of(texas)
    cleared = await say(fake_api, 120, "/place")
    assert "national figures" in text_of(cleared)
    national = await say(fake_api, 120, "what do registered nurses earn")
    assert "nationwide" in text_of(national) and "Ohio" not in text_of(national)


# --- questions and follow-ups -----------------------------------------------------------


async def test_question_gets_todays_figures_and_2006s_one_tap_away(
    fake_api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await say(fake_api, 201, SALARY_QUESTION)
    text = text_of(answer)
    for expected in ("$126,060", "BLS OEWS", "May 2025"):
        assert expected in text
    assert "$80,560" not in text  # 2006 is not mixed into today's answer
    old = await press(fake_api, 201, "v|11-3051|salary|h", method="editMessageText")
    assert old.params["message_id"] == answer.result["message_id"]
    assert "Back in 2006" in text_of(old) and "$80,560" in text_of(old)


async def test_more_and_less_edit_the_card_in_place(fake_api: FakeBotApi, bot: BotProcess) -> None:
    answer = await say(fake_api, 208, "how much do registered nurses make")
    assert "v|29-1141|salary|m" in callback_data(answer)
    more = await press(fake_api, 208, "v|29-1141|salary|m", method="editMessageText")
    assert more.params["message_id"] == answer.result["message_id"]
    assert "25th percentile" in text_of(more) and "25th percentile" not in text_of(answer)
    less = await press(fake_api, 208, "v|29-1141|salary|c", method="editMessageText")
    assert text_of(less) == text_of(answer)


# One question per SOC major group, asked as people ask: the answer names the right career,
# carries that career's figure from its knowledge file, and cites its source and year.
ACROSS_GROUPS = [
    ("how much does a chief executive make", "11-1011", "salary"),
    ("what do accountants earn", "13-2011", "salary"),
    ("software developer salary", "15-1252", "salary"),
    ("how do i become a civil engineer", "17-2051", "education"),
    ("how many chemists are there", "19-2031", "employment"),
    ("mental health counselor job outlook", "21-1018", "outlook"),
    ("how do i become a lawyer", "23-1011", "education"),
    ("what do elementary school teachers make", "25-2021", "salary"),
    ("graphic designer job outlook", "27-1024", "outlook"),
    ("how much do registered nurses make", "29-1141", "salary"),
    ("how many nursing assistants are there", "31-1131", "employment"),
    ("how do i become a police officer", "33-3051", "education"),
    ("line cook pay", "35-2014", "salary"),
    ("janitor salary", "37-2011", "salary"),
    ("hairdresser education", "39-5012", "education"),
    ("real estate agent salary", "41-9022", "salary"),
    ("how much do receptionists make", "43-4171", "salary"),
    ("farmworker salary", "45-2092", "salary"),
    ("how do I become an electrician", "47-2111", "education"),
    ("auto mechanic salary", "49-3023", "salary"),
    ("is welding a growing field", "51-4121", "outlook"),
    ("truck driver salary", "53-3032", "salary"),
    ("colleges for nursing", "29-1141", "colleges"),
]


def _expected_figure(knowledge: Knowledge, soc: str, intent: str) -> str:
    """The figure (or phrase) the answer must carry, read from the career's knowledge file."""
    career = knowledge.career(soc)
    assert career is not None, soc
    if intent == "salary":
        wages = career.salary[0].annual
        return (
            f"${wages.median:,.0f}" if wages.median else f"${career.salary[0].hourly.median:,.2f}"
        )
    if intent == "employment":
        return f"{career.employment[0].employed:,}"
    if intent == "outlook":
        return f"{career.outlook[0].openings:,}"
    if intent == "education":
        entry_education = career.education[0].entry_education
        assert entry_education is not None, soc
        return knowledge.levels.entry_education[entry_education].plain
    return "Programmes to start with"


@pytest.mark.parametrize(
    ("question", "soc", "intent"), ACROSS_GROUPS, ids=[q[1] for q in ACROSS_GROUPS]
)
async def test_questions_across_all_major_groups(
    fake_api: FakeBotApi, bot: BotProcess, knowledge: Any, question: str, soc: str, intent: str
) -> None:
    chat_id = 5000 + ACROSS_GROUPS.index((question, soc, intent))
    text = text_of(await say(fake_api, chat_id, question))
    career = knowledge.career(soc)
    # The card's heading comes first, or second under a line saying how a loose name was read.
    assert any(line.startswith(f"{career.title} — ") for line in text.split("\n")[:2]), text
    assert _expected_figure(knowledge, soc, intent) in text
    assert ("Source: " in text or "Sources: " in text) and (
        "2025" in text or "2024" in text or "2020" in text
    )


async def test_follow_up_keeps_the_career(fake_api: FakeBotApi, bot: BotProcess) -> None:
    await say(fake_api, 202, SALARY_QUESTION)
    text = text_of(await say(fake_api, 202, "and what education do I need?"))
    assert "Industrial Production Managers" in text
    assert "bachelor's degree" in text


async def test_chats_never_mix(fake_api: FakeBotApi, bot: BotProcess) -> None:
    await say(fake_api, 203, SALARY_QUESTION)
    text = text_of(await say(fake_api, 204, "and what education do I need?"))
    assert "Industrial Production Managers" not in text


# --- buttons ----------------------------------------------------------------------------


async def test_topic_button_answers_that_topic(fake_api: FakeBotApi, bot: BotProcess) -> None:
    answer = await say(fake_api, 301, SALARY_QUESTION)
    [education] = [d for d in callback_data(answer) if d.startswith("t|11-3051|education")]
    text = text_of(await press(fake_api, 301, education))
    assert "Industrial Production Managers" in text
    assert "bachelor's degree" in text


@pytest.mark.parametrize(
    ("chat_id", "data"),
    [
        pytest.param(310, "t|99-9999|salary", id="unknown-career"),
        pytest.param(311, "t|11-3051|horoscope", id="unknown-topic"),
        pytest.param(312, "b|99|0", id="unknown-field"),
        pytest.param(313, "b|11|999", id="page-out-of-range"),
        pytest.param(314, "garbage", id="garbage"),
        pytest.param(315, "|" * 64, id="separators-only"),
    ],
)
async def test_stale_or_forged_button_gets_a_polite_reply(
    fake_api: FakeBotApi, bot: BotProcess, chat_id: int, data: str
) -> None:
    await say(fake_api, chat_id, "/start")
    text = text_of(await press(fake_api, chat_id, data))
    assert SORRY not in text
    assert "/careers" in text


async def test_browsing_pages_edit_the_message(fake_api: FakeBotApi, bot: BotProcess) -> None:
    listing = await say(fake_api, 320, "/careers")
    first_field = callback_data(listing)[0]  # e.g. "b|11|0"
    page = await press(fake_api, 320, first_field, method="editMessageText")
    assert page.params["message_id"] == listing.result["message_id"]
    careers = [d for d in callback_data(page) if d.startswith("t|")]
    assert careers
    card = await press(fake_api, 320, careers[0], method="editMessageText")
    assert card.params["message_id"] == listing.result["message_id"]
    assert first_field in callback_data(card)  # "Back to Management"
    again = await press(fake_api, 320, first_field, method="editMessageText")
    assert callback_data(again) == callback_data(page)
    back = await press(fake_api, 320, "g", method="editMessageText")  # "Fields"
    assert callback_data(back) == callback_data(listing)
    # The same page again: Telegram answers "message is not modified"; the bot shrugs.
    since = fake_api.mark()
    fake_api.press(320, "g")
    [refused] = await fake_api.wait_for("editMessageText", since=since, chat_id=320)
    assert "not modified" in refused.response["description"]
    await say(fake_api, 320, SALARY_QUESTION)  # processed after the press: the bot is fine
    assert not [
        c
        for c in fake_api.calls_of("sendMessage", since=since, chat_id=320)
        if SORRY in c.params["text"]
    ]


# --- inline mode ------------------------------------------------------------------------


async def test_inline_query_returns_answer_cards(fake_api: FakeBotApi, bot: BotProcess) -> None:
    since = fake_api.mark()
    query = fake_api.inline_query(401, "production manager salary")
    [call] = await fake_api.wait_for("answerInlineQuery", since=since, inline_query_id=query["id"])
    assert call.ok, call.response
    results = call.params["results"]
    assert results
    assert all(r["type"] == "article" and len(r["id"].encode()) <= 64 for r in results)
    texts = [r["input_message_content"]["message_text"] for r in results]
    assert any("$126,060" in t for t in texts)
    assert results[0]["title"].startswith("Industrial Production Managers")
    for result in results:  # only URL buttons in cards
        for row in (result.get("reply_markup") or {}).get("inline_keyboard", []):
            assert all("url" in button for button in row)


async def test_empty_inline_query_offers_a_private_chat(
    fake_api: FakeBotApi, bot: BotProcess
) -> None:
    since = fake_api.mark()
    query = fake_api.inline_query(402, "")
    [call] = await fake_api.wait_for("answerInlineQuery", since=since, inline_query_id=query["id"])
    assert call.ok, call.response
    assert call.params["results"] == []
    assert call.params["button"]["start_parameter"]


# --- what people actually send ----------------------------------------------------------


async def test_sticker_gets_a_short_hint(fake_api: FakeBotApi, bot: BotProcess) -> None:
    since = fake_api.mark()
    fake_api.sticker(501)
    [call] = await fake_api.wait_for("sendMessage", since=since, chat_id=501)
    assert call.ok
    assert "text" in text_of(call)
    assert len(text_of(call)) < 300


@pytest.mark.parametrize(
    ("chat_id", "text"),
    [
        pytest.param(510, "<b>hi</b><script>alert(1)</script>", id="html"),
        pytest.param(
            511, "what does a <b>production manager</b> earn & why?", id="html-in-question"
        ),
        pytest.param(512, "&lt;script&gt; &amp; AT&T", id="entities"),
        pytest.param(513, ("production manager salary " * 200)[:MAX_MESSAGE], id="4096-chars"),
        pytest.param(514, "🏭👷‍♀️💰", id="emoji-only"),
        pytest.param(515, "   \n\t ", id="whitespace"),
        pytest.param(516, "¿Cuánto gana un gerente de producción?", id="spanish"),
        pytest.param(517, "厂长的工资是多少", id="chinese"),
    ],
)
async def test_odd_input_gets_a_safe_reply(
    fake_api: FakeBotApi, bot: BotProcess, chat_id: int, text: str
) -> None:
    call = await say(fake_api, chat_id, text)
    sent: str = call.params["text"]
    assert "<script" not in sent.lower()
    parse_html(sent)  # valid Telegram HTML (the fake already refused otherwise)
    assert len(text_of(call)) <= MAX_MESSAGE
    assert SORRY not in sent


async def test_edited_messages_are_ignored(fake_api: FakeBotApi, bot: BotProcess) -> None:
    original = fake_api.message(520, "hello")
    [_] = await fake_api.wait_for("sendMessage", chat_id=520)
    since = fake_api.mark()
    fake_api.message(520, SALARY_QUESTION, edited=True, message_id=original["message_id"])
    await say(fake_api, 520, "/help")  # updates are handled in order
    assert len(fake_api.calls_of("sendMessage", since=since, chat_id=520)) == 1


# --- errors, stopping, and secrets (a bot process each) ----------------------------------


async def test_an_error_is_reported_politely_and_the_bot_keeps_running(launch_bot: Launch) -> None:
    fake, bot = await launch_bot()
    failures = iter([api_error(400, "Bad Request: something unexpected")])  # never retried

    async def fail_once(request: Any, method: str, params: dict[str, Any]) -> Any:
        return next(failures, None) if method == "sendMessage" else None

    fake.fault = fail_once
    since = fake.mark()
    fake.message(601, SALARY_QUESTION)
    failed, sorry = await fake.wait_for("sendMessage", 2, since=since, chat_id=601)
    assert failed.status == 400
    assert SORRY in text_of(sorry)
    assert "$126,060" in text_of(await say(fake, 601, SALARY_QUESTION))
    assert "Error while handling an update" in bot.stderr()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
async def test_stops_cleanly_and_never_logs_the_token(
    launch_bot: Launch, sig: signal.Signals
) -> None:
    fake, bot = await launch_bot(LOG_LEVEL="DEBUG")
    await say(fake, 701, SALARY_QUESTION)
    assert await bot.stop(sig, timeout=5.0) == 0
    output = bot.stdout() + bot.stderr()
    assert "Traceback" not in output
    assert "getUpdates" in output  # DEBUG logging was on, request by request
    assert TEST_TOKEN not in output
    assert TEST_TOKEN.split(":", 1)[1] not in output


async def run_to_exit(tmp_path: Path, env: dict[str, str]) -> tuple[int, str]:
    """`careerbot run` until it exits on its own: its exit code and stderr."""
    bot = BotProcess(tmp_path, env)
    try:
        code = await bot.wait(timeout=20.0)
    finally:
        bot.kill()
    return code, bot.stderr()


async def test_without_a_token_says_how_to_get_one(tmp_path: Path) -> None:
    code, stderr = await run_to_exit(tmp_path, {})
    assert code == 2
    assert stderr.count("\n") == 1 and stderr.startswith("careerbot: ")
    assert "@BotFather" in stderr


async def test_a_rejected_token_stops_with_one_line(tmp_path: Path) -> None:
    wrong = "654321:WRONG-token-not-real"
    async with FakeBotApi() as fake:
        code, stderr = await run_to_exit(
            tmp_path, {"TELEGRAM_BOT_TOKEN": wrong, "TELEGRAM_API_URL": fake.url}
        )
    assert code == 2
    assert "rejected TELEGRAM_BOT_TOKEN" in stderr
    assert "Traceback" not in stderr
    assert wrong not in stderr


# --- the finder ---------------------------------------------------------------------------


async def test_a_finder_question_lists_careers_and_more_turns_the_page(
    fake_api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await say(fake_api, 330, "what jobs pay over 80k without a degree")
    assert "highest paid first" in text_of(answer)
    [more] = [d for d in callback_data(answer) if d.startswith("f|r|")]
    page = await press(fake_api, 330, more, method="editMessageText")
    assert "page 2" in text_of(page)


async def test_slash_find_walks_the_guided_finder(fake_api: FakeBotApi, bot: BotProcess) -> None:
    first = await say(fake_api, 331, "/find")
    assert "which field" in text_of(first)
    step = await press(fake_api, 331, callback_data(first)[0], method="editMessageText")
    assert "school" in text_of(step)


# --- charts ---------------------------------------------------------------------------------

CHART_SECONDS = 60.0  # the first chart loads matplotlib (on a fresh machine: its font cache too)


async def press_chart(fake: FakeBotApi, chat_id: int, data: str) -> Call:
    """Press a Chart button; the photo sent (successfully)."""
    since = fake.mark()
    fake.press(chat_id, data)
    [call] = await fake.wait_for("sendPhoto", since=since, chat_id=chat_id, timeout=CHART_SECONDS)
    assert call.ok, call.response
    return call


async def test_the_chart_button_sends_the_pay_range_then_reuses_its_file_id(
    fake_api: FakeBotApi, bot: BotProcess
) -> None:
    answer = await say(fake_api, 340, SALARY_QUESTION)
    assert "ch|p|11-3051|-" in callback_data(answer)
    first = await press_chart(fake_api, 340, "ch|p|11-3051|-")
    photo = first.params["photo"]
    assert isinstance(photo, Upload) and photo.data.startswith(b"\x89PNG\r\n\x1a\n")
    [size] = first.result["photo"]
    assert size["width"] == 1280
    caption = first.result["caption"]
    assert "$126,060" in caption and "median of all occupations" in caption
    assert "BLS OEWS, May 2025" in caption
    again = await press_chart(fake_api, 340, "ch|p|11-3051|-")
    assert again.params["photo"] == size["file_id"]  # sent by its id: no second upload
    assert "$126,060" in text_of(await say(fake_api, 340, SALARY_QUESTION))


@pytest.mark.parametrize(
    ("chat_id", "question", "said"),
    [
        pytest.param(341, "electrician vs registered nurse", "Registered Nurses", id="comparison"),
        pytest.param(342, "where do welders earn the most", "one square per state", id="places"),
    ],
)
async def test_comparison_and_places_answers_send_their_charts(
    fake_api: FakeBotApi, bot: BotProcess, chat_id: int, question: str, said: str
) -> None:
    answer = await say(fake_api, chat_id, question)
    [data] = [d for d in callback_data(answer) if d.startswith("ch|")]
    call = await press_chart(fake_api, chat_id, data)
    assert isinstance(call.params["photo"], Upload)
    assert said in call.result["caption"] and "BLS OEWS, May 2025" in call.result["caption"]
