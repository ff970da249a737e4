"""Career answers: one topic of one career as a Reply, every figure with its source and year."""

from __future__ import annotations

from urllib.parse import quote

from bot.knowledge import Career, Knowledge, LinkTemplate, SalaryFact, Source, Wages
from bot.replies import Button, Line, Reply, Span, bold, italic, line, link, plain

TOPIC_LABELS = {
    "salary": "💰 Salary",
    "education": "🎓 Education",
    "outlook": "📈 Outlook",
    "employment": "🏭 Employment",
    "colleges": "🏫 Colleges",
    "overview": "ℹ️ Overview",
}
_TOPIC_ORDER = ("salary", "education", "outlook", "employment", "colleges", "overview")
_WAGE_LABELS = (
    ("p10", "Lowest 10%"),
    ("p25", "25th percentile"),
    ("median", "Median"),
    ("p75", "75th percentile"),
    ("p90", "Highest 10%"),
    ("mean", "Mean"),
)
MAX_INDUSTRIES = 5
MAX_PROGRAMMES = 5
MAX_TASKS = 4


def topic_data(soc: str, intent: str) -> str:
    """Callback data of a topic button: t|<soc>|<intent> (at most 26 bytes)."""
    return f"t|{soc}|{intent}"


def money(value: float, *, hourly: bool) -> str:
    """$60.61 for hourly wages, $126,060 for annual ones."""
    return f"${value:,.2f}" if hourly else f"${value:,.0f}"


def count(value: int) -> str:
    return f"{value:,}"


def percent(value: float) -> str:
    sign = "+" if value > 0 else ""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{sign}{text}%"


def cite(source: Source, year: int | None = None) -> Span:
    """The source line under a figure: "Source: BLS OEWS, May 2025"."""
    text = source.citation
    if year is not None and str(year) not in text:
        text = f"{text} ({year})"
    return italic(f"Source: {text}")


def topic_buttons(career: Career, current: str | None) -> tuple[tuple[Button, ...], ...]:
    """The buttons under a career answer: every other topic, in two rows of three."""
    buttons = [
        Button(TOPIC_LABELS[t], data=topic_data(career.soc, t))
        for t in _TOPIC_ORDER
        if t != current
    ]
    return (tuple(buttons[:3]), tuple(buttons[3:]))


def _heading(career: Career, topic: str) -> Line:
    return line(bold(f"{career.title} — {TOPIC_LABELS[topic].split(' ', 1)[1]}"))


def _wage(wages: Wages, key: str, *, hourly: bool) -> str | None:
    value = wages.get(key)
    if value is None:
        return None
    text = money(value, hourly=hourly)
    return f"≥ {text}" if key in wages.top_coded else text


def _salary_lines(fact: SalaryFact, *, full: bool) -> list[Line]:
    rows: list[Line] = []
    keys = (
        _WAGE_LABELS if full else tuple(k for k in _WAGE_LABELS if k[0] in ("p10", "median", "p90"))
    )
    for key, label in keys:
        annual = _wage(fact.annual, key, hourly=False)
        hourly = _wage(fact.hourly, key, hourly=True)
        if annual is None and hourly is None:
            continue
        parts = [p for p in (f"{annual} a year" if annual else None,
                             f"{hourly} an hour" if hourly else None) if p]  # fmt: skip
        rows.append(line(f"• {label}: ", bold(parts[0]), *(f" ({p})" for p in parts[1:])))
    if not rows:
        rows.append(line("• BLS does not publish wages for this occupation."))
    if fact.annual.top_coded or fact.hourly.top_coded:
        rows.append(line(italic("≥ marks wages at or above the survey's upper limit.")))
    if fact.note:
        rows.append(line(italic(fact.note)))
    if fact.scope:
        rows.append(line(italic(fact.scope)))
    return rows


def _notes(text: str | None, scope: str | None) -> list[Line]:
    """A fact's own words, then what it covers when that is wider than the career."""
    notes = [line(text)] if text else []
    return [*notes, line(italic(scope))] if scope else notes


def salary(career: Career) -> list[Line]:
    if not career.salary:
        return [line("I have no wage figures for this career yet.")]
    newest, *older = career.salary
    out = [line(f"Pay in {newest.year}, nationwide:"), *_salary_lines(newest, full=True)]
    out.append(line(cite(newest.source, newest.year)))
    for fact in older:
        out += [line(""), line(f"Back in {fact.year}:"), *_salary_lines(fact, full=False)]
        out.append(line(cite(fact.source, fact.year)))
    return out


def education(career: Career) -> list[Line]:
    out: list[Line] = []
    newest = max((f.source.year for f in career.education), default=0)
    for fact in career.education:
        if fact.source.year < newest - 2:
            out += [line(""), line(f"As described in {fact.source.year}:")]
        if fact.entry_education or fact.work_experience or fact.training:
            if fact.entry_education:
                out.append(line("• Typical entry education: ", bold(fact.entry_education)))
            if fact.work_experience:
                out.append(line("• Work experience in a related job: ", fact.work_experience))
            if fact.training:
                out.append(line("• On-the-job training: ", fact.training))
        if fact.job_zone:
            name = fact.job_zone_name or f"Job Zone {fact.job_zone}"
            out.append(line("• O*NET preparation level: ", name))
        out += _notes(fact.text, fact.scope)
        out.append(line(cite(fact.source)))
    return out or [line("I have no education facts for this career yet.")]


def employment(career: Career) -> list[Line]:
    out: list[Line] = []
    for i, fact in enumerate(career.employment):
        if i:
            out.append(line(""))
        if fact.employed is not None:
            out.append(line("Employed in ", str(fact.year), ": ", bold(count(fact.employed))))
        if fact.industries:
            out.append(line("Industries that employ the most:"))
            out += [
                line(f"• {ind.name}: {count(ind.employed)}")
                for ind in fact.industries[:MAX_INDUSTRIES]
            ]
        out += _notes(fact.text, fact.scope)
        out.append(line(cite(fact.source, fact.year)))
    return out or [line("I have no employment figures for this career yet.")]


def outlook(career: Career) -> list[Line]:
    out: list[Line] = []
    for i, fact in enumerate(career.outlook):
        if i:
            out.append(line(""))
        period = f"{fact.start_year}–{fact.end_year}"
        if fact.change_percent is not None:
            wording = f" ({fact.wording})" if fact.wording else ""
            out.append(
                line(f"Projected change {period}: ", bold(percent(fact.change_percent)), wording)
            )
        if fact.employment_start is not None and fact.employment_end is not None:
            out.append(line(
                f"• Jobs: {count(fact.employment_start)} in {fact.start_year} → "
                f"{count(fact.employment_end)} in {fact.end_year}"
            ))  # fmt: skip
        if fact.openings is not None:
            out.append(line(f"• Openings: about {count(fact.openings)} a year"))
        out += _notes(fact.text, fact.scope)
        out.append(line(cite(fact.source)))
    return out or [line("I have no projections for this career yet.")]


def overview(career: Career, knowledge: Knowledge) -> list[Line]:
    out: list[Line] = []
    for i, fact in enumerate(career.overview):
        if i:
            out.append(line(""))
            out.append(line(f"As described in {fact.source.year}:"))
        out.append(line(fact.text))
        if fact.tasks:
            out.append(line("Typical tasks:"))
            out += [line(f"• {task}") for task in fact.tasks[:MAX_TASKS]]
        out.append(line(cite(fact.source)))
    names = [a for a in career.aliases if a.lower() != career.title.lower()][:6]
    if names:
        out += [line(""), line("Also called: ", ", ".join(names))]
    similar = [c.title for soc in career.similar[:4] if (c := knowledge.career(soc)) is not None]
    if similar:
        out.append(line("Similar careers: ", "; ".join(similar)))
    return out


def fill(template: LinkTemplate, career: Career, cip: str = "") -> str:
    """A link template's URL for one career (and programme), values URL-encoded."""
    return template.url.format(
        cip=quote(cip, safe=""),
        cip4=quote(cip.replace(".", "")[:4], safe=""),
        title=quote(career.title, safe=""),
        soc=quote(career.soc, safe=""),
    )


def colleges(career: Career, knowledge: Knowledge) -> list[Line]:
    out: list[Line] = []
    section = career.colleges
    programmes = section.programmes[:MAX_PROGRAMMES]
    per_programme = [t for t in knowledge.links.values() if t.per == "programme"]
    if programmes:
        out.append(line("College programmes that lead to this career:"))
        for prog in programmes:
            links: list[Span] = []
            for template in per_programme:
                links += [plain(" · "), link(template.label, fill(template, career, prog.cip))]
            out.append(line(f"• {prog.title} (CIP {prog.cip})", *links))
        if len(section.programmes) > len(programmes):
            out.append(line(f"…and {len(section.programmes) - len(programmes)} more."))
        if section.source:
            out.append(line(cite(section.source)))
    tools = section.tools
    if tools:
        out.append(line(""))
        out.append(line("College search tools:"))
        first = programmes[0].cip if programmes else ""
        for tool in tools:
            url = fill(knowledge.links[tool.link], career, first)
            out.append(line("• ", link(tool.label, url), f": {tool.text}"))
    for template in knowledge.links.values():
        if template.per == "career" and all(t.link != template.id for t in tools):
            out.append(
                line(
                    "• ", link(template.label, fill(template, career)), f": {template.description}"
                )
            )
    return out


def answer(career: Career, topic: str, knowledge: Knowledge) -> Reply:
    """One topic of one career, with buttons for the other topics."""
    if topic == "salary":
        body = salary(career)
    elif topic == "education":
        body = education(career)
    elif topic == "employment":
        body = employment(career)
    elif topic == "outlook":
        body = outlook(career)
    elif topic == "colleges":
        body = colleges(career, knowledge)
    else:
        topic = "overview"
        body = overview(career, knowledge)
    return Reply(
        lines=(_heading(career, topic), *body),
        buttons=topic_buttons(career, topic),
        kind="answer",
        career=career,
        intent=topic,
        summary=summary(career, topic),
    )


def summary(career: Career, topic: str) -> str:
    """One plain line for an inline result card."""
    if topic == "salary" and career.salary:
        fact = career.salary[0]
        median = _wage(fact.annual, "median", hourly=False) or _wage(
            fact.hourly, "median", hourly=True
        )
        if median:
            return f"Median pay {median} ({fact.source.citation})"
    if topic == "outlook" and career.outlook and career.outlook[0].change_percent is not None:
        fact_o = career.outlook[0]
        return f"{percent(fact_o.change_percent or 0)} jobs {fact_o.start_year}–{fact_o.end_year}"
    if topic == "employment" and career.employment and career.employment[0].employed:
        fact_e = career.employment[0]
        return f"{count(fact_e.employed or 0)} employed in {fact_e.year}"
    if topic == "education" and career.education and career.education[0].entry_education:
        return f"Typical entry: {career.education[0].entry_education}"
    text = career.overview[0].text
    return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"
