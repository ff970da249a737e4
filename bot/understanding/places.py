"""Places in questions: which US state, territory, metro or nonmetro area a message names, if
any; a place it names that we do not cover; or that it asks about the whole country.

What is read as a place:

- A state or territory by its full name in any case ("texas", "New York"), from the `us`
  library; "Washington" alone is the state. A short AP form ("Calif", "Tenn") like a city
  below.
- A metro area by the principal cities its BLS name lists ("Austin-Round Rock-San Marcos, TX":
  Austin, Round Rock, San Marcos, or all three), by an everyday name from place-names.yaml
  ("NYC", "the Bay Area"), and a nonmetro area by its full BLS name. A name that fits several
  areas (Portland, Springfield) gives all of them, for the bot to ask; a state right after it
  ("Portland, Maine", "Springfield IL", "Columbus in Ohio") or anywhere in the message picks
  one.
- A postal code only where a code is expected: after "in", "near"… ("in TX", "in tx", "in PA"),
  after a comma in capitals ("nurse pay, TX") and after a city; codes that are everyday words
  ("OR", "ME", "OK") only after a city. So "PA salary", "an MD", "ok thanks", "hi" name no
  place.
- A name made only of words the career reader knows ("Mobile", "Reading", "Round Rock") is a
  place only when written with capitals, and, for one word, after "in", "near"… or before a
  state: "welder in Mobile", "Mobile, AL"; never "mobile app developer".
- A career's acronym that is also a place ("LA Teacher": language arts, "DC Supervisor") is a
  place only after "in"… or with no word after it ("DC", "nurse pay DC"); `known_word` is asked
  about acronyms as the career reader stores them, ``ACRONYM_MARK + "la"``.
- After "in", "near", "move to"…: a state name with a typo ("texs"), else words the career
  reader does not know, as an unknown place ("in Narnia"); never "in nursing". "from" proposes
  an unknown place only as "I'm from", "coming from" (not "graduated from Harvard").
- "nationwide", "national average", "in the US", "USA" ask for the whole country; "US
  Marshal", "United States Postal Service" do not.

Pure: the index is built from what it is given, and reading does no I/O. A message meets only
the names that start with one of its words, so reading takes microseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge import KnowledgeError, _read_yaml
from bot.local import Area
from bot.words import ACRONYM_MARK

PLACE_NAMES_FILE = "place-names.yaml"
MAX_CHARS = 1000  # of a message, read; as the career reader
# Words after which a place is expected: "in Austin", "near me", "moving to Boise".
CUES = frozenset({"in", "near", "around", "from"})
# "from" proposes a place we do not know only after these: "I'm from Leeds", not "graduated
# from Harvard".
FROM_CUES = frozenset({"im", "am", "come", "comes", "came", "coming", "moving", "relocating"})
# Words after which a city's name is a person's: "my son Austin", "a friend named Tyler".
PERSON_CUES = frozenset(
    {"son", "daughter", "kid", "brother", "sister", "friend", "cousin", "named", "called",
     "boyfriend", "girlfriend", "husband", "wife", "mom", "dad", "uncle", "aunt", "niece",
     "nephew", "coworker", "bf", "gf", "im", "grandson", "granddaughter", "roommate"}
)  # fmt: skip
# ... and before which: "Brooklyn says", "Dallas wants to be a nurse", "Tyler my bf".
PERSON_AFTER = frozenset({"says", "said", "wants", "wanted", "thinks", "told", "asked", "my"})
CUE_PAIRS = frozenset(
    {("move", "to"), ("moving", "to"), ("moved", "to"), ("relocate", "to"),
     ("relocating", "to"), ("out", "of")}
)  # fmt: skip
UNKNOWN_MAX_WORDS = 3  # of an unknown place: "in Buenos Aires Province"
TYPO_MIN_LENGTH = 4  # of a misspelt state name: "texs"
TWO_EDITS_FROM = 8  # letters, as the career reader's spelling

# Kinds of names, in the order they win when the same words name several things.
_CURATED, _NATIONWIDE, _STATE, _NONMETRO, _FOREIGN, _CITY, _SHORT_STATE = range(7)
_LISTED = (_CURATED, _NATIONWIDE, _FOREIGN)  # hand-curated in place-names.yaml
_TOKEN_RE = re.compile(r"[A-Za-z0-9]+|\$")
_BRACKETS_RE = re.compile(r"\([^)]*\)")
_SHOUT_RE = re.compile(r"[A-Z]{6}")  # a word longer than an acronym, as bot.words
_STOPS = frozenset(",.;:!?()")
PLACE_NAMES_FIELDS = (
    "names", "foreign", "nationwide", "one_city", "not_names", "word_codes", "not_places"
)  # fmt: skip


def _by_first(phrases: Sequence[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases as word tuples (as tokens are read), keyed by their first word, longest first."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(t.word for t in _tokens(_prepare(phrase)))
        if words:
            found.setdefault(words[0], []).append(words)
    return {w: tuple(sorted(p, key=len, reverse=True)) for w, p in found.items()}


def _postal_code(code: str) -> bool:
    import us  # only to build the index: it takes about 40 ms to import

    return us.states.lookup(code) is not None


def _nothing_known(word: str) -> bool:
    return False


@dataclass(frozen=True)
class PlaceReading:
    """The place a message names."""

    areas: tuple[str, ...] = ()  # OEWS area codes: one when clear, several to ask, () for none
    words: frozenset[str] = frozenset()  # the place's own normalised words, for the career reader
    unknown: str | None = None  # a place we do not cover, as written ("London"); only when no area
    nationwide: bool = False  # "nationwide", "in the US": clear the place


class AreaLike(Protocol):
    """An OEWS area as the knowledge base may hold it."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def states(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class PlaceNames:
    """place-names.yaml: the curated names."""

    names: Mapping[str, tuple[str, ...]]  # everyday name -> area codes, likeliest first
    foreign: tuple[str, ...] = ()
    nationwide: tuple[str, ...] = ()
    one_city: tuple[str, ...] = ()
    not_names: tuple[str, ...] = ()
    # Names that hold a place but are something else: brands, teams ("Texas Roadhouse").
    not_places: tuple[str, ...] = ()
    word_codes: frozenset[str] = frozenset()
    file: str = "place-names.yaml"  # for errors


# --- words as written ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # lower case, as bot.words.normalise
    surface: str  # as written
    start: int
    end: int
    gap: str  # what stands between the word before and this one
    parts: tuple[str, ...]  # normalise()'s words: "U.S." is read as "us" but is ("u", "s")


def _prepare(text: str) -> str:
    """The text as bot.words.normalise sees it, but with its capitals."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("&", " and ").replace("'", "").replace("’", "").replace("$", " $ ")


def _tokens(text: str) -> list[_Token]:
    """Words with what stands between them; initials joined: "D.C." -> dc, "U.S.A." -> usa."""
    tokens: list[_Token] = []
    last = 0
    for match in _TOKEN_RE.finditer(text):
        surface, gap = match[0], text[last : match.start()]
        last = match.end()
        before = tokens[-1] if tokens else None
        if before and gap == "." and len(surface) == 1 and all(len(p) == 1 for p in before.parts):
            surface = text[before.start : match.end()]
            parts = (*before.parts, match[0].lower())
            tokens[-1] = _Token(
                "".join(parts), surface, before.start, match.end(), before.gap, parts
            )
            continue
        if before and len(before.parts) > 1 and gap.startswith("."):  # the last dot of "U.S."
            tokens[-1] = replace(before, surface=before.surface + ".", end=before.end + 1)
            gap = gap[1:]
        word = surface.lower()
        tokens.append(_Token(word, surface, match.start(), match.end(), gap, (word,)))
    return tokens


def _as_written(surface: str, written: str) -> bool:
    """The user wrote a name with its capitals: "LA" as "LA", "Mobile" as "Mobile"."""
    if written.isupper() and len(written) > 1:
        return surface.isupper()
    return not written[:1].isupper() or surface[:1].isupper()


# --- the names ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    words: tuple[str, ...]  # to match, bracketed words included
    own: tuple[bool, ...]  # the place's own words, not the bracketed ones
    written: tuple[str, ...]  # as the source writes them, for capitals
    kind: int
    areas: tuple[str, ...]
    state: str | None = None  # the postal code of a state's name

    @property
    def acronym(self) -> bool:
        return len(self.words) == 1 and self.written[0].isupper() and len(self.written[0]) > 1


def _name(text: str, kind: int, areas: tuple[str, ...], state: str | None = None) -> _Name | None:
    """A name from its written form; "(in the) US": bracketed words are said, not the place."""
    prepared = _prepare(text)
    brackets = [m.span() for m in _BRACKETS_RE.finditer(prepared)]
    tokens = _tokens(prepared)
    own = [not any(a <= t.start < b for a, b in brackets) for t in tokens]
    if len(tokens) > 1 and own[0] and tokens[0].word == "the":  # "The Woodlands": "woodlands"
        tokens, own = tokens[1:], own[1:]
    if not tokens:
        return None
    words = tuple(t.word for t in tokens)
    return _Name(words, tuple(own), tuple(t.surface for t in tokens), kind, areas, state)


def _city_parts(cities: str, one_city: frozenset[str]) -> list[str]:
    """The principal cities of a BLS area name: "Austin-Round Rock-San Marcos" -> Austin, Round
    Rock, San Marcos; "Scranton--Wilkes-Barre" -> Scranton, Wilkes-Barre."""
    if "--" in cities:
        parts = cities.split("--")
    else:
        parts = [cities] if cities in one_city else cities.split("-")
    return [city.strip() for part in parts for city in part.split("/")]


def _variants(city: str) -> Iterator[str]:
    """A city as people write it: "St. Paul" and "Saint Paul", "Fort Myers" and "Ft Myers"."""
    yield city
    first, _, rest = city.partition(" ")
    spelt = {"St.": "Saint", "Saint": "St", "Fort": "Ft", "Mount": "Mt"}.get(first)
    if spelt and rest:
        yield f"{spelt} {rest}"


def _metro_names(areas: Mapping[str, Area], names: PlaceNames) -> Iterator[_Name | None]:
    """Names of metro areas (their cities) and nonmetro areas (their full names)."""
    one_city, skip = frozenset(names.one_city), {n.casefold() for n in names.not_names}
    for code, area in areas.items():
        if area.type != "metro":
            continue
        if "nonmetropolitan" in area.name:
            full = re.sub(r"\s*\(.*?\)", "", area.name)
            yield _name(full, _NONMETRO, (code,))
            yield _name(full.removesuffix(" area"), _NONMETRO, (code,))
            continue
        cities = area.name.rpartition(", ")[0] or area.name
        yield _name(re.sub(r"[-/]+", " ", cities), _CITY, (code,))  # all of them, as BLS says
        for city in _city_parts(cities, one_city):
            if city.casefold() not in skip:
                yield from (_name(v, _CITY, (code,)) for v in _variants(city))


def _state_names(state_areas: Mapping[str, str]) -> Iterator[_Name | None]:
    """States and territories by name (and AP short form: "Calif"), from `us`."""
    import us  # only to build the index: it takes about 40 ms to import

    for state in us.states.STATES_AND_TERRITORIES:
        area = state_areas.get(state.abbr)
        areas = (area,) if area else ()  # American Samoa: named, not covered
        yield _name(state.name, _STATE, areas, state.abbr)
        short = _tokens(_prepare(state.ap_abbr or ""))
        if len(short) == 1 and len(short[0].word) >= 4 and short[0].word != state.name.lower():
            yield _name(short[0].surface, _SHORT_STATE, areas, state.abbr)


def _listed_names(names: PlaceNames, areas: Mapping[str, Area]) -> Iterator[_Name | None]:
    """The curated names, checked against the areas."""
    for key, codes in names.names.items():
        for code in codes:
            if code not in areas:
                raise KnowledgeError(names.file, f"names.{key}", f"{code!r} is not in areas.yaml")
        yield _name(key, _CURATED, tuple(codes))
    yield from (_name(n, _FOREIGN, ()) for n in names.foreign)
    yield from (_name(n, _NATIONWIDE, ()) for n in names.nationwide)


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """A place found in a message; the next place may start at token `end`."""

    end: int
    words: frozenset[str]
    areas: tuple[str, ...] = ()
    state: str | None = None  # a state named: it may only say where a city named is
    unknown: str | None = None
    nationwide: bool = False


@dataclass(frozen=True)
class _Message:
    text: str
    tokens: list[_Token]
    words: tuple[str, ...]
    known: Callable[[str], bool]
    shouting: bool  # all in capitals: capitals say nothing
    everyday: Callable[[str], bool]  # an everyday English word ("mobile"), not just a career's

    @classmethod
    def of(
        cls, text: str, known: Callable[[str], bool], everyday: Callable[[str], bool]
    ) -> _Message:
        text = _prepare(text[:MAX_CHARS])
        tokens = _tokens(text)
        shouting = not any(c.islower() for c in text) and bool(_SHOUT_RE.search(text))
        return cls(text, tokens, tuple(t.word for t in tokens), known, shouting, everyday)

    def cue_before(self, i: int, *, unknown: bool = False) -> bool:
        """A place is expected at word i: "in Austin", "moving to the Bay Area"; a place we may
        not know (`unknown`): "from" only as "I'm from"."""
        j = i - 1 if i and self.words[i - 1] != "the" else i - 2
        if j < 0:
            return False
        before = self.words[j - 1] if j else ""
        if unknown and self.words[j] == "from":
            return before in FROM_CUES
        return self.words[j] in CUES or (before, self.words[j]) in CUE_PAIRS

    def capitals(self, i: int) -> bool:
        """Word i is written in capitals, and the message is not shouting."""
        return not self.shouting and self.tokens[i].surface.isupper()

    def as_written(self, name: _Name, i: int) -> bool:
        tokens = self.tokens[i : i + len(name.words)]
        return not self.shouting and all(
            _as_written(t.surface, w) for t, w in zip(tokens, name.written, strict=True)
        )

    def accepts(self, name: _Name, i: int, *, qualified: bool) -> bool:
        """A name found at word i is meant as a place (see the module's docstring)."""
        if name.kind in (_STATE, _NONMETRO) or qualified:
            return True
        if name.kind == _NATIONWIDE:
            return self._nationwide(name, i)
        own = [w for w, mine in zip(name.words, name.own, strict=True) if mine]
        if name.kind in (_CITY, _CURATED) and self._person(i, i + len(name.words)):
            return False  # "my son Austin wants to be a firefighter"
        if name.acronym and self.known(ACRONYM_MARK + own[0]) and self.followed(i + 1):
            return self.cue_before(i)  # "LA Teacher", "DC Supervisor": a career's acronym
        return not all(map(self.known, own)) or self._everyday(name, i, own)

    def _person(self, start: int, end: int) -> bool:
        """Words from start to end name a person: "my son Austin", "my name is Charlotte",
        "Brooklyn says"."""
        before = self.words[start - 1] if start else ""
        if before in PERSON_CUES or self.words[max(0, start - 2) : start] == ("name", "is"):
            return True
        return end < len(self.words) and self.words[end] in PERSON_AFTER

    def _everyday(self, name: _Name, i: int, own: Sequence[str]) -> bool:
        """A name made of words the career reader knows: "Mobile", "LA", "Bay Area"."""
        phrase = len(own) > 1
        if name.kind == _CURATED:  # curated: a phrase, or bracketed words, say themselves
            acronym = name.acronym and len(own[0]) > 2
            bracketed = len(own) < len(name.words)
            return phrase or acronym or bracketed or self.as_written(name, i) or self.cue_before(i)
        if name.kind == _FOREIGN:  # "China Painter", "Turkey hunting guide"
            return phrase or self.cue_before(i)
        if self.cue_before(i) and not any(map(self.everyday, own)):
            return True  # "in boston": a city's name that only a career's name also holds
        spaced = "-" not in self.tokens[i].gap  # "in-state college" has no cue
        if phrase and ((self.cue_before(i) and spaced) or not self.followed(i + len(name.words))):
            return True  # "in long beach", "plumber pay fort worth": a city of several words
        return self.as_written(name, i) and (phrase or self.cue_before(i))

    def _nationwide(self, name: _Name, i: int) -> bool:
        """ "US", "United States" said alone, not as part of a name: "US Marshal", "United States
        Postal Service"; "us" is not "US"."""
        if not all(name.own) or not name.written[0][:1].isupper():
            return True  # "nationwide", "in the US"
        if self.followed(i + len(name.words)):
            return False
        return not (name.acronym and len(name.words[0]) <= 2) or self.as_written(name, i)

    def followed(self, i: int) -> bool:
        """A word follows at i with no punctuation between: "US Marshal", "LA Teacher"."""
        return i < len(self.tokens) and not _STOPS.intersection(self.tokens[i].gap)

    def span(self, start: int, end: int) -> str:
        return self.text[self.tokens[start].start : self.tokens[end - 1].end]

    def parts(self, start: int, end: int, own: Sequence[bool] | None = None) -> frozenset[str]:
        tokens = self.tokens[start:end]
        mine = own or [True] * len(tokens)
        return frozenset(p for t, m in zip(tokens, mine, strict=True) if m for p in t.parts)


@dataclass(frozen=True)
class PlaceIndex:
    """Every place name, keyed by its first word; build once at start."""

    first: Mapping[str, tuple[_Name, ...]]  # first word -> names, longest first
    city_areas: Mapping[tuple[str, ...], tuple[str, ...]]  # a city's words -> its areas
    codes: Mapping[str, str]  # lower-case postal code -> postal code
    state_areas: Mapping[str, str]  # postal code -> its state-level area
    area_states: Mapping[str, frozenset[str]]  # area code -> the postal codes of its states
    word_codes: frozenset[str]  # lower case: "or", "me"
    state_names: Mapping[str, _Name]  # "new york" -> the state's name, for typos
    state_keys: tuple[str, ...]  # the same names, for rapidfuzz
    # first word -> the words of names that hold a place but name something else
    not_places: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, areas: Mapping[str, AreaLike | Mapping[str, Any]], names: PlaceNames
    ) -> PlaceIndex:
        """The index of the OEWS areas (areas.yaml, raw or as Area) and the curated names."""
        table = {str(code): _area(str(code), value) for code, value in areas.items()}
        state_areas = {a.states[0]: c for c, a in table.items() if a.type == "state"}
        for city in names.one_city:
            if not any(city in a.name for a in table.values()):
                raise KnowledgeError(names.file, "one_city", f"{city!r} is in no area's name")
        every = [
            *_state_names(state_areas),
            *_metro_names(table, names),
            *_listed_names(names, table),
        ]
        first: dict[str, dict[_Name, None]] = {}
        city_areas: dict[tuple[str, ...], dict[str, None]] = {}
        state_names: dict[str, _Name] = {}
        for name in _merged(every):
            if name.kind == _STATE and name.areas:
                state_names[" ".join(name.words)] = name
            first.setdefault(name.words[0], {})[name] = None
            if name.kind in (_CURATED, _CITY):
                city_areas.setdefault(name.words, {}).update(dict.fromkeys(name.areas))
        # Codes only of the states and territories OEWS covers: "in as little as" is English.
        codes = {s.lower(): s for s in state_areas}
        for code in names.word_codes:
            if not _postal_code(code):
                raise KnowledgeError(names.file, "word_codes", f"{code!r} is not a postal code")
        return cls(
            first={
                w: tuple(sorted(n, key=lambda n: (-len(n.words), n.kind))) for w, n in first.items()
            },
            city_areas={words: tuple(areas) for words, areas in city_areas.items()},
            codes=codes,
            state_areas=state_areas,
            area_states={c: frozenset(a.states) for c, a in table.items()},
            word_codes=frozenset(c.lower() for c in names.word_codes),
            state_names=state_names,
            state_keys=tuple(state_names),
            not_places=_by_first(names.not_places),
        )

    def read(
        self,
        text: str,
        known_word: Callable[[str], bool] = _nothing_known,
        everyday: Callable[[str], bool] | None = None,
    ) -> PlaceReading:
        """The place a message names. `known_word(w)`: w is a word the career reader knows
        (career words, everyday English, intent words), so not a place's own."""
        message = _Message.of(text, known_word, everyday or known_word)
        found: list[_Found] = []
        i = 0
        while i < len(message.tokens):
            skip = self._not_place_at(message, i)
            if skip:
                i = skip
                continue
            hit = self._name_at(message, i) or self._code_at(message, i)
            if hit is None and message.cue_before(i):
                hit = self._misspelt_state(message, i)
            if hit is None and message.cue_before(i, unknown=True):
                hit = self._unknown(message, i)
            if hit is None:
                i += 1
            else:
                found.append(hit)
                i = hit.end
        return self._reading(found)

    # --- one place at word i

    def _not_place_at(self, message: _Message, i: int) -> int:
        """The end of a name holding a place that starts at word i ("texas roadhouse"); 0
        when none does."""
        for words in self.not_places.get(message.words[i], ()):
            if message.words[i : i + len(words)] == words:
                return i + len(words)
        return 0

    def _name_at(self, message: _Message, i: int) -> _Found | None:
        for name in self.first.get(message.words[i], ()):
            end = i + len(name.words)
            if message.words[i:end] != name.words:
                continue
            where = self._where(message, name.words, end)
            if not message.accepts(name, i, qualified=where is not None):
                continue
            words = message.parts(i, end, name.own)
            if where is not None:  # "Portland, Maine", "Springfield IL"
                areas, end, said = where
                return _Found(end, words | said, areas)
            return self._found(message, name, i, end, words)
        return None

    def _where(
        self, message: _Message, city: tuple[str, ...], end: int
    ) -> tuple[tuple[str, ...], int, frozenset[str]] | None:
        """The areas of a city that a state said right after it picks: "Portland, Maine" ->
        Portland, ME; "Portland, Texas" -> Texas (no Portland area there)."""
        state = self._state_after(message, end) if city in self.city_areas else None
        if state is None:
            return None
        code, end, said, by_name = state
        areas = tuple(a for a in self.city_areas[city] if code in self.area_states[a])
        plain = by_name or code.lower() not in self.word_codes  # "Seattle OR Portland": no state
        if not areas and plain and code in self.state_areas:
            areas = (self.state_areas[code],)
        return (areas, end, said) if areas else None

    def _found(
        self, message: _Message, name: _Name, i: int, end: int, words: frozenset[str]
    ) -> _Found:
        if name.kind == _NATIONWIDE:
            return _Found(end, words, nationwide=True)
        if not name.areas:  # abroad, or a territory OEWS does not cover
            mine = [k for k, own in enumerate(name.own) if own]
            return _Found(end, words, unknown=message.span(i + mine[0], i + mine[-1] + 1))
        return _Found(end, words, name.areas, name.state)

    def _state_after(
        self, message: _Message, i: int
    ) -> tuple[str, int, frozenset[str], bool] | None:
        """The state said right after a city: "Maine", "in Maine", "ME", "OR", "il"; then the
        next codes of a BLS name ("PA-NJ-DE-MD")."""
        via_in = i < len(message.words) and message.words[i] == "in"
        j = i + 1 if via_in else i
        for name in self.first.get(message.words[j], ()) if j < len(message.words) else ():
            end = j + len(name.words)
            if name.kind == _STATE and message.words[j:end] == name.words:
                return name.state or "", end, message.parts(j, end), True
        if via_in or not self._code_here(message, j, after_city=True):
            return None
        end = j + 1
        while end < len(message.words) and message.tokens[end].gap == "-":
            if message.words[end] not in self.codes:
                break
            end += 1
        return self.codes[message.words[j]], end, message.parts(j, end), False

    def _code_here(self, message: _Message, i: int, *, after_city: bool = False) -> bool:
        """Word i is a postal code where a code is expected (see the module's docstring)."""
        words = message.words
        if i >= len(words) or words[i] not in self.codes:
            return False
        joined = i + 1 < len(words) and message.tokens[i + 1].gap == "-"
        if joined and words[i + 1] not in self.codes:
            return False  # "in co-op", "Dallas co-workers"; not "PA-NJ"
        if after_city:
            return message.capitals(i) or words[i] not in self.word_codes
        if words[i] in self.word_codes:
            # "i live in OK", "welder pay in IN": in capitals right after a cue, ending the
            # message; never "PR" (public relations), a short form more than a place.
            last = i + 1 == len(words)
            return last and words[i] != "pr" and message.capitals(i) and message.cue_before(i)
        return message.cue_before(i) or ("," in message.tokens[i].gap and message.capitals(i))

    def _code_at(self, message: _Message, i: int) -> _Found | None:
        if not self._code_here(message, i):
            return None
        code = self.codes[message.words[i]]
        area = self.state_areas.get(code)
        if area is None:  # "in AS": American Samoa, which OEWS does not cover
            return _Found(i + 1, message.parts(i, i + 1), unknown=message.tokens[i].surface)
        return _Found(i + 1, message.parts(i, i + 1), (area,), code)

    def _misspelt_state(self, message: _Message, i: int) -> _Found | None:
        """A state's name with a typo, after a place cue: "in texs", "in pensylvania"."""
        for size in (2, 1):
            words = message.words[i : i + size]
            unknown = [w for w in words if not message.known(w)]
            if len(words) < size or not unknown or not all(w.isalpha() for w in words):
                continue
            if any(len(w) < TYPO_MIN_LENGTH for w in unknown):
                continue
            said = " ".join(words)
            limit = 2 if len(said) >= TWO_EDITS_FROM else 1
            best = process.extractOne(
                said, self.state_keys, scorer=OSA.distance, score_cutoff=limit
            )
            if best and best[0][0] == said[0]:
                name = self.state_names[best[0]]
                return _Found(i + size, message.parts(i, i + size), name.areas, name.state)
        return None

    def _unknown(self, message: _Message, i: int) -> _Found | None:
        """Words after a place cue that the career reader does not know: "in Narnia"."""
        end = i
        while end < min(len(message.tokens), i + UNKNOWN_MAX_WORDS):
            token = message.tokens[end]
            if end > i and _STOPS.intersection(token.gap):
                break
            if not token.word.isalpha() or message.known(token.word) or message.capitals(end):
                break  # "in 2024", "in nursing", "in IT"
            end += 1
        if end == i or len(message.words[i]) < 3:
            return None
        return _Found(end, message.parts(i, end), unknown=message.span(i, end))

    # --- the whole message

    def _reading(self, found: list[_Found]) -> PlaceReading:
        """The places found, a state named with a place in it read as where that place is:
        "Springfield … Illinois" is Springfield, IL."""
        named = {f.state for f in found if f.state}
        said: set[str] = set()
        for k, place in enumerate(found):
            if place.state or not place.areas or not named:
                continue
            inside = tuple(a for a in place.areas if self.area_states[a] & named)
            if inside:
                found[k] = replace(place, areas=inside)
                said |= {s for a in inside for s in self.area_states[a]}
        areas = [a for f in found if f.state not in said for a in f.areas]
        nationwide = any(f.nationwide for f in found)
        unknown = next((f.unknown for f in found if f.unknown), None)
        return PlaceReading(
            areas=tuple(dict.fromkeys(areas)),
            words=frozenset(w for f in found for w in f.words),
            unknown=None if areas or nationwide else unknown,
            nationwide=nationwide,
        )


def _merged(names: Sequence[_Name | None]) -> list[_Name]:
    """One name for a city several areas share: Jackson (MI, MS, TN), Arlington (TX, VA)."""
    merged: dict[tuple[Any, ...], _Name] = {}
    for name in names:
        if name is None:
            continue
        key = (name.words, name.own, name.kind, name.state)
        same = merged.get(key)
        areas = (*same.areas, *name.areas) if same else name.areas
        merged[key] = replace(same or name, areas=tuple(dict.fromkeys(areas)))
    return list(merged.values())


def _area(code: str, value: AreaLike | Mapping[str, Any]) -> Area:
    if isinstance(value, Mapping):
        name, kind, states = value.get("name"), value.get("type"), value.get("states")
    else:
        name, kind, states = value.name, value.type, value.states
    if not isinstance(name, str) or kind not in ("state", "metro") or not states:
        raise KnowledgeError(
            "areas.yaml", code, "must have a name, a type (state or metro) and states"
        )
    return Area(code, name, str(kind), tuple(str(s) for s in states))


# --- files ----------------------------------------------------------------------------------


def load_place_names(path: Path | str) -> PlaceNames:
    """place-names.yaml; area codes are checked when the index is built."""
    file = Path(path)
    data = _read_yaml(file)
    if not isinstance(data, dict):
        raise KnowledgeError(file, "", "must be a mapping")
    for key in data:
        if key not in PLACE_NAMES_FIELDS:
            raise KnowledgeError(
                file, str(key), f"is not a known field ({', '.join(PLACE_NAMES_FIELDS)})"
            )
    names = data.get("names") or {}
    if not isinstance(names, dict):
        raise KnowledgeError(file, "names", "must be a mapping from a name to area codes")
    for key, codes in names.items():
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
            raise KnowledgeError(file, f"names.{key}", "must list area codes (strings)")
    return PlaceNames(
        names={str(k): tuple(v) for k, v in names.items()},
        foreign=_texts(file, data, "foreign"),
        nationwide=_texts(file, data, "nationwide"),
        one_city=_texts(file, data, "one_city"),
        not_names=_texts(file, data, "not_names"),
        not_places=_texts(file, data, "not_places"),
        word_codes=frozenset(_texts(file, data, "word_codes")),
        file=str(file),
    )


def _texts(file: Path, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(file, key, "must be a list of names")
    return tuple(v.strip() for v in value)
