"""The finder's replies: a ranked page of careers with the filters restated, the guided
finder's steps, and what to relax when nothing is found. Pure."""

from __future__ import annotations

from dataclasses import replace

from bot.answers import topic_data
from bot.finder import EDUCATION, LEVELS, OUTLOOKS, PAGE, SORTS, Finder, Found, Results, Search
from bot.knowledge import Knowledge, Source
from bot.local import Area
from bot.local_answers import Place
from bot.replies import Button, Line, Reply, Span, bold, italic, line, line_text, link, plain
from bot.wording import count, money, percent, short_title

# Callback data: f|r|<search code>|<page> a results page; f|<step>|<search code> a guided step.
RESULTS = "r"
STEPS = ("field", "school", "matters")
MAX_DATA = 64  # bytes of Telegram callback data
# BLS's entry levels in a word or two, for a list line.
LEVEL_SHORT = dict(
    zip(
        LEVELS,
        ("no credential", "high school", "some college", "certificate", "associate's",
         "bachelor's", "master's", "doctoral/prof."),
        strict=True,
    )
)  # fmt: skip
# The guided finder's choices: fields offered first, schooling, what matters.
GUIDED_FIELDS = (
    "healthcare", "tech", "trades", "business", "education", "arts", "science", "engineering",
    "protective", "transportation", "social", "outdoors",
)  # fmt: skip
SCHOOLING = (
    ("No degree", "no-degree"),
    ("Certificate", "certificate"),
    ("2-year degree", "associate"),
    ("4-year degree", "bachelor"),
    ("More than 4 years", "graduate"),
)
MATTERS = (("💰 Pay", "pay"), ("📈 Growth", "growth"), ("🧑‍💼 Openings", "openings"))


def results_page(results: Results, knowledge: Knowledge, finder: Finder, page: int = 0) -> Reply:
    """One page of results: the filters and the order said, then up to 10 careers, each with
    median pay, entry education and projected change, a button each, and More."""
    search = results.search
    if not results.found:
        return nothing_found(results, knowledge, finder)
    pages = -(-len(results.found) // PAGE)
    page = min(max(page, 0), pages - 1)
    shown = results.found[page * PAGE : (page + 1) * PAGE]
    heading = line(bold("🔎 " + restated(search, knowledge, finder, results)))
    lines: list[Line] = [heading]
    for n, found in enumerate(shown, start=page * PAGE + 1):
        lines.append(line(f"{n}. ", bold(found.career.title)))
        lines.append(line("   " + figures(found, search)))
    entries = len(lines)
    lines.append(line(_count_line(results, page, pages)))
    if results.unranked:
        lines.append(line(italic(_left_out(results.unranked, search, results.area))))
    national = search.order in ("growth", "decline", "openings") or search.outlook is not None
    if results.area is not None and national:
        lines.append(line(italic(f"Growth and openings exist only nationally, not for "
                                 f"{results.area.name}.")))  # fmt: skip
    lines.append(_sources(search, knowledge, shown))
    buttons: list[tuple[Button, ...]] = [
        (Button(short_title(f.career.title), data=topic_data(f.career.soc, "overview")),)
        for f in shown
    ]
    code = finder.encode(search)
    paging = []
    if page > 0:
        paging.append(Button("◀ Back", data=f"f|{RESULTS}|{code}|{page - 1}"))
    if page + 1 < pages:
        paging.append(
            Button(f"➕ More ({page + 2}/{pages})", data=f"f|{RESULTS}|{code}|{page + 1}")
        )
    if paging and all(len(b.data.encode()) <= MAX_DATA for b in paging if b.data):
        buttons.append(tuple(paging))
    location = Place(results.area, results.area, None).location if results.area else None
    return Reply(
        tuple(lines),
        tuple(buttons),
        kind="answer",
        intent="find",
        careers=tuple(f.career for f in shown),
        location=location,
        search=search,
        table=_table(shown, search, page),
        intro=(line_text(heading),),
        notes=tuple(line_text(ln) for ln in lines[entries:]),
    )


def _table(shown: tuple[Found, ...], search: Search, page: int) -> tuple[tuple[str, ...], ...]:
    extra = {"openings": "openings/yr", "employment": "jobs"}.get(search.order)
    header = ("#", "career", "median pay", "entry education", "change 2024–34")
    rows = [(*header, extra) if extra else header]
    for n, found in enumerate(shown, start=page * PAGE + 1):
        row = (str(n), found.career.title, _pay(found, search), _level(found),
               percent(found.change) if found.change is not None else "—")  # fmt: skip
        rows.append((*row, _key_figure(found, search) or "—") if extra else row)
    return tuple(rows)


def figures(found: Found, search: Search) -> str:
    """ "$53,750 · high school · +2.2%", the ranked figure first when it is none of them."""
    parts = [_pay(found, search), _level(found)]
    parts.append(percent(found.change) if found.change is not None else "change n/a")
    key = _key_figure(found, search)
    return " · ".join([key, *parts] if key else parts)


def _pay(found: Found, search: Search) -> str:
    hourly = search.hourly_min is not None or search.hourly_max is not None
    if hourly and found.hourly is not None and not search.pay_min and not search.pay_max:
        return money(found.hourly, hourly=True) + "/hr"
    if found.pay is not None:
        return money(found.pay, hourly=False)
    return money(found.hourly, hourly=True) + "/hr" if found.hourly is not None else "pay n/a"


def _level(found: Found) -> str:
    return LEVEL_SHORT.get(found.education or "", "education n/a")


def _key_figure(found: Found, search: Search) -> str | None:
    if search.order == "openings" and found.openings is not None:
        return f"{count(found.openings)} openings/yr"
    if search.order == "employment" and found.employed is not None:
        return f"{count(found.employed)} jobs"
    return None


def _count_line(results: Results, page: int, pages: int) -> str:
    total = len(results.found)
    said = "1 career matches" if total == 1 else f"{count(total)} careers match"
    return said + (f" · page {page + 1} of {pages}" if pages > 1 else "") + "."


def _left_out(unranked: int, search: Search, area: Area | None) -> str:
    what = {"pay": "pay", "employment": "employment", "similar": "figures"}.get(
        search.order, "projections"
    )
    careers = "1 career" if unranked == 1 else f"{count(unranked)} careers"
    if area is not None:
        return f"Left out: {careers} without published figures for {area.name}."
    return f"Left out: {careers} whose {what} BLS does not publish."


def restated(search: Search, knowledge: Knowledge, finder: Finder, results: Results) -> str:
    """The search in words: "Careers paying at least $100,000 a year that need less than an
    associate's degree, highest paid first"."""
    parts = ["Careers"]
    terms = knowledge.finder.fields
    if search.fields:
        labels = [_lower(terms[f].label) if f in terms else f for f in search.fields]
        parts.append("in " + " or ".join(labels))
    if search.like:
        like = knowledge.career(search.like)
        parts.append(f"similar to {like.title}" if like else "similar")
    if search.programme:
        title = finder.programme_title(search.programme) or search.programme
        parts.append(f"linked to the programme “{title}”")
    if results.area is not None:
        parts.append(f"in {results.area.name}")
    parts += _pay_words(search, knowledge)
    if search.education:
        parts.append(EDUCATION[search.education][1])
    if search.experience == "none":
        parts.append("needing no work experience")
    if search.training == "apprenticeship":
        parts.append("learned through an apprenticeship")
    if search.outlook:
        parts.append(OUTLOOKS[search.outlook])
    return " ".join(parts) + ", " + SORTS[search.order] + ":"


def _lower(label: str) -> str:
    """ "Healthcare" -> "healthcare" inside a sentence."""
    return label[:1].lower() + label[1:]


def _pay_words(search: Search, knowledge: Knowledge) -> list[str]:
    everyone = knowledge.finder.everyone
    words = []
    if search.pay_min is not None:
        median = everyone.annual.median if everyone else None
        if median is not None and search.pay_min == round(median):
            words.append(f"paying above the median of all occupations "
                         f"({money(median, hourly=False)} a year, {everyone.source.release})"  # type: ignore[union-attr]
                         )  # fmt: skip
        else:
            words.append(f"paying at least {money(search.pay_min, hourly=False)} a year")
    if search.pay_max is not None:
        words.append(f"paying under {money(search.pay_max, hourly=False)} a year")
    if search.hourly_min is not None:
        words.append(f"paying at least {money(search.hourly_min, hourly=True)} an hour")
    if search.hourly_max is not None:
        words.append(f"paying under {money(search.hourly_max, hourly=True)} an hour")
    return words


def _sources(search: Search, knowledge: Knowledge, shown: tuple[Found, ...]) -> Line:
    """The sources of the figures shown, each with its release."""
    used: list[Source] = []
    for found in shown[:1]:
        career = found.career
        for facts in (career.salary, career.outlook):
            used += [f.source for f in facts[-1:]]
        if search.programme and career.colleges.source:
            used.append(career.colleges.source)
        if search.like:
            used += [f.source for f in career.overview[:1]]
    spans: list[Span] = [plain("Sources: ")]
    for n, source in enumerate(dict.fromkeys(used)):
        spans += [plain(" · ")] if n else []
        spans.append(link(source.citation, source.url) if source.url else plain(source.citation))
    return tuple(spans)


def nothing_found(results: Results, knowledge: Knowledge, finder: Finder) -> Reply:
    """No career meets every filter: say so, and offer to drop one filter at a time."""
    search = results.search
    lines = [
        line(
            f"No career meets all of this: {restated(search, knowledge, finder, results)}".rstrip(
                ":"
            )
            + "."
        ),
    ]
    buttons = []
    for label, relaxed in relaxations(search):
        if finder.find(relaxed).found:
            data = f"f|{RESULTS}|{finder.encode(relaxed)}|0"
            if len(data.encode()) <= MAX_DATA:
                buttons.append((Button(label, data=data),))
    if buttons:
        lines.append(line("Drop one of the filters:"))
    else:
        lines.append(line("Try fewer filters, or browse with /careers."))
    return Reply(tuple(lines), tuple(buttons), kind="answer", intent="find", search=search)


def relaxations(search: Search) -> list[tuple[str, Search]]:
    """Each filter dropped on its own, with a button label saying so."""
    dropped = []
    if search.pay_min or search.pay_max or search.hourly_min or search.hourly_max:
        dropped.append(("Any pay", replace(search, pay_min=None, pay_max=None, hourly_min=None,
                                           hourly_max=None)))  # fmt: skip
    if search.education:
        dropped.append(("Any education", replace(search, education=None)))
    if search.experience:
        dropped.append(("Any experience", replace(search, experience=None)))
    if search.training:
        dropped.append(("No apprenticeship needed", replace(search, training=None)))
    if search.outlook:
        dropped.append(("Any outlook", replace(search, outlook=None)))
    if search.place:
        dropped.append(("Nationwide", replace(search, place=None)))
    if search.fields:
        dropped.append(("Any field", replace(search, fields=())))
    return dropped


# --- the guided finder ----------------------------------------------------------------------


def step(step_name: str, search: Search, finder: Finder, wish: str | None = None) -> Reply:
    """One step of the guided finder, every step skippable: field, school, what matters."""
    if step_name == "field":
        return _field_step(search, finder)
    if step_name == "school":
        lines = [line(bold("How much school are you up for?"))]
        choices = [(label, replace(search, education=key)) for label, key in SCHOOLING]
        after = "matters"
    else:
        lines = [line(bold("What matters most to you?"))]
        choices = [(label, replace(search, sort=key)) for label, key in MATTERS]
        after = RESULTS
    if wish is not None:
        lines.insert(0, line(italic(wish)))
    buttons = [_choice(finder, label, after, chosen) for label, chosen in choices]
    buttons.append(_choice(finder, "Skip ⏭", after, search))
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return Reply(tuple(lines), rows, kind="choose", intent="find", search=search)


def _field_step(search: Search, finder: Finder) -> Reply:
    terms = finder.knowledge.finder.fields
    lines = [
        line(bold("Let's find careers that fit you.")),
        line("Three quick questions; skip any. First: which field interests you?"),
    ]
    buttons = [
        _choice(finder, terms[key].label, "school", replace(search, fields=(key,)))
        for key in GUIDED_FIELDS
        if key in terms
    ]
    buttons.append(_choice(finder, "Any field ⏭", "school", search))
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return Reply(tuple(lines), rows, kind="choose", intent="find", search=search)


def _choice(finder: Finder, label: str, step_name: str, search: Search) -> Button:
    if step_name == RESULTS:
        return Button(label, data=f"f|{RESULTS}|{finder.encode(search)}|0")
    return Button(label, data=f"f|{step_name}|{finder.encode(search)}")


def wish_opening(search: Search, knowledge: Knowledge) -> str:
    """The line saying which fields a wish opened: "Fields where you work with your hands:
    Construction, Installation & repair, Production & manufacturing." """
    terms = knowledge.finder.fields
    labels = ", ".join(terms[f].label for f in search.fields if f in terms)
    return f"I'll look in {labels}."
