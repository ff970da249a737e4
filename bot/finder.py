"""The career finder: which careers meet a set of filters, in a stated order. Pure.

A :class:`Search` holds what the user asked for in the knowledge base's own terms (median pay,
BLS's typical entry education, projected change, SOC groups, a CIP programme, a place); `find`
applies it to every career and ranks the careers that meet every filter. A search travels in
button data as a short code (`Search.code`), so a "More" press needs no server state.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, fields, replace

from rapidfuzz import fuzz, process

from bot.knowledge import (
    Career,
    EducationFact,
    EmploymentFact,
    Knowledge,
    OutlookFact,
    SalaryFact,
)
from bot.local import Area, LocalFigure, LocalFigures
from bot.wording import ENTRY_LEVELS
from bot.words import normalise, root, stem

PAGE = 10  # careers a page
PLACES_KEPT = 16  # places whose every career's figures stay ready for the finder

LEVELS = ENTRY_LEVELS  # BLS's typical entry-level education categories, least first
# Education filters -> the entry levels they allow, and how a reply says them.
EDUCATION: dict[str, tuple[tuple[str, ...], str]] = {
    "no-degree": (LEVELS[:4], "that need less than an associate's degree"),
    "high-school": (LEVELS[:2], "that need at most a high school diploma"),
    "certificate": ((LEVELS[3],), "that start with a postsecondary certificate"),
    "associate": ((LEVELS[4],), "that start with an associate's degree"),
    "below-bachelor": (LEVELS[:5], "that need less than a bachelor's degree"),
    "bachelor": ((LEVELS[5],), "that start with a bachelor's degree"),
    "master": ((LEVELS[6],), "that start with a master's degree"),
    "doctoral": ((LEVELS[7],), "that start with a doctoral or professional degree"),
    "graduate": (LEVELS[6:], "that start with a master's, doctoral or professional degree"),
}
# Orders -> how a reply names them.
SORTS = {
    "pay": "highest paid first",
    "growth": "fastest growing first",
    "decline": "fastest declining first",
    "openings": "most openings a year first",
    "employment": "most jobs first",
    "similar": "most similar first",
}
OUTLOOKS = {"growing": "projected to grow", "declining": "projected to decline"}


@dataclass(frozen=True)
class Search:
    """Filters and an order, each empty when not asked for."""

    pay_min: int | None = None  # annual median pay, dollars, at least
    pay_max: int | None = None  # ... under
    hourly_min: float | None = None  # hourly median pay, at least
    hourly_max: float | None = None
    education: str | None = None  # a key of EDUCATION
    experience: str | None = None  # "none": no work experience needed
    training: str | None = None  # "apprenticeship"
    outlook: str | None = None  # "growing" or "declining"
    fields: tuple[str, ...] = ()  # keys of finder.yaml's fields
    place: str | None = None  # an OEWS area code: pay and employment there
    sort: str | None = None  # a key of SORTS; None: the default order (`order`)
    programme: str | None = None  # a CIP code: the careers the crosswalk links to it
    like: str | None = None  # a SOC code: the careers O*NET relates to it

    @property
    def order(self) -> str:
        """The order said, else the default: similarity for "jobs like X", pay when pay was
        asked about, growth or decline for an outlook, local jobs in a place, else openings."""
        if self.sort is not None:
            return self.sort
        if self.like is not None:
            return "similar"
        if self.pay_min or self.pay_max or self.hourly_min or self.hourly_max:
            return "pay"
        if self.outlook is not None:
            return "growth" if self.outlook == "growing" else "decline"
        return "employment" if self.place else "openings"

    @property
    def empty(self) -> bool:
        return self == Search()

    def code(self, short: Mapping[str, str] | None = None) -> str:
        """A short code of the search for button data: "p100000~eno-degree~spay"; fields by
        their `short` codes when given ("ghc" for healthcare)."""
        parts = []
        for name, value in _values(self):
            tag = _TAGS[name]
            if isinstance(value, tuple):
                parts += [tag + (short or {}).get(str(item), str(item)) for item in value]
            elif isinstance(value, float | int):
                parts.append(tag + _number(value))
            else:
                parts.append(tag + str(value))
        return "~".join(parts)

    @classmethod
    def decode(cls, code: str, short: Mapping[str, str] | None = None) -> Search | None:
        """The search of a code; None for a code no search gives (stale or forged data).
        `short`: the fields' short codes, as given to `code`."""
        keys = {c: k for k, c in (short or {}).items()}
        values: dict[str, object] = {}
        for part in code.split("~") if code else ():
            name = _NAMES.get(part[:1])
            if name is None or not part[1:]:
                return None
            value = keys.get(part[1:], part[1:]) if name == "fields" else _parse(name, part[1:])
            if value is None:
                return None
            if name == "fields":
                values["fields"] = (*values.get("fields", ()), value)  # type: ignore[misc]
            else:
                values[name] = value
        search = cls(**values)  # type: ignore[arg-type]
        return search if search.code(short) == code else None


_TAGS = {
    "pay_min": "p", "pay_max": "q", "hourly_min": "h", "hourly_max": "i", "education": "e",
    "experience": "x", "training": "a", "outlook": "o", "fields": "g", "place": "l",
    "sort": "s", "programme": "c", "like": "k",
}  # fmt: skip
_NAMES = {tag: name for name, tag in _TAGS.items()}
_ALLOWED: dict[str, Collection[str]] = {"education": EDUCATION, "sort": SORTS, "outlook": OUTLOOKS}


def _values(search: Search) -> Iterator[tuple[str, object]]:
    for f in fields(search):
        value = getattr(search, f.name)
        if value is not None and value != ():
            yield f.name, value


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _parse(name: str, text: str) -> object | None:
    if name in ("pay_min", "pay_max"):
        return int(text) if text.isdigit() else None
    if name in ("hourly_min", "hourly_max"):
        try:
            return float(text)
        except ValueError:
            return None
    allowed = _ALLOWED.get(name)
    if allowed is not None and text not in allowed:
        return None
    return text


@dataclass(frozen=True)
class Found:
    """One career's figures the finder filtered and ranked on."""

    career: Career
    pay: float | None  # annual median, in the place when the search has one
    hourly: float | None
    employed: int | None  # in the place when the search has one
    change: float | None  # projected change, percent, nationally
    openings: int | None
    education: str | None  # BLS's typical entry education
    here: bool = True  # in a place: BLS has figures for the career there


@dataclass(frozen=True)
class Results:
    search: Search
    found: tuple[Found, ...]  # every career meeting every filter, in the search's order
    unranked: int  # careers left out for want of a figure a filter or the order needs
    area: Area | None = None  # the place whose pay and jobs were used


class Finder:
    """Runs searches over one knowledge base (and its local figures)."""

    def __init__(self, knowledge: Knowledge, local: LocalFigures | None = None) -> None:
        self.knowledge = knowledge
        self.local = local
        self._short = {key: f.code for key, f in knowledge.finder.fields.items()}
        self._place_cache: dict[str, tuple[Found, ...]] = {}

    # Built on the first search, not at start-up (about 0.1 s): most chats never search.

    @functools.cached_property
    def _national(self) -> tuple[Found, ...]:
        return tuple(_figures(c, None) for c in self.knowledge.careers)

    @functools.cached_property
    def _programmes(self) -> dict[str, list[str]]:
        """CIP code -> the careers the crosswalk links to it."""
        linked: dict[str, list[str]] = {}
        for career in self.knowledge.careers:
            for programme in career.colleges.programmes:
                linked.setdefault(programme.cip, []).append(career.soc)
        return linked

    @functools.cached_property
    def _titles(self) -> dict[str, str]:
        return {p.cip: p.title for c in self.knowledge.careers for p in c.colleges.programmes}

    @functools.cached_property
    def _title_words(self) -> dict[str, tuple[set[str], set[str], bool]]:
        """Each programme title's words: roots, stems, and whether it is a "General" one."""
        return {
            cip: (_subject_words(title), {stem(w) for w in normalise(title)},
                  "general" in title.lower())
            for cip, title in self._titles.items()
        }  # fmt: skip

    @functools.cached_property
    def _by_root(self) -> dict[str, set[str]]:
        """A word's root -> the programmes whose titles hold it."""
        found: dict[str, set[str]] = {}
        for cip, (roots, _, _) in self._title_words.items():
            for word in roots:
                found.setdefault(word, set()).add(cip)
        return found

    @functools.cached_property
    def _roots(self) -> list[str]:
        return sorted(self._by_root)

    def encode(self, search: Search) -> str:
        """The search's code for button data, fields by their short codes."""
        return search.code(self._short)

    def decode(self, code: str) -> Search | None:
        """The search of a code from button data; None when stale or forged."""
        search = Search.decode(code, self._short)
        if search is None or not set(search.fields) <= set(self.knowledge.finder.fields):
            return None
        return search

    def programme_title(self, cip: str) -> str | None:
        """A CIP programme's title, when a career is linked to it."""
        return self._titles.get(cip)

    def programme(self, subject: str, *, loose: bool = False) -> str | None:
        """The CIP code of the programme a subject names ("marine biology"): the title holding
        every word of it (a typo of a long word allowed) and the fewest others; then the most
        words as written; then a "General" one; then the lowest code. `loose` (read from
        "careers in X", which may name no subject): only a title with at most one other word."""
        short = self.knowledge.finder.subjects
        said = normalise(" ".join(short.get(w, w) for w in normalise(subject)))
        wanted = {self._known_root(w) for w in _subject_words(" ".join(said))}
        if not wanted or None in wanted:
            return None
        teaching = bool({"teach", "educ"} & wanted)
        stems = {stem(w) for w in said}
        cips = set.intersection(*(self._by_root[w] for w in wanted if w is not None))
        best: tuple[int, int, bool, str] | None = None
        for cip in cips:
            have, title_stems, general = self._title_words[cip]
            if not teaching and {"teach", "educ"} & have:
                continue  # "English", "nursing": the subject, not how to teach it
            extra = len(have) - len(wanted)
            if loose and extra > 1:
                continue
            key = (extra, -len(stems & title_stems), not general, cip)
            if best is None or key < best:
                best = key
        return best[3] if best else None

    def _known_root(self, word: str) -> str | None:
        """A word's root as programme titles hold it, a typo of a long one mended."""
        if word in self._by_root or len(word) < 5:
            return word if word in self._by_root else None
        found = process.extractOne(word, self._roots, scorer=fuzz.ratio, score_cutoff=85)
        return found[0] if found and abs(len(found[0]) - len(word)) <= 2 else None

    def find(self, search: Search) -> Results:
        """The careers meeting every filter, in the search's order."""
        area = self.local.areas.get(search.place) if self.local and search.place else None
        everyone = self._in_place(area) if area is not None else self._national
        keep = self._scope(search)
        checks = _checks(search)
        passed: list[Found] = []
        unranked = 0
        for found in everyone:
            if not keep(found.career):
                continue
            verdict = _meets(found, checks)
            if verdict is False:
                continue
            # In a place, only careers BLS counts there ("jobs in Austin").
            if verdict is None or not found.here or _key(found, search) is None:
                unranked += 1  # a figure it needs is not published
            else:
                passed.append(found)
        return Results(search, self._ranked(passed, search), unranked, area)

    def _scope(self, search: Search) -> Callable[[Career], bool]:
        """Which careers the search looks at: a field, a programme's, a career's similar."""
        terms = self.knowledge.finder.fields
        groups = [terms[f] for f in search.fields if f in terms]
        linked = set(self._programmes.get(search.programme, ())) if search.programme else None
        like = self.knowledge.career(search.like) if search.like else None
        similar = set(like.similar) if like is not None else None

        def keep(career: Career) -> bool:
            if groups and not any(g.holds(career.soc) for g in groups):
                return False
            if linked is not None and career.soc not in linked:
                return False
            return similar is None or career.soc in similar

        return keep

    def _ranked(self, passed: list[Found], search: Search) -> tuple[Found, ...]:
        if search.order == "similar":
            like = self.knowledge.career(search.like or "")
            rank = {soc: n for n, soc in enumerate(like.similar)} if like else {}
            return tuple(sorted(passed, key=lambda f: rank.get(f.career.soc, len(rank))))
        ascending = search.order == "decline"

        def key(found: Found) -> tuple[float, str]:
            value = _key(found, search) or 0.0
            return (value if ascending else -value, found.career.title)

        return tuple(sorted(passed, key=key))

    def _in_place(self, area: Area) -> tuple[Found, ...]:
        """Every career's figures with pay and jobs of one place (national outlook); the
        last few places kept."""
        if area.code not in self._place_cache:
            if len(self._place_cache) >= PLACES_KEPT:
                del self._place_cache[next(iter(self._place_cache))]
            self._place_cache[area.code] = self._read_place(area)
        return self._place_cache[area.code]

    def _read_place(self, area: Area) -> tuple[Found, ...]:
        assert self.local is not None
        rows = self.local.area(area.code, [c.id for c in self.knowledge.careers])
        return tuple(
            _figures(found.career, rows.get(found.career.id), national=found)
            for found in self._national
        )


def _figures(career: Career, row: LocalFigure | None, national: Found | None = None) -> Found:
    if national is not None:  # in a place: its pay and jobs, the nation's outlook
        return replace(
            national,
            pay=row.annual.median if row else None,
            hourly=row.hourly.median if row else None,
            employed=row.employed if row else None,
            here=row is not None,
        )
    salary = _latest(career.salary)
    employment = _latest(career.employment)
    outlook = max(career.outlook, key=lambda f: f.end_year, default=None)
    education = next((f for f in career.education if f.entry_education), None)
    return Found(
        career,
        salary.annual.median if isinstance(salary, SalaryFact) else None,
        salary.hourly.median if isinstance(salary, SalaryFact) else None,
        employment.employed if isinstance(employment, EmploymentFact) else None,
        outlook.change_percent if isinstance(outlook, OutlookFact) else None,
        outlook.openings if isinstance(outlook, OutlookFact) else None,
        education.entry_education if isinstance(education, EducationFact) else None,
    )


def _latest(facts: tuple[SalaryFact, ...] | tuple[EmploymentFact, ...]) -> object | None:
    return max(facts, key=lambda f: f.year, default=None)


# A check returns True (met), False (not met) or None (no figure to tell).
Check = Callable[[Found], bool | None]


def _checks(search: Search) -> list[Check]:
    """One check a filter of the search."""
    checks: list[Check] = []
    bounds = (
        (search.pay_min, lambda f: f.pay, True),
        (search.pay_max, lambda f: f.pay, False),
        (search.hourly_min, lambda f: f.hourly, True),
        (search.hourly_max, lambda f: f.hourly, False),
    )
    for bound, figure, at_least in bounds:
        if bound is not None:
            checks.append(_bound(bound, figure, at_least))
    if search.education is not None:
        allowed = EDUCATION[search.education][0]
        checks.append(lambda f: None if f.education is None else f.education in allowed)
    if search.experience == "none":
        checks.append(lambda f: _experience(f.career) == "None")
    if search.training == "apprenticeship":
        checks.append(lambda f: _training(f.career) == "Apprenticeship")
    if search.outlook is not None:
        grow = search.outlook == "growing"
        checks.append(lambda f: None if f.change is None else (f.change > 0) == grow)
    return checks


def _bound(bound: float, figure: Callable[[Found], float | None], at_least: bool) -> Check:
    def check(found: Found) -> bool | None:
        value = figure(found)
        if value is None:
            return None
        return value >= bound if at_least else value < bound

    return check


def _meets(found: Found, checks: list[Check]) -> bool | None:
    """False when a filter is not met; None when none fails but one cannot tell."""
    unknown = False
    for check in checks:
        verdict = check(found)
        if verdict is False:
            return False
        unknown = unknown or verdict is None
    return None if unknown else True


def _key(found: Found, search: Search) -> float | None:
    order = search.order
    if order == "pay":
        hourly_only = search.hourly_min is not None or search.hourly_max is not None
        return found.hourly if hourly_only and not search.pay_min else found.pay
    if order in ("growth", "decline"):
        return found.change
    if order == "openings":
        return None if found.openings is None else float(found.openings)
    if order == "employment":
        return None if found.employed is None else float(found.employed)
    return 0.0  # similar: O*NET's order


_NOT_SUBJECT = frozenset(
    ("general", "other", "and", "of", "in", "the", "for", "a", "an", "studies")
)


def _subject_words(text: str) -> set[str]:
    return {root(stem(w)) for w in normalise(text) if w not in _NOT_SUBJECT}


def _experience(career: Career) -> str | None:
    return next((f.work_experience for f in career.education if f.work_experience), None)


def _training(career: Career) -> str | None:
    return next((f.training for f in career.education if f.training), None)
