"""Charts: each drawn value is the knowledge base's, each PNG valid, 1280 px wide and the same
bytes every time; the Chart buttons and what pressing them answers; matplotlib loaded lazily."""

from __future__ import annotations

import hashlib
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from bot import charts
from bot.charts import MapChart, PayChart, buttons, figures
from bot.charts.model import PERCENTILES
from bot.charts.tiles import GRID
from bot.dialogue import Advisor, ChatState
from bot.knowledge import Knowledge, Wages
from bot.local import LocalFigures
from bot.replies import MAX_CALLBACK_BYTES, MAX_CAPTION, Reply, render_html, visible_text

ROOT = Path(__file__).resolve().parent.parent
MANAGERS, WELDERS, ACTORS = "11-3051", "51-4121", "27-2011"
ELECTRICIANS, NURSES = "47-2111", "29-1141"
TEXAS = "4800000"
TERRITORIES = {"GU", "PR", "VI"}


def _local(advisor: Advisor) -> LocalFigures:
    assert advisor.local is not None
    return advisor.local


def _five(wages: Wages) -> tuple[float | None, ...]:
    return tuple(wages.get(key) for key in PERCENTILES)


def _chart(advisor: Advisor, question: str) -> Reply:
    """Ask, then press the answer's Chart button."""
    turn = advisor.reply(ChatState(), question)
    [data] = [b.data for row in turn.reply.buttons for b in row if b.data and b.data[:3] == "ch|"]
    return advisor.press(turn.state, data).reply


# --- the data drawn is the knowledge base's ----------------------------------------------------


def test_pay_range_draws_the_careers_percentiles_and_all_occupations(
    advisor: Advisor, knowledge: Knowledge
) -> None:
    career = knowledge.career(MANAGERS)
    assert career is not None
    chart = figures.pay_chart(career, knowledge, _local(advisor), None)
    assert chart is not None and chart.unit == "year"
    [nation] = chart.ranges
    fact = career.salary[0]
    assert nation.values == _five(fact.annual)
    assert nation.hourly == _five(fact.hourly)  # hourly beside annual: BLS publishes both
    assert nation.values[2] == 126060
    everyone = knowledge.finder.everyone
    assert everyone is not None and chart.reference == everyone.annual.median == 50980
    assert "median of all occupations" in chart.reference_label
    assert chart.source == "Source: BLS OEWS, May 2025" and "2025" in chart.title


def test_pay_range_in_a_place_is_beside_the_nations(advisor: Advisor, knowledge: Knowledge) -> None:
    career = knowledge.career(MANAGERS)
    assert career is not None
    local = _local(advisor)
    chart = figures.pay_chart(career, knowledge, local, local.areas[TEXAS])
    assert chart is not None
    texas, nation = chart.ranges
    figure = local.get(career.id, TEXAS)
    assert figure is not None
    assert (texas.label, texas.values) == ("Texas", _five(figure.annual))
    assert nation.values == _five(career.salary[0].annual)
    assert "Texas" in chart.title and "Texas" in chart.source


def test_careers_paid_by_the_hour_are_drawn_by_the_hour(
    advisor: Advisor, knowledge: Knowledge
) -> None:
    actors = knowledge.career(ACTORS)
    assert actors is not None
    chart = figures.pay_chart(actors, knowledge, _local(advisor), None)
    assert chart is not None and chart.unit == "hour"
    assert chart.ranges[0].values == _five(actors.salary[0].hourly)
    everyone = knowledge.finder.everyone
    assert everyone is not None and chart.reference == everyone.hourly.median


def test_comparison_draws_each_careers_range_on_one_axis(
    advisor: Advisor, knowledge: Knowledge
) -> None:
    careers = [c for soc in (ELECTRICIANS, NURSES, WELDERS) if (c := knowledge.career(soc))]
    chart = figures.comparison_chart(careers, knowledge, _local(advisor), None)
    assert chart is not None and chart.kind == "compare"
    assert [r.label for r in chart.ranges] == [c.title for c in careers]
    assert [r.values for r in chart.ranges] == [_five(c.salary[0].annual) for c in careers]


def test_places_map_has_a_tile_per_state_with_its_median_pay(
    advisor: Advisor, knowledge: Knowledge
) -> None:
    local = _local(advisor)
    states = {a.states[0] for a in local.areas.values() if a.type == "state"} - TERRITORIES
    assert set(GRID) == states and len(GRID) == 51  # the 50 states and DC
    assert len(set(GRID.values())) == 51  # one square each
    for soc in (WELDERS, ACTORS):
        career = knowledge.career(soc)
        assert career is not None
        chart = figures.places_chart(career, local)
        assert chart is not None
        for tile in chart.tiles:
            [area] = [
                a for a in local.areas.values() if a.type == "state" and a.states == (tile.state,)
            ]
            figure = local.get(career.id, area.code)
            wages = (
                None if figure is None else figure.annual if chart.unit == "year" else figure.hourly
            )
            assert tile.value == (wages.median if wages else None), tile
    actors = figures.places_chart(knowledge.career(ACTORS), local)  # type: ignore[arg-type]
    assert actors is not None and any(t.value is None for t in actors.tiles)  # shown as such


# --- the pictures ------------------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.mark.parametrize(
    "question",
    [
        pytest.param("what does a production manager earn", id="pay"),
        pytest.param("production manager salary in texas", id="pay-in-a-place"),
        pytest.param("electrician vs registered nurse vs welder", id="comparison"),
        pytest.param("where do welders earn the most", id="places"),
        pytest.param("where do actors earn the most", id="places-unpublished"),
    ],
)
def test_each_chart_is_a_png_1280_wide_and_the_same_bytes_every_time(
    advisor: Advisor, question: str
) -> None:
    reply = _chart(advisor, question)
    assert reply.chart is not None
    first, second = charts.render(reply.chart), charts.render(reply.chart)
    width, height = _png_size(first)
    assert width == 1280 and 300 <= height <= 1400
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


def test_equal_charts_have_equal_keys_and_others_other_keys(advisor: Advisor) -> None:
    pay = _chart(advisor, "what does a production manager earn").chart
    again = _chart(advisor, "how much do industrial production managers make").chart
    texas = _chart(advisor, "production manager salary in texas").chart
    assert pay is not None and again is not None and texas is not None
    assert charts.key(pay) == charts.key(again) != charts.key(texas)


def test_importing_the_bot_does_not_load_matplotlib() -> None:
    code = (
        "import sys, bot.charts, bot.chart_answers, bot.dialogue, bot.terminal, "
        "bot.telegram.service; print('matplotlib' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


# --- buttons and replies -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "data"),
    [
        pytest.param("what does a production manager earn", f"ch|p|{MANAGERS}|-", id="pay"),
        pytest.param("production manager salary in texas", f"ch|p|{MANAGERS}|{TEXAS}", id="place"),
        pytest.param(
            "electrician vs registered nurse", f"ch|c|{ELECTRICIANS},{NURSES}|-", id="compare"
        ),
        pytest.param("where do welders earn the most", f"ch|m|{WELDERS}", id="places"),
    ],
)
def test_pay_comparison_and_places_answers_carry_a_chart_button(
    advisor: Advisor, question: str, data: str
) -> None:
    reply = advisor.reply(ChatState(), question).reply
    assert data in [b.data for row in reply.buttons for b in row]


def test_answers_without_pay_figures_carry_no_chart_button(advisor: Advisor) -> None:
    reply = advisor.reply(ChatState(), "how do I become a production manager").reply
    assert not [b for row in reply.buttons for b in row if (b.data or "").startswith("ch|")]


def test_six_careers_in_a_place_fit_in_a_buttons_data() -> None:
    button = buttons.compare_button(["11-3051"] * 6, TEXAS)
    assert button.data is not None and len(button.data.encode()) <= MAX_CALLBACK_BYTES
    assert buttons.read(button.data) == buttons.Asked(buttons.COMPARE, ("11-3051",) * 6, TEXAS)


def test_the_caption_says_what_the_chart_shows_with_its_source(advisor: Advisor) -> None:
    reply = _chart(advisor, "what does a production manager earn")
    assert isinstance(reply.chart, PayChart)
    text = visible_text(reply)
    for said in ("$126,060", "$78,000–$205,520 a year", "median of all occupations", "$50,980"):
        assert said in text
    assert "Source: BLS OEWS, May 2025" in text
    places = _chart(advisor, "where do welders earn the most")
    assert isinstance(places.chart, MapChart)
    assert "one square per state" in visible_text(places) and "Highest: AK" in visible_text(places)


def test_a_caption_of_six_careers_fits_telegrams_limit(advisor: Advisor) -> None:
    reply = _chart(
        advisor, "compare electricians, plumbers, welders, machinists, millwrights and nurses"
    )
    assert reply.chart is not None and len(reply.careers) == 6
    assert len(visible_text(reply)) <= MAX_CAPTION
    assert render_html(reply, MAX_CAPTION) == render_html(reply)  # nothing cut


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("ch|p|99-9999|-", id="unknown-career"),
        pytest.param("ch|p|11-3051|12", id="bad-area"),
        pytest.param("ch|x|11-3051|-", id="unknown-kind"),
        pytest.param("ch|m|11-3051|-", id="map-with-area"),
        pytest.param("ch|c||-", id="no-careers"),
    ],
)
def test_a_stale_or_forged_chart_button_gets_a_polite_reply(advisor: Advisor, data: str) -> None:
    reply = advisor.press(ChatState(), data).reply
    assert reply.chart is None and "/careers" in visible_text(reply)


# --- the terminal ------------------------------------------------------------------------------


def _careerbot(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env_root = {"PYTHONPATH": str(ROOT), "KNOWLEDGE_DIR": str(ROOT / "knowledge")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **env_root},
    )


def test_chart_command_writes_the_png_of_one_answer(tmp_path: Path) -> None:
    done = _careerbot("chart", "what does a production manager earn", "-o", "pay.png", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _png_size((tmp_path / "pay.png").read_bytes())[0] == 1280
    assert "$126,060" in done.stdout and "pay.png" in done.stdout


def test_chart_command_says_when_an_answer_has_no_chart(tmp_path: Path) -> None:
    done = _careerbot("chart", "how do I become a nurse", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("careerbot: ") and "no chart" in done.stderr
    assert "Traceback" not in done.stderr and not list(tmp_path.iterdir())


def test_chat_writes_a_chart_pressed_into_the_charts_directory(tmp_path: Path) -> None:
    script = "what does a production manager earn\n3\nquit\n"
    done = _careerbot("chat", "--charts", str(tmp_path), cwd=ROOT, stdin=script)
    assert done.returncode == 0, done.stderr
    assert "[3] 📊 Chart" in done.stdout
    path = tmp_path / "pay-industrial-production-managers.png"
    assert f"Chart saved: {path}" in done.stdout
    assert _png_size(path.read_bytes())[0] == 1280
