"""Career answers: one topic of one career as a Reply sized for a phone.

Each topic has three views: the *card* (one screen: the answer first, in plain words), *more*
(every figure, task and name) and *history* (facts from years ago, under their own heading).
Every figure names its source and year, linked to the source's page for the occupation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar
from urllib.parse import quote

from bot.charts.buttons import pay_button
from bot.knowledge import (
    Career,
    EducationFact,
    Knowledge,
    Level,
    LinkTemplate,
    OutlookFact,
    SalaryFact,
    Source,
    Wages,
)
from bot.replies import Button, Line, Reply, Span, bold, italic, line, link, plain
from bot.wording import REQUIRED_AS_ENTRY, count, money, percent, required_short, short_title, whole

TOPIC_LABELS = {
    "salary": "💰 Salary",
    "education": "🎓 Education",
    "outlook": "📈 Outlook",
    "employment": "🏭 Employment",
    "colleges": "🏫 Colleges",
    "overview": "ℹ️ Overview",
    "places": "📍 Best places",
}
_TOPIC_ORDER = ("overview", "salary", "education", "outlook", "employment", "colleges")
WAGE_LABELS = (
    ("p10", "Lowest 10%"),
    ("p25", "25th percentile"),
    ("median", "Median"),
    ("p75", "75th percentile"),
    ("p90", "Highest 10%"),
    ("mean", "Mean"),
)
CARD, MORE, HISTORY = "c", "m", "h"
VIEWS = (CARD, MORE, HISTORY)
SUMMARY_LIMIT = 600  # characters a summary card shows: one phone screen with its buttons
CARD_LIMIT = 900  # ... and a topic card
RECENT_YEARS = 2  # facts this much older than the newest of their topic are history
CARD_INDUSTRIES, MORE_INDUSTRIES = 3, 5
CARD_PROGRAMMES, MORE_PROGRAMMES = 3, 40
CARD_TASKS = 3
MORE_NAMES = 12
SIMILAR_BUTTONS = 3
SENTENCE_CHARS = 150  # of the description a summary card shows
OTHER_PATH_SHARE = 15  # percent of a career's people naming another education for it to count
REQUIRED_SHOWN_SHARE = 5  # ... to be listed among what people say the job requires
# Programme names that are for graduates, offered after those a beginner would choose.
F = TypeVar("F")
_GRADUATE_WORDS = ("administration", "leader", "practice", "research", "advanced", "doctor")


# Callback data of the guided finder's first step: "🔎 Find a career" under replies that are
# no answer (small talk, a wish, what BLS does not count).
FIND_DATA = "f|field|"


def topic_data(soc: str, topic: str, back: str = "") -> str:
    """Callback data of a topic button: t|<soc>|<topic>[|<browse page to go back to>]."""
    return f"t|{soc}|{topic}" + (f"|{back}" if back else "")


def view_data(soc: str, topic: str, view: str, back: str = "") -> str:
    """Callback data of More, Less and history: v|<soc>|<topic>|<view>[|<back>]."""
    return f"v|{soc}|{topic}|{view}" + (f"|{back}" if back else "")


def cite(source: Source, soc: str, year: int | None = None) -> Span:
    """A source, linked to its page for the occupation: "BLS OEWS, May 2025"."""
    text = source.citation
    if year is not None and str(year) not in text:
        text = f"{text} ({year})"
    url = source.page_for(soc)
    return link(text, url) if url else plain(text)


def sources_line(soc: str, *sources: Source) -> Line:
    spans: list[Span] = [plain("Source: " if len(set(sources)) == 1 else "Sources: ")]
    for i, source in enumerate(dict.fromkeys(sources)):
        spans += [plain(" · ")] if i else []
        spans.append(cite(source, soc))
    return tuple(spans)


def _year_of(fact: object) -> int:
    for attribute in ("year", "start_year"):
        value = getattr(fact, attribute, None)
        if isinstance(value, int):
            return value
    source = getattr(fact, "source", None)
    return source.year if isinstance(source, Source) else 0


def split_history(facts: Sequence[F]) -> tuple[list[F], list[F]]:
    """Today's facts and the older ones (the founding document's 2006 figures)."""
    if not facts:
        return [], []
    newest = max(_year_of(f) for f in facts)
    today = [f for f in facts if _year_of(f) >= newest - RECENT_YEARS]
    return today, [f for f in facts if _year_of(f) < newest - RECENT_YEARS]


# --- pay --------------------------------------------------------------------------------------


def _wage(wages: Wages, key: str, *, hourly: bool) -> str | None:
    value = wages.get(key)
    if value is None:
        return None
    text = money(value, hourly=hourly)
    return f"≥ {text}" if key in wages.top_coded else text


def _pay(fact: SalaryFact, key: str, *, short: bool = False) -> str | None:
    """How much: "$97,550 a year ($46.90 an hour)" ("/hr" when `short`), or what BLS has."""
    annual = _wage(fact.annual, key, hourly=False)
    hourly = _wage(fact.hourly, key, hourly=True)
    if annual and hourly:
        return f"{annual} a year ({hourly}{'/hr' if short else ' an hour'})"
    return f"{annual} a year" if annual else (f"{hourly} an hour" if hourly else None)


def _range(fact: SalaryFact, low: str, high: str) -> str | None:
    for wages, unit, hourly in ((fact.annual, "a year", False), (fact.hourly, "an hour", True)):
        a, b = _wage(wages, low, hourly=hourly), _wage(wages, high, hourly=hourly)
        if a and b:
            return f"{a}–{b} {unit}"
    return None


def pay_in_words(fact: SalaryFact) -> list[Line]:
    """Median first, then the usual range and where beginners start."""
    typical = _pay(fact, "median")
    if typical is None:
        return [line("BLS does not publish wages for this occupation.")]
    out = [line("Typical pay: ", bold(typical), ", the median.")]
    most = _range(fact, "p10", "p90")
    if most:
        half = _range(fact, "p25", "p75") or most
        out.append(line(f"Most earn {most}; the middle half {half.rsplit(' ', 2)[0]}."))
    start = _pay(fact, "p10")
    if start:
        out.append(line(f"Beginners often start near the lowest tenth: {start}."))
    return out


def percentile_rows(fact: SalaryFact, keys: Sequence[tuple[str, str]]) -> list[Line]:
    rows = [
        line(f"• {label}: ", bold(found))
        for key, label in keys
        if (found := _pay(fact, key)) is not None
    ]
    if fact.annual.top_coded or fact.hourly.top_coded:
        rows.append(line(italic("≥ marks wages at or above the survey's upper limit.")))
    return rows or [line("• BLS does not publish wages for this occupation.")]


def salary(career: Career, view: str) -> list[Line]:
    today, old = split_history(career.salary)
    if view == HISTORY:
        return _history(career, "salary", old)
    if not today:
        return [line("I have no wage figures for this career yet.")]
    fact = today[0]
    out = [line(f"Pay in {fact.year}, nationwide:")]
    out += percentile_rows(fact, WAGE_LABELS) if view == MORE else pay_in_words(fact)
    out += [line(italic(t)) for t in (fact.note, fact.scope) if t]
    return [*out, sources_line(career.soc, fact.source)]


def _old_salary(fact: SalaryFact) -> list[Line]:
    keys = tuple(k for k in WAGE_LABELS if k[0] in ("p10", "median", "p90"))
    return [line(f"Pay in {fact.year}:"), *percentile_rows(fact, keys)]


# --- education --------------------------------------------------------------------------------


def _level(levels: Mapping[str, Level], name: str) -> Level:
    """A BLS category in plain words; one education-levels.yaml lacks, as BLS words it."""
    return levels.get(name) or Level(name[:1].lower() + name[1:])


def _with_time(level: Level) -> str:
    return f"{level.plain} ({level.takes})" if level.takes else level.plain


def _facts(career: Career) -> tuple[EducationFact | None, EducationFact | None]:
    """The BLS entry requirements and the O*NET survey of today's education facts."""
    today, _ = split_history(career.education)
    entry = next((f for f in today if f.entry_education), None)
    survey = next((f for f in today if f.required or f.job_zone), None)
    return entry, survey


def other_paths(career: Career, knowledge: Knowledge) -> list[str]:
    """Other ways in that many of the career's people name: "a certificate (a few weeks to
    2 years, 23% say)"."""
    entry, survey = _facts(career)
    if survey is None:
        return []
    usual = entry.entry_education if entry else None
    paths = []
    for level, share in survey.required:
        bls = REQUIRED_AS_ENTRY.get(level)
        if bls is None or bls == usual or whole(share) < OTHER_PATH_SHARE:
            continue
        found = _level(knowledge.levels.entry_education, bls)
        said = f"{found.takes}, {whole(share)}% say" if found.takes else f"{whole(share)}% say"
        paths.append(f"{found.plain} ({said})")
    return paths[:2]


def education_in_words(career: Career, knowledge: Knowledge) -> list[Line]:
    entry, survey = _facts(career)
    levels = knowledge.levels
    out: list[Line] = []
    if entry is not None and entry.entry_education:
        usual = _level(levels.entry_education, entry.entry_education)
        out.append(
            line(
                "Most start with ", bold(usual.plain), f" ({usual.takes})." if usual.takes else "."
            )
        )
    if survey is not None and survey.required:
        said = [
            f"{required_short(level)} {whole(share)}%"
            for level, share in survey.required
            if whole(share) >= REQUIRED_SHOWN_SHARE
        ][:4]
        if said:
            out.append(line("What people in the job say it requires: ", ", ".join(said), "."))
    if entry is not None:
        parts = []
        if entry.work_experience:
            parts.append(_level(levels.work_experience, entry.work_experience).plain)
        if entry.training:
            parts.append(_with_time(_level(levels.training, entry.training)))
        if parts:
            out.append(line("Experience and training: ", "; ".join(parts), "."))
    return out


def education(career: Career, knowledge: Knowledge, view: str) -> list[Line]:
    _, old = split_history(career.education)
    if view == HISTORY:
        return _history(career, "education", old)
    entry, survey = _facts(career)
    out = education_in_words(career, knowledge)
    if view == MORE:
        for fact in (entry, survey):
            if fact is not None and fact.job_zone:
                out.append(
                    line("O*NET preparation level: ", fact.job_zone_name or str(fact.job_zone))
                )
            if fact is not None and fact.required:
                every = ", ".join(f"{lvl} {share:g}%" for lvl, share in fact.required)
                out.append(line(f"Everything people in the job said: {every}."))
        if knowledge.levels.source is not None:
            out.append(line("How long each takes: ", cite(knowledge.levels.source, career.soc)))
    for fact in (entry, survey):
        if fact is not None:
            out += [line(italic(t)) for t in (fact.text, fact.scope if view == MORE else None) if t]
    if not out:
        return [line("I have no education facts for this career yet.")]
    used = [f.source for f in (entry, survey) if f is not None]
    return [*out, sources_line(career.soc, *used)] if used else out


# --- outlook and employment -------------------------------------------------------------------


def outlook_in_words(fact: OutlookFact, *, short: bool = False) -> str:
    """How jobs will change: "Jobs will grow +4.9% from 2024 to 2034, about as fast as
    average."; `short`: "+4.9% jobs by 2034, about as fast as average."."""
    if fact.change_percent is None:
        return f"BLS projects this career from {fact.start_year} to {fact.end_year}."
    wording = f", {fact.wording}" if fact.wording else ""
    if short:
        return f"{percent(fact.change_percent)} jobs by {fact.end_year}{wording}."
    verb = "grow" if fact.change_percent > 0 else "shrink" if fact.change_percent < 0 else "hold"
    return (
        f"Jobs will {verb} {percent(fact.change_percent)} from {fact.start_year} "
        f"to {fact.end_year}{wording}."
    )


def _outlook_lines(fact: OutlookFact, soc: str, *, more: bool) -> list[Line]:
    out = [line(bold(outlook_in_words(fact)))]
    if fact.employment_start is not None and fact.employment_end is not None:
        out.append(line(
            f"That is {count(fact.employment_start)} jobs in {fact.start_year}, "
            f"{count(fact.employment_end)} in {fact.end_year}."
        ))  # fmt: skip
    if fact.openings is not None:
        out.append(line(
            f"About {count(fact.openings)} openings a year, as people grow into and "
            "leave the career."
        ))  # fmt: skip
    out += [line(italic(t)) for t in (fact.text, fact.scope if more else None) if t]
    return [*out, sources_line(soc, fact.source)]


def outlook(career: Career, view: str) -> list[Line]:
    today, old = split_history(career.outlook)
    if view == HISTORY:
        return _history(career, "outlook", old)
    if not today:
        return [line("I have no projections for this career yet.")]
    return _outlook_lines(today[0], career.soc, more=view == MORE)


def employment(career: Career, view: str) -> list[Line]:
    today, old = split_history(career.employment)
    if view == HISTORY:
        return _history(career, "employment", old)
    if not today:
        return [line("I have no employment figures for this career yet.")]
    fact, shown = today[0], CARD_INDUSTRIES if view == CARD else MORE_INDUSTRIES
    out: list[Line] = []
    if fact.employed is not None:
        out.append(
            line(bold(count(fact.employed)), f" people worked in this career in {fact.year}.")
        )
    if fact.industries:
        out.append(line("Most work in:"))
        out += [line(f"• {i.name}: {count(i.employed)}") for i in fact.industries[:shown]]
    out += [line(italic(t)) for t in (fact.text, fact.scope if view == MORE else None) if t]
    return [*out, sources_line(career.soc, fact.source)]


# --- colleges ---------------------------------------------------------------------------------


def fill(template: LinkTemplate, career: Career, cip: str = "", state: str = "") -> str:
    """A link template's URL for one career (and programme; and state when the template has
    a search by state), values URL-encoded."""
    url = template.state_url if state and template.state_url else template.url
    return url.format(
        cip=quote(cip, safe=""),
        cip4=quote(cip.replace(".", "")[:4], safe=""),
        title=quote(career.title, safe=""),
        soc=quote(career.soc, safe=""),
        state=quote(state, safe=""),
    )


def _beginner_first(career: Career) -> list[tuple[str, str]]:
    """(CIP, title) of the career's programmes: those named like the career first, graduate
    and "Other" programmes last."""
    words = set(career.title.lower().replace(",", "").split())

    def rank(index: int) -> tuple[int, int, int]:
        title = career.colleges.programmes[index].title.lower()
        graduate = any(w in title for w in _GRADUATE_WORDS) or title.endswith("other")
        shared = len(words & set(title.replace("/", " ").replace(",", "").split()))
        return (graduate, -shared, index)

    order = sorted(range(len(career.colleges.programmes)), key=rank)
    return [(career.colleges.programmes[i].cip, career.colleges.programmes[i].title) for i in order]


def colleges(career: Career, knowledge: Knowledge, view: str, state: str = "") -> list[Line]:
    section = career.colleges
    programmes = _beginner_first(career)[: CARD_PROGRAMMES if view == CARD else MORE_PROGRAMMES]
    per_programme = [t for t in knowledge.links.values() if t.per == "programme"]
    out: list[Line] = []
    seen: set[str] = set()
    if programmes:
        out.append(line("Programmes to start with:" if view == CARD else "Every programme:"))
        for cip, title in programmes:
            spans: list[Span] = [plain(f"• {title}")]
            for template in per_programme:
                url = fill(template, career, cip, state)
                if url not in seen:
                    seen.add(url)
                    spans += [plain(" · "), link(template.label, url)]
            out.append(tuple(spans))
        if section.source:
            out.append(sources_line(career.soc, section.source))
    tools: list[Line] = []
    first = programmes[0][0] if programmes else ""
    for tool in section.tools:
        template = knowledge.links[tool.link]
        tools.append(_tool(link(tool.label, fill(template, career, first)), tool.text, template))
    for template in knowledge.links.values():
        if template.per == "career" and all(t.link != template.id for t in section.tools):
            tools.append(_tool(link(template.label, fill(template, career)), None, template))
    if tools:
        out += [line(""), line("Find a school:"), *tools]
    return out or [line("I have no college programmes for this career yet.")]


def _tool(name: Span, text: str | None, template: LinkTemplate) -> Line:
    if template.audience:
        return line("• ", name, f" — for {template.audience}" + (f": {text}" if text else "."))
    return line("• ", name, f": {text}" if text else "")


# --- overview: the summary card ---------------------------------------------------------------


def first_sentence(text: str, limit: int = SENTENCE_CHARS) -> str:
    """The first sentence of a description; a long one cut at a comma, the rest under More."""
    end = text.find(". ")
    sentence = text if end < 0 else text[: end + 1]
    if len(sentence) <= limit:
        return sentence
    cut = max(sentence.rfind(", ", 0, limit), sentence.rfind(" and ", 0, limit))
    return (sentence[:cut] if cut > limit // 2 else sentence[:limit].rsplit(" ", 1)[0]) + "…"


def summary_lines(career: Career, knowledge: Knowledge) -> list[Line]:
    """What they do, pay, how people get in and the outlook: one line each, each sourced;
    told more briefly when a long title or description would overflow the screen."""
    heading = len(career.title) + 1
    for paths, sentence in ((2, SENTENCE_CHARS), (1, SENTENCE_CHARS), (1, 100), (0, 80)):
        out = _summary(career, knowledge, paths, sentence)
        if heading + sum(len(span.text) for ln in out for span in ln) + len(out) <= SUMMARY_LIMIT:
            break
    return out


def _summary(career: Career, knowledge: Knowledge, most_paths: int, sentence: int) -> list[Line]:
    today, _ = split_history(career.overview)
    fact = (today or list(career.overview))[0]
    out = [line(first_sentence(fact.text, sentence))]
    used = [fact.source]
    salaries, _ = split_history(career.salary)
    if salaries and (typical := _pay(salaries[0], "median", short=True)):
        most = _range(salaries[0], "p10", "p90")
        out.append(line("💰 Typical pay ", bold(typical), f"; most earn {most}." if most else "."))
        used.append(salaries[0].source)
    entry, survey = _facts(career)
    if entry is not None and entry.entry_education:
        usual = _with_time(_level(knowledge.levels.entry_education, entry.entry_education))
        paths = other_paths(career, knowledge)[:most_paths]
        also = f" Also {' or '.join(paths)}." if paths else ""
        out.append(line("🎓 Usually ", bold(usual), "." + also))
        used += [entry.source] + ([survey.source] if paths and survey else [])
    outlooks, _ = split_history(career.outlook)
    if outlooks:
        ahead = outlooks[0]
        openings = f"; {count(ahead.openings)} openings a year" if ahead.openings else ""
        out.append(line("📈 ", outlook_in_words(ahead, short=True)[:-1], openings, "."))
        used.append(ahead.source)
    return [*out, sources_line(career.soc, *used)]


def overview_more(career: Career, knowledge: Knowledge) -> list[Line]:
    today, _ = split_history(career.overview)
    fact = (today or list(career.overview))[0]
    out = [line(fact.text)]
    if fact.tasks:
        out.append(line("Typical tasks:"))
        out += [line(f"• {task}") for task in fact.tasks[: CARD_TASKS * 2]]
    out.append(sources_line(career.soc, fact.source))
    names = [a for a in career.aliases if a.lower() != career.title.lower()][:MORE_NAMES]
    if names:
        out += [line(""), line("Also called: ", ", ".join(names))]
    return out


# --- history ----------------------------------------------------------------------------------


def _history(career: Career, topic: str, facts: Sequence[object]) -> list[Line]:
    out: list[Line] = []
    for fact in facts:
        if isinstance(fact, SalaryFact):
            out += _old_salary(fact)
        elif isinstance(fact, OutlookFact):
            out += _outlook_lines(fact, career.soc, more=True)[:-1]
        else:
            employed = getattr(fact, "employed", None)
            if employed is not None:
                out.append(line(f"Employed in {_year_of(fact)}: ", bold(count(employed))))
        text = getattr(fact, "text", None)
        if text and not isinstance(fact, OutlookFact):
            out.append(line(text))
        source = getattr(fact, "source", None)
        if isinstance(source, Source):
            out.append(sources_line(career.soc, source))
    return out or [line(f"I have no older {topic} facts for this career.")]


def _topics(career: Career) -> dict[str, Sequence[object]]:
    return {
        "overview": career.overview,
        "salary": career.salary,
        "education": career.education,
        "outlook": career.outlook,
        "employment": career.employment,
    }


def history_of(career: Career, topic: str) -> list[object]:
    """The older facts of one topic; for the overview, every older fact."""
    topics = _topics(career)
    if topic == "overview":
        return [f for facts in topics.values() for f in split_history(facts)[1]]
    return list(split_history(topics.get(topic, ()))[1])


def _history_view(career: Career, topic: str) -> list[Line]:
    """A topic's older facts; for the overview, each topic's under its own heading."""
    if topic != "overview":
        return _history(career, topic, history_of(career, topic))
    out: list[Line] = []
    for name, facts in _topics(career).items():
        old = split_history(facts)[1]
        if old:
            label = "What they do" if name == "overview" else TOPIC_LABELS[name].split(" ", 1)[1]
            out += [line(""), line(bold(label)), *_history(career, name, old)]
    return out[1:] or [line("I have no older facts for this career.")]


def history_years(career: Career, topic: str) -> str:
    years = sorted({_year_of(f) for f in history_of(career, topic)})
    return " and ".join(str(y) for y in years)


# --- the reply --------------------------------------------------------------------------------


def _body(
    career: Career, topic: str, view: str, knowledge: Knowledge, state: str = ""
) -> list[Line]:
    if topic == "salary":
        return salary(career, view)
    if topic == "education":
        return education(career, knowledge, view)
    if topic == "employment":
        return employment(career, view)
    if topic == "outlook":
        return outlook(career, view)
    if topic == "colleges":
        return colleges(career, knowledge, view, state)
    if view == HISTORY:
        return _history_view(career, topic)
    return overview_more(career, knowledge) if view == MORE else summary_lines(career, knowledge)


def _has_more(career: Career, topic: str) -> bool:
    if topic == "colleges":
        return len(career.colleges.programmes) > CARD_PROGRAMMES
    return topic in ("overview", "salary", "education", "employment", "outlook")


def answer(
    career: Career,
    topic: str,
    knowledge: Knowledge,
    *,
    view: str = CARD,
    back: str = "",
    state: str = "",
    place: str | None = None,
) -> Reply:
    """One topic of one career in one view, with buttons for more, the other topics, similar
    careers, and the browsing page it was reached from (`back`, "29.1"); college searches
    within `state` (a postal code) where a search can be; a pay chart in `place` (an area
    code) beside the nation's."""
    if topic not in TOPIC_LABELS:
        topic = "overview"
    view = view if view in VIEWS else CARD
    if topic == "overview" and view == CARD:
        heading = line(bold(career.title))
    else:
        name = "Back in " + history_years(career, topic) if view == HISTORY else None
        label = TOPIC_LABELS[topic].split(" ", 1)[1]
        heading = line(bold(f"{career.title} — {name or label}"))
    body = _body(career, topic, view, knowledge, state)
    return Reply(
        lines=(heading, *body),
        buttons=buttons(career, topic, view, knowledge, back, place),
        kind="answer",
        career=career,
        intent=topic,
        summary=summary(career, topic),
    )


def buttons(
    career: Career,
    topic: str,
    view: str,
    knowledge: Knowledge,
    back: str = "",
    place: str | None = None,
) -> tuple[tuple[Button, ...], ...]:
    """More/Less and history in place, and today's pay as a chart; the other topics; similar
    careers; back to browsing."""
    rows: list[tuple[Button, ...]] = []
    first: list[Button] = []
    if view == CARD and _has_more(career, topic):
        first.append(Button("➕ More", data=view_data(career.soc, topic, MORE, back)))
    if view != CARD:
        label = "⬅ Today" if view == HISTORY else "➖ Less"
        first.append(Button(label, data=view_data(career.soc, topic, CARD, back)))
    if view != HISTORY and history_of(career, topic):
        label = f"🕰 Back in {history_years(career, topic)}"
        first.append(Button(label, data=view_data(career.soc, topic, HISTORY, back)))
    if topic == "salary" and view != HISTORY and has_pay(career):
        first.append(pay_button(career.soc, place))
    if first:
        rows.append(tuple(first))
    rows += topic_buttons(career, topic)
    if topic == "overview":
        similar = [c for soc in career.similar if (c := knowledge.career(soc)) is not None]
        rows += [
            (Button(f"↔ {short_title(c.title)}", data=topic_data(c.soc, "overview")),)
            for c in similar[:SIMILAR_BUTTONS]
        ]
    if back:
        group, _, page = back.partition(".")
        found = next((g for g in knowledge.groups if g.code.startswith(group)), None)
        name = found.label if found else "the list"
        rows.append((Button(f"⬅ Back to {name}", data=f"b|{group}|{page or 0}"),))
    return tuple(rows)


def has_pay(career: Career) -> bool:
    """BLS publishes today's median pay of the career, a year or an hour: it can be drawn."""
    today, _ = split_history(career.salary)
    return bool(today) and (today[0].annual.median or today[0].hourly.median) is not None


def topic_buttons(career: Career, current: str | None) -> tuple[tuple[Button, ...], ...]:
    """The buttons for the other topics, in rows of three."""
    others = [
        Button(TOPIC_LABELS[t], data=topic_data(career.soc, t))
        for t in _TOPIC_ORDER
        if t != current
    ]
    return tuple(tuple(others[i : i + 3]) for i in range(0, len(others), 3))


def summary(career: Career, topic: str) -> str:
    """One plain line for an inline result card."""
    salaries, _ = split_history(career.salary)
    if topic == "salary" and salaries:
        fact = salaries[0]
        median = _wage(fact.annual, "median", hourly=False) or _wage(
            fact.hourly, "median", hourly=True
        )
        if median:
            return f"Median pay {median} ({fact.source.citation})"
    outlooks, _ = split_history(career.outlook)
    if topic == "outlook" and outlooks and outlooks[0].change_percent is not None:
        return outlook_in_words(outlooks[0])
    jobs, _ = split_history(career.employment)
    if topic == "employment" and jobs and jobs[0].employed:
        return f"{count(jobs[0].employed or 0)} employed in {jobs[0].year}"
    entry, _ = _facts(career)
    if topic == "education" and entry is not None and entry.entry_education:
        return f"Typical entry: {entry.entry_education}"
    text = first_sentence(career.overview[0].text)
    return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"
