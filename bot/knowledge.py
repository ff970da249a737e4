"""Load and validate the knowledge base (``knowledge/``) into frozen dataclasses.

Layout (documented in ``knowledge/README.md``):

- ``sources.yaml``  every source a fact may name: publisher, release, year, licence, URL
- ``intents.yaml``  the six intents with the phrases that signal them, plus filler words
- ``links.yaml``    URL templates of college-search tools
- ``groups.yaml``   the 22 SOC major groups, for browsing
- ``careers/*.yaml`` one career a file

Every problem is reported as a :class:`KnowledgeError` naming the file, the field and what is
wrong, so ``careerbot validate`` and start-up can print one actionable line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from bot.words import normalise

if TYPE_CHECKING:
    from bot.finder_terms import FinderTerms
    from bot.uncounted import Uncounted

INTENTS = ("overview", "education", "employment", "outlook", "salary", "colleges", "places")
WAGE_KEYS = ("p10", "p25", "median", "p75", "p90", "mean")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SOC_RE = re.compile(r"^\d{2}-\d{4}$")
_CIP_RE = re.compile(r"^\d{2}\.\d{4}$")
MAX_ID_LENGTH = 48  # leaves room in Telegram's 64-byte deep-link payloads

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeError(Exception):
    """A knowledge file is missing, unreadable or invalid."""

    def __init__(self, file: Path | str, field: str, problem: str) -> None:
        self.file = str(file)
        self.field = field
        self.problem = problem
        super().__init__(f"{self.file}: {field}: {problem}" if field else f"{self.file}: {problem}")


# --- the model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    short: str
    release: str
    year: int
    licence: str
    url: str | None = None
    attribution: str | None = None  # text the licence asks us to show
    # The official page of one occupation's figures; {soc} (29-1141) and {soc_digits} (291141)
    # are filled in. None when the source has no page per occupation.
    page: str | None = None

    @property
    def citation(self) -> str:
        """How a reply names this source, e.g. "BLS OEWS, May 2025"."""
        return f"{self.short}, {self.release}"

    def page_for(self, soc: str) -> str | None:
        """The page showing this source's figures for one occupation, else its home page."""
        if self.page is None:
            return self.url
        return self.page.format(soc=soc, soc_digits=soc.replace("-", ""))


@dataclass(frozen=True)
class Wages:
    p10: float | None = None
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    p90: float | None = None
    mean: float | None = None
    top_coded: frozenset[str] = frozenset()  # keys whose value is "at least" (BLS top-coding)

    def get(self, key: str) -> float | None:
        value: float | None = getattr(self, key)
        return value


@dataclass(frozen=True)
class OverviewFact:
    source: Source
    text: str
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True)
class EducationFact:
    source: Source
    entry_education: str | None = None
    work_experience: str | None = None
    training: str | None = None
    job_zone: int | None = None
    job_zone_name: str | None = None
    # What the people in the career say it requires (O*NET's Required Level of Education):
    # (level, percent of respondents), most said first.
    required: tuple[tuple[str, float], ...] = ()
    text: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Industry:
    name: str
    employed: int


@dataclass(frozen=True)
class EmploymentFact:
    source: Source
    year: int
    employed: int | None = None
    industries: tuple[Industry, ...] = ()
    text: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class OutlookFact:
    source: Source
    start_year: int
    end_year: int
    change_percent: float | None = None
    employment_start: int | None = None
    employment_end: int | None = None
    wording: str | None = None
    openings: int | None = None
    text: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class SalaryFact:
    source: Source
    year: int
    hourly: Wages = field(default_factory=Wages)
    annual: Wages = field(default_factory=Wages)
    note: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Programme:
    cip: str
    title: str


@dataclass(frozen=True)
class CollegeTool:
    link: str  # id in links.yaml
    label: str
    text: str


@dataclass(frozen=True)
class Colleges:
    source: Source | None
    programmes: tuple[Programme, ...] = ()
    tools: tuple[CollegeTool, ...] = ()


@dataclass(frozen=True)
class Career:
    id: str
    soc: str
    title: str
    aliases: tuple[str, ...]
    overview: tuple[OverviewFact, ...]
    education: tuple[EducationFact, ...]
    employment: tuple[EmploymentFact, ...]
    outlook: tuple[OutlookFact, ...]
    salary: tuple[SalaryFact, ...]
    colleges: Colleges
    similar: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()  # aliases other careers share, kept to ask back

    @property
    def group(self) -> str:
        """SOC major group code, e.g. "11-0000"."""
        return self.soc[:2] + "-0000"


@dataclass(frozen=True)
class Intent:
    name: str
    label: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class LinkTemplate:
    id: str
    label: str
    url: str
    per: str  # "programme" (one link per CIP programme) or "career"
    description: str
    audience: str | None = None  # whom the tool is for, when not everyone ("veterans")
    state_url: str | None = None  # the same search within one state ({state}: "TX")


@dataclass(frozen=True)
class Group:
    code: str
    title: str  # the official SOC name
    short: str = ""  # in everyday words, for buttons ("Healthcare")

    @property
    def label(self) -> str:
        return self.short or self.title


@dataclass(frozen=True)
class SmallTalk:
    """One kind of small talk ("thanks"): what people say, and what the bot says back."""

    kind: str
    phrases: frozenset[tuple[str, ...]]  # normalised words of each phrase
    reply: tuple[str, ...]
    keywords: frozenset[str] = frozenset()  # a word that makes a message this kind ("bot")
    words: frozenset[str] = frozenset()  # words that may go with it ("thanks *so much*")


@dataclass(frozen=True, eq=False)  # compared (and cached on) as one object
class SmallTalkData:
    """``small-talk.yaml``: the kinds of small talk, tried in order, and what they share."""

    kinds: tuple[SmallTalk, ...] = ()
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # "u" -> ("you",)
    filler: frozenset[str] = frozenset()  # words that change nothing ("ok", "lol", "the")


@dataclass(frozen=True)
class Level:
    """One BLS education or training category in plain words, with how long it takes."""

    plain: str  # "a bachelor's degree"
    takes: str | None = None  # "about 4 years of full-time study"


@dataclass(frozen=True)
class EducationLevels:
    """``education-levels.yaml``: BLS's education, experience and training categories."""

    source: Source | None = None
    entry_education: Mapping[str, Level] = field(default_factory=dict)
    work_experience: Mapping[str, Level] = field(default_factory=dict)
    training: Mapping[str, Level] = field(default_factory=dict)


def _no_finder_terms() -> FinderTerms:
    from bot.finder_terms import FinderTerms

    return FinderTerms()


@dataclass(frozen=True)
class Knowledge:
    careers: tuple[Career, ...]
    sources: Mapping[str, Source]
    intents: Mapping[str, Intent]
    filler: frozenset[str]
    synonyms: Mapping[str, str]  # short forms -> what they stand for; upper-case keys match only so
    # Acronyms people type in lower case ("rn", "cna"); any other acronym of a career name
    # ("APP", "ART") matches only when written in capitals.
    acronyms: frozenset[str]
    # Names several careers give, none clearly the one meant (casefolded) -> their SOC codes,
    # the likeliest first: the order in which to offer them.
    shared_names: Mapping[str, tuple[str, ...]]
    links: Mapping[str, LinkTemplate]
    groups: tuple[Group, ...]
    by_id: Mapping[str, Career]
    by_soc: Mapping[str, Career]
    levels: EducationLevels = field(default_factory=EducationLevels)
    small_talk: SmallTalkData = field(default_factory=SmallTalkData)
    finder: FinderTerms = field(default_factory=_no_finder_terms)
    # Ways of earning BLS counts as no occupation ("influencer"), from uncounted.yaml.
    uncounted: tuple[Uncounted, ...] = ()
    # Employers people name with a job ("McDonald's") -> the workplace they say ("fast food").
    employers: tuple[tuple[str, str], ...] = ()

    def career(self, key: str) -> Career | None:
        """Find a career by id or SOC code; None when there is no such career."""
        return self.by_id.get(key) or self.by_soc.get(key)

    def in_group(self, group: str) -> tuple[Career, ...]:
        """Careers of one SOC major group, by title."""
        return tuple(sorted((c for c in self.careers if c.group == group), key=lambda c: c.title))


# --- validation helpers ---------------------------------------------------------------------


class _Reader:
    """Typed access to one YAML mapping that reports file and field path on failure."""

    def __init__(self, file: Path, data: Any, path: str = "") -> None:
        self.file = file
        self.path = path
        if not isinstance(data, Mapping):
            raise KnowledgeError(file, path or "(top level)", "must be a mapping")
        self.data = data

    def _field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> KnowledgeError:
        return KnowledgeError(self.file, self._field(key), problem)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        return value.strip()

    def req_text(self, key: str) -> str:
        value = self.text(key)
        assert value is not None
        return value

    def integer(self, key: str, *, required: bool = True, minimum: int | None = 0) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {value!r}")
        if minimum is not None and value < minimum:
            raise self.fail(key, f"must be at least {minimum}, not {value}")
        return value

    def number(self, key: str, *, required: bool = True, minimum: float | None = 0) -> float | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, not {value!r}")
        if minimum is not None and value < minimum:
            raise self.fail(key, f"must be at least {minimum}, not {value}")
        return float(value)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(key, "must be a list of strings")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{key}[{i}]", "must be a non-empty string")
        return tuple(item.strip() for item in value)

    def items(self, key: str, *, required: bool = False) -> list[_Reader]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return []
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        return [
            _Reader(self.file, item, self._field(f"{key}[{i}]")) for i, item in enumerate(value)
        ]

    def child(self, key: str, *, required: bool = False) -> _Reader | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return None
        return _Reader(self.file, value, self._field(key))

    def unknown(self, allowed: Sequence[str]) -> None:
        extra = sorted(str(k) for k in self.data if k not in allowed)
        if extra:
            raise self.fail(
                extra[0], f"is not a known field (expected one of: {', '.join(allowed)})"
            )


def _read_yaml(file: Path) -> Any:
    try:
        with file.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)
    except FileNotFoundError:
        raise KnowledgeError(file, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise KnowledgeError(file, "", f"is not UTF-8 text ({exc.reason})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError(file, "", f"is not valid YAML{where}: {problem}") from None


# --- the parts of a knowledge directory ---------------------------------------------------


def load_sources(file: Path) -> dict[str, Source]:
    top = _Reader(file, _read_yaml(file))
    sources: dict[str, Source] = {}
    for key in top.data:
        entry = top.child(str(key), required=True)
        assert entry is not None
        if not _ID_RE.match(str(key).replace(".", "-")):
            raise top.fail(str(key), "source ids use lower-case letters, digits, dots and dashes")
        entry.unknown(("name", "short", "release", "year", "licence", "url", "attribution", "page"))
        year = entry.integer("year", minimum=1900)
        assert year is not None
        page = entry.text("page", required=False)
        if page is not None:
            if not page.startswith("https://"):
                raise entry.fail("page", "must be an https:// URL template")
            try:
                page.format(soc="", soc_digits="")
            except (KeyError, IndexError, ValueError) as exc:
                raise entry.fail("page", f"has an unknown placeholder {exc}") from None
        sources[str(key)] = Source(
            id=str(key),
            name=entry.req_text("name"),
            short=entry.req_text("short"),
            release=entry.req_text("release"),
            year=year,
            licence=entry.req_text("licence"),
            url=entry.text("url", required=False),
            attribution=entry.text("attribution", required=False),
            page=page,
        )
    if not sources:
        raise KnowledgeError(file, "", "defines no sources")
    return sources


@dataclass(frozen=True)
class Phrasing:
    """What ``intents.yaml`` holds besides the intents: how people write."""

    filler: frozenset[str]
    synonyms: dict[str, str]
    acronyms: frozenset[str]


def load_intents(file: Path) -> tuple[dict[str, Intent], Phrasing]:
    top = _Reader(file, _read_yaml(file))
    top.unknown(("intents", "filler", "synonyms", "acronyms"))
    section = top.child("intents", required=True)
    assert section is not None
    intents: dict[str, Intent] = {}
    for name in INTENTS:
        entry = section.child(name)
        if entry is None:
            raise section.fail(name, "is missing: every intent needs its phrases")
        entry.unknown(("label", "phrases"))
        phrases = entry.texts("phrases")
        if not phrases:
            raise entry.fail("phrases", "must list at least one phrase")
        intents[name] = Intent(name, entry.req_text("label"), tuple(p.lower() for p in phrases))
    section.unknown(INTENTS)
    synonyms: dict[str, str] = {}
    table = top.child("synonyms")
    for key in table.data if table else ():
        assert table is not None
        synonyms[str(key)] = table.req_text(str(key))
    acronyms = top.texts("acronyms")
    for i, acronym in enumerate(acronyms):
        if not re.fullmatch(r"[a-z0-9]{2,6}", acronym):
            raise top.fail(f"acronyms[{i}]", f"{acronym!r} must be 2-6 lower-case letters, digits")
    filler = frozenset(w.lower() for w in top.texts("filler"))
    return intents, Phrasing(filler, synonyms, frozenset(acronyms))


def load_links(file: Path) -> dict[str, LinkTemplate]:
    top = _Reader(file, _read_yaml(file))
    links: dict[str, LinkTemplate] = {}
    for key in top.data:
        entry = top.child(str(key), required=True)
        assert entry is not None
        entry.unknown(("label", "url", "per", "description", "audience", "state_url"))
        url = entry.req_text("url")
        per = entry.req_text("per")
        if per not in ("programme", "career"):
            raise entry.fail("per", "must be 'programme' or 'career'")
        state_url = entry.text("state_url", required=False)
        for name, template in (("url", url), ("state_url", state_url)):
            if template is None:
                continue
            if not template.startswith("https://"):
                raise entry.fail(name, "must be an https:// URL template")
            try:
                template.format(cip="", cip4="", title="", soc="", state="")
            except (KeyError, IndexError, ValueError) as exc:
                raise entry.fail(name, f"has an unknown placeholder {exc}") from None
        links[str(key)] = LinkTemplate(
            str(key),
            entry.req_text("label"),
            url,
            per,
            entry.req_text("description"),
            entry.text("audience", required=False),
            state_url,
        )
    return links


def load_groups(file: Path) -> tuple[Group, ...]:
    top = _Reader(file, _read_yaml(file))
    groups = []
    for key in top.data:
        if not _SOC_RE.match(str(key)):
            raise top.fail(str(key), "group codes look like 11-0000")
        entry = top.child(str(key)) if isinstance(top.data[key], dict) else None
        if entry is None:  # "11-0000": Management
            groups.append(Group(str(key), top.req_text(str(key))))
            continue
        entry.unknown(("title", "short"))
        groups.append(
            Group(str(key), entry.req_text("title"), entry.text("short", required=False) or "")
        )
    return tuple(groups)


SMALL_TALK_FILE = "small-talk.yaml"
ALL_OCCUPATIONS_FILE = "all-occupations.yaml"  # generated; read by bot/finder_terms.py


EMPLOYERS_FILE = "employers.yaml"


def load_employers(file: Path) -> tuple[tuple[str, str], ...]:
    """``employers.yaml``: each employer's name as written, and the workplace it says; none
    when the file is absent."""
    if not file.exists():
        return ()
    top = _Reader(file, _read_yaml(file))
    top.unknown(("employers",))
    found: list[tuple[str, str]] = []
    for item in top.items("employers", required=True):
        item.unknown(("says", "names"))
        names = item.texts("names")
        if not names:
            raise item.fail("names", "needs a list of employers' names")
        says = item.req_text("says")
        found += [(name, says) for name in names]
    return tuple(found)


def load_small_talk(file: Path) -> SmallTalkData:
    """``small-talk.yaml``: kinds of small talk, their phrases, words and replies, and the
    chat spellings and filler all kinds share; optional."""
    if not file.exists():
        return SmallTalkData()
    top = _Reader(file, _read_yaml(file))
    kinds = tuple(_small_talk_kind(top, str(kind)) for kind in top.data if kind not in _SHARED_TALK)
    return SmallTalkData(kinds, _chat_spellings(top), _talk_words(top, "filler"))


_SHARED_TALK = ("spellings", "filler")  # top-level fields that are no kind


def _small_talk_kind(top: _Reader, kind: str) -> SmallTalk:
    entry = top.child(kind, required=True)
    assert entry is not None
    entry.unknown(("phrases", "reply", "keywords", "words"))
    phrases = frozenset(tuple(normalise(p)) for p in entry.texts("phrases"))
    reply = entry.texts("reply")
    if not phrases or not all(phrases) or not reply:
        raise entry.fail("phrases", "a kind needs phrases (with words) and reply lines")
    keywords = _talk_words(entry, "keywords")
    return SmallTalk(kind, phrases, reply, keywords, _talk_words(entry, "words"))


def _talk_words(entry: _Reader, key: str) -> frozenset[str]:
    """A list of single words, as messages are read (lower case, no punctuation)."""
    words = entry.texts(key)
    for i, word in enumerate(words):
        if normalise(word) != [word]:
            raise entry.fail(f"{key}[{i}]", f"must be one lower-case word, not {word!r}")
    return frozenset(words)


def _chat_spellings(top: _Reader) -> dict[str, tuple[str, ...]]:
    """``spellings``: a chat spelling (one word) -> the words it stands for."""
    table = top.child("spellings")
    if table is None:
        return {}
    spellings = {}
    for key in table.data:
        meant = tuple(normalise(table.req_text(str(key))))
        # A key is a word as messages are read ("thx"), or an emoji ("🙏"): no letters.
        if normalise(str(key)) not in ([str(key)], []) or not meant:
            raise table.fail(str(key), "must map one lower-case word or an emoji to words")
        spellings[str(key)] = meant
    return spellings


LEVELS_FILE = "education-levels.yaml"


def load_levels(file: Path, sources: Mapping[str, Source]) -> EducationLevels:
    """``education-levels.yaml``: BLS categories in plain words; optional."""
    if not file.exists():
        return EducationLevels()
    top = _Reader(file, _read_yaml(file))
    top.unknown(("source", "entry_education", "work_experience", "training"))

    def levels(key: str) -> dict[str, Level]:
        section = top.child(key, required=True)
        assert section is not None
        found = {}
        for name in section.data:
            entry = section.child(str(name), required=True)
            assert entry is not None
            entry.unknown(("plain", "takes"))
            found[str(name)] = Level(entry.req_text("plain"), entry.text("takes", required=False))
        return found

    return EducationLevels(
        _source(top, sources),
        levels("entry_education"),
        levels("work_experience"),
        levels("training"),
    )


def _source(r: _Reader, sources: Mapping[str, Source]) -> Source:
    key = r.req_text("source")
    if key not in sources:
        raise r.fail("source", f"names an unknown source {key!r} (see sources.yaml)")
    return sources[key]


def _year(r: _Reader, source: Source) -> int:
    year = r.integer("year", required=False, minimum=1900)
    return year if year is not None else source.year


def _wages(r: _Reader | None) -> Wages:
    if r is None:
        return Wages()
    r.unknown((*WAGE_KEYS, "top_coded"))
    values = {key: r.number(key, required=False) for key in WAGE_KEYS}
    top = r.texts("top_coded")
    for key in top:
        if key not in WAGE_KEYS:
            raise r.fail("top_coded", f"names {key!r}, which is not one of {', '.join(WAGE_KEYS)}")
    known = [v for k in ("p10", "p25", "median", "p75", "p90") if (v := values[k]) is not None]
    if known != sorted(known):
        raise r.fail("median", "percentiles must not decrease from p10 to p90")
    return Wages(**values, top_coded=frozenset(top))


_Fact = TypeVar("_Fact", OverviewFact, EducationFact, EmploymentFact, OutlookFact, SalaryFact)


def _newest_first(facts: list[_Fact]) -> tuple[_Fact, ...]:
    """Order a career's vintages of one figure newest first."""

    def year(fact: _Fact) -> int:
        if isinstance(fact, OutlookFact):
            return fact.start_year
        if isinstance(fact, EmploymentFact | SalaryFact):
            return fact.year
        return fact.source.year

    # Facts of the latest releases (within two years of the newest) keep their file order, so
    # BLS's entry education can lead O*NET's job zone; older vintages follow, newest first.
    newest = max((year(f) for f in facts), default=0)
    return tuple(sorted(facts, key=lambda f: (0, 0) if year(f) >= newest - 2 else (1, -year(f))))


CAREER_FIELDS = (
    "id", "soc", "title", "aliases", "ambiguous_aliases", "overview", "education",
    "employment", "outlook", "salary", "colleges", "similar",
)  # fmt: skip


def _overview(item: _Reader, sources: Mapping[str, Source]) -> OverviewFact:
    item.unknown(("source", "text", "tasks"))
    return OverviewFact(_source(item, sources), item.req_text("text"), item.texts("tasks"))


def _education(item: _Reader, sources: Mapping[str, Source]) -> EducationFact:
    item.unknown(("source", "entry_education", "work_experience", "training",
                  "job_zone", "job_zone_name", "required", "text", "scope"))  # fmt: skip
    fact = EducationFact(
        source=_source(item, sources),
        entry_education=item.text("entry_education", required=False),
        work_experience=item.text("work_experience", required=False),
        training=item.text("training", required=False),
        job_zone=item.integer("job_zone", required=False, minimum=1),
        job_zone_name=item.text("job_zone_name", required=False),
        required=_required(item),
        text=item.text("text", required=False),
        scope=item.text("scope", required=False),
    )
    if fact.job_zone is not None and fact.job_zone > 5:
        raise item.fail("job_zone", "must be 1 to 5")
    if not (fact.entry_education or fact.job_zone or fact.text):
        raise item.fail(
            "entry_education", "an education fact needs entry_education, job_zone or text"
        )
    return fact


def _required(item: _Reader) -> tuple[tuple[str, float], ...]:
    """``required: [{level: Bachelor's degree, percent: 55.9}, ...]``, most said first."""
    found = []
    for entry in item.items("required"):
        entry.unknown(("level", "percent"))
        percent = entry.number("percent")
        assert percent is not None
        if percent > 100:
            raise entry.fail("percent", "must be at most 100")
        found.append((entry.req_text("level"), percent))
    if sum(p for _, p in found) > 100.5:
        raise item.fail("required", "percents add up to more than 100")
    return tuple(sorted(found, key=lambda f: -f[1]))


def _industry(item: _Reader) -> Industry:
    item.unknown(("name", "employed"))
    employed = item.integer("employed")
    assert employed is not None
    return Industry(item.req_text("name"), employed)


def _employment(item: _Reader, sources: Mapping[str, Source]) -> EmploymentFact:
    item.unknown(("source", "year", "employed", "industries", "text", "scope"))
    source = _source(item, sources)
    fact = EmploymentFact(
        source=source,
        year=_year(item, source),
        employed=item.integer("employed", required=False),
        industries=tuple(_industry(i) for i in item.items("industries")),
        text=item.text("text", required=False),
        scope=item.text("scope", required=False),
    )
    if fact.employed is None and not fact.text:
        raise item.fail("employed", "an employment fact needs a figure or a text")
    return fact


def _outlook(item: _Reader, sources: Mapping[str, Source]) -> OutlookFact:
    item.unknown(("source", "period", "change_percent", "employment_start", "employment_end",
                  "wording", "openings", "text", "scope"))  # fmt: skip
    period = item.data.get("period")
    if (
        not isinstance(period, list)
        or len(period) != 2
        or not all(isinstance(y, int) and not isinstance(y, bool) for y in period)
        or period[0] >= period[1]
    ):
        raise item.fail("period", "must be [start year, end year], e.g. [2024, 2034]")
    return OutlookFact(
        source=_source(item, sources),
        start_year=period[0],
        end_year=period[1],
        change_percent=item.number("change_percent", required=False, minimum=None),
        employment_start=item.integer("employment_start", required=False),
        employment_end=item.integer("employment_end", required=False),
        wording=item.text("wording", required=False),
        openings=item.integer("openings", required=False),
        text=item.text("text", required=False),
        scope=item.text("scope", required=False),
    )


def _salary(item: _Reader, sources: Mapping[str, Source]) -> SalaryFact:
    item.unknown(("source", "year", "hourly", "annual", "note", "scope"))
    source = _source(item, sources)
    return SalaryFact(
        source=source,
        year=_year(item, source),
        hourly=_wages(item.child("hourly")),
        annual=_wages(item.child("annual")),
        note=item.text("note", required=False),
        scope=item.text("scope", required=False),
    )


def _programme(item: _Reader) -> Programme:
    item.unknown(("cip", "title"))
    cip = str(item.data.get("cip", ""))
    if not _CIP_RE.match(cip):
        raise item.fail("cip", f"must be a CIP code like 52.0205, not {cip!r}")
    return Programme(cip, item.req_text("title"))


def _tool(item: _Reader, links: Mapping[str, Any]) -> CollegeTool:
    item.unknown(("link", "label", "text"))
    link = item.req_text("link")
    if link not in links:
        raise item.fail("link", f"names an unknown link {link!r} (see links.yaml)")
    return CollegeTool(link, item.req_text("label"), item.req_text("text"))


def _colleges(
    section: _Reader | None, sources: Mapping[str, Source], links: Mapping[str, Any]
) -> Colleges:
    if section is None:
        return Colleges(source=None)
    section.unknown(("source", "programmes", "tools"))
    programmes = tuple(_programme(item) for item in section.items("programmes"))
    colleges = Colleges(
        _source(section, sources) if section.has("source") else None,
        programmes,
        tuple(_tool(item, links) for item in section.items("tools")),
    )
    if programmes and colleges.source is None:
        raise section.fail("source", "is missing: programmes need their source")
    return colleges


def _similar(r: _Reader) -> tuple[str, ...]:
    similar = r.texts("similar")
    for i, code in enumerate(similar):
        if not _SOC_RE.match(code):
            raise r.fail(f"similar[{i}]", f"must be a SOC code, not {code!r}")
    return similar


def load_career(file: Path, sources: Mapping[str, Source], links: Mapping[str, Any]) -> Career:
    """Read and validate one career file."""
    r = _Reader(file, _read_yaml(file))
    r.unknown(CAREER_FIELDS)
    career_id = r.req_text("id")
    if not _ID_RE.match(career_id) or len(career_id) > MAX_ID_LENGTH:
        raise r.fail("id", f"must be lower-case words joined by '-', at most {MAX_ID_LENGTH} long")
    soc = str(r.data.get("soc", ""))
    if not _SOC_RE.match(soc):
        raise r.fail("soc", f"must be a SOC code like 11-3051, not {soc!r}")
    overview = [_overview(item, sources) for item in r.items("overview", required=True)]
    if not overview:
        raise r.fail("overview", "must hold at least one fact")
    return Career(
        id=career_id,
        soc=soc,
        title=r.req_text("title"),
        aliases=r.texts("aliases"),
        ambiguous_aliases=r.texts("ambiguous_aliases"),
        overview=_newest_first(overview),
        education=_newest_first([_education(i, sources) for i in r.items("education")]),
        employment=_newest_first([_employment(i, sources) for i in r.items("employment")]),
        outlook=_newest_first([_outlook(i, sources) for i in r.items("outlook")]),
        salary=_newest_first([_salary(i, sources) for i in r.items("salary")]),
        colleges=_colleges(r.child("colleges"), sources, links),
        similar=_similar(r),
    )


SHARED_NAMES_FILE = "shared-names.yaml"


def load_shared_names(file: Path, socs: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """``shared-names.yaml``: name -> SOC codes of careers in the knowledge base; optional."""
    if not file.exists():
        return {}
    data = _read_yaml(file)
    if not isinstance(data, dict):
        raise KnowledgeError(file, "", "must be a mapping from a name to a list of SOC codes")
    shared: dict[str, tuple[str, ...]] = {}
    for name, codes in data.items():
        if not isinstance(codes, list) or len(codes) < 2:
            raise KnowledgeError(file, str(name), "must list at least two SOC codes")
        for code in codes:
            if code not in socs:
                raise KnowledgeError(file, str(name), f"{code!r} is not the SOC code of a career")
        shared[str(name).casefold()] = tuple(codes)
    return shared


def load_knowledge(directory: Path | str) -> Knowledge:
    """Load and validate a whole knowledge directory; raise KnowledgeError on the first problem."""
    root = Path(directory)
    if not root.is_dir():
        raise KnowledgeError(root, "", "is not a directory")
    sources = load_sources(root / "sources.yaml")
    intents, phrasing = load_intents(root / "intents.yaml")
    links = load_links(root / "links.yaml")
    groups = load_groups(root / "groups.yaml")
    levels = load_levels(root / LEVELS_FILE, sources)
    files = sorted((root / "careers").glob("*.yaml"))
    if not files:
        raise KnowledgeError(root / "careers", "", "holds no career files (*.yaml)")
    careers = [load_career(file, sources, links) for file in files]

    by_id: dict[str, Career] = {}
    by_soc: dict[str, Career] = {}
    group_codes = {g.code for g in groups}
    for file, career in zip(files, careers, strict=True):
        if file.stem != career.id:
            raise KnowledgeError(file, "id", f"{career.id!r} does not match the file name")
        if career.soc in by_soc:
            raise KnowledgeError(
                file, "soc", f"{career.soc} is also used by {by_soc[career.soc].id}"
            )
        if career.group not in group_codes:
            raise KnowledgeError(file, "soc", f"major group {career.group} is not in groups.yaml")
        by_id[career.id] = career
        by_soc[career.soc] = career
    from bot.finder_terms import FINDER_FILE, check, load_finder_terms  # it reads our types

    finder = load_finder_terms(root, sources)
    check(finder, set(by_soc), root / FINDER_FILE)
    from bot.uncounted import UNCOUNTED_FILE, load_uncounted
    from bot.uncounted import check as check_uncounted

    uncounted = load_uncounted(root / UNCOUNTED_FILE)
    check_uncounted(uncounted, root / UNCOUNTED_FILE)
    return Knowledge(
        careers=tuple(careers),
        sources=sources,
        intents=intents,
        filler=phrasing.filler,
        synonyms=phrasing.synonyms,
        acronyms=phrasing.acronyms,
        shared_names=load_shared_names(root / SHARED_NAMES_FILE, by_soc),
        links=links,
        groups=groups,
        by_id=by_id,
        by_soc=by_soc,
        levels=levels,
        small_talk=load_small_talk(root / SMALL_TALK_FILE),
        finder=finder,
        uncounted=uncounted,
        employers=load_employers(root / EMPLOYERS_FILE),
    )
