"""Aliases: the other names of a career, from O*NET, and what to do with a name several share.

Aliases come from O*NET: alternate titles, their short titles, reported titles and the titles
of the O*NET occupations and specialties of the career. "Name (Abbreviation)" gives both parts.
Aliases that are empty, pure numbers, the title itself, longer than
:data:`MAX_ALIAS_LENGTH` or made only of :data:`GENERIC_WORDS` are dropped.

A name several careers give (O*NET lists "Data Analyst" under nine) is decided from data. A name
that is a career's own title, or that a curated file claims, belongs to that career. Otherwise
each career's *likelihood* of being the one meant is its OEWS employment, times
:data:`REPORTED_FACTOR` when incumbents report the name (O*NET's sample of reported titles,
not only an alternate title), times ``1 +`` :data:`CLOSENESS_FACTOR` × the share of the name's
words its own title holds, read as the bot reads them, generic words counting
:data:`GENERIC_SHARE` ("data analyst": Data Scientists holds "data"), times the number of the
career's O*NET titles that give the name ("CNA": 13 for Nursing Assistants). An abbreviation is
also read as what it stands for ("Certified Nursing Assistant (CNA)"). When the most
likely career is at least :data:`DOMINANCE` times as likely as the next, it keeps the name in
``aliases`` and the others list it in ``ambiguous_aliases``, so the bot answers it and offers
them; otherwise no career keeps it, every one lists it in ``ambiguous_aliases``, and the bot asks
which one is meant, the likeliest first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from bot.build.curated import Curated, merge_aliases
from bot.build.matching import Sources
from bot.build.onet import Onet

MAX_ALIAS_LENGTH = 60

# An alias made only of these words matches nothing in particular ("Senior Manager").
GENERIC_WORDS = frozenset((
    "manager", "worker", "assistant", "specialist", "technician", "operator", "helper",
    "laborer", "labourer", "supervisor", "director", "consultant", "analyst", "administrator",
    "admin", "coordinator", "associate", "representative", "rep", "clerk", "tech", "trainee",
    "apprentice", "attendant", "aide", "agent", "officer", "employee", "staff", "owner",
    "senior", "junior", "sr", "jr", "lead", "i", "ii", "iii", "iv", "and", "of",
))  # fmt: skip

_CURATED_ONLY = 5  # the rank of an alias only a curated file gives

# The shared-name rule (module doc), tuned on the dev evaluation splits (the titles and the
# general questions): a title said by a career's own title words outweighs a 50 times larger
# career; a career twice as likely as the next is answered, others are offered.
REPORTED_FACTOR = 3.0
CLOSENESS_FACTOR = 50.0
GENERIC_SHARE = 0.5  # what a generic word ("manager") counts in closeness
DOMINANCE = 2.0


@dataclass
class _AliasClaim:
    text: str
    # 0 reported and shown in My Next Move, 1 O*NET title, 2 reported, 3 alternate title,
    # 4 short title, 5 curated only
    rank: int
    reported: bool = False  # among the titles incumbents report
    support: int = 1  # how many of the career's O*NET titles give it ("CNA": 13 for 31-1131)
    # What the alias stands for, where O*NET says: "CNA" <- "Certified Nursing Assistant (CNA)".
    meanings: set[str] = field(default_factory=set)


Claims = Mapping[str, Mapping[str, _AliasClaim]]  # SOC -> casefolded alias -> claim


Words = Callable[[str], frozenset[str]]  # a name -> its words, as the bot reads them


@dataclass(frozen=True)
class ResolvedAliases:
    by_career: dict[str, tuple[list[str], list[str]]]  # SOC -> (aliases, ambiguous aliases)
    shared: dict[str, list[str]]  # a name no career dominates -> its careers, likeliest first


def resolve_aliases(
    src: Sources, curated: Mapping[str, Curated], words: Words | None = None
) -> ResolvedAliases:
    """Each career's aliases and ambiguous aliases, each alias kept by the career it fits best,
    and the names no career clearly dominates.

    `words` reads a name as the bot does (short forms spelt out: "QA" is quality assurance);
    by default, case and plural folded."""
    claims = {soc: _alias_claims(src.onet_codes.get(soc, ()), src.onet, title)
              for soc, title in src.oews.titles.items()}  # fmt: skip
    for soc, entry in curated.items():
        for alias in entry.data.get("aliases", []):
            claims[soc].setdefault(alias.casefold(), _AliasClaim(alias, _CURATED_ONLY))
    curated_keys = {
        soc: {a.casefold() for a in c.data.get("aliases", [])} for soc, c in curated.items()
    }
    owner, shared = _owners(src, claims, curated_keys, words or _word_set)
    result = {}
    for soc, mine in claims.items():
        ordered = sorted(mine.items(), key=lambda kv: (kv[1].rank, kv[0], kv[1].text))
        aliases = [c.text for k, c in ordered if owner.get(k) == soc and c.rank < _CURATED_ONLY]
        ambiguous = [c.text for k, c in ordered
                     if owner.get(k) != soc and k not in curated_keys.get(soc, ())]  # fmt: skip
        if soc in curated:
            aliases = merge_aliases(aliases, curated[soc].data.get("aliases", []))
        result[soc] = (aliases, ambiguous)
    names = {min(claims[soc][key].text for soc in socs): socs for key, socs in shared.items()}
    return ResolvedAliases(result, dict(sorted(names.items())))


def _owners(
    src: Sources, claims: Claims, curated_keys: Mapping[str, Collection[str]], words: Words
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Casefolded alias -> the SOC of the career that keeps it; and the names no career clearly
    dominates -> their careers, likeliest first (every one lists it as ambiguous)."""
    title_of = {title.casefold(): soc for soc, title in src.oews.titles.items()}
    likelihood = _likelihood(src, claims, words)
    holders: dict[str, list[str]] = defaultdict(list)
    for soc in sorted(claims):
        for key in claims[soc]:
            holders[key].append(soc)
    owner: dict[str, str] = {}
    shared: dict[str, list[str]] = {}
    for key, socs in holders.items():
        curated = [soc for soc in socs if key in curated_keys.get(soc, ())]
        if key in title_of:
            owner[key] = title_of[key]
        elif len(socs) == 1:
            owner[key] = socs[0]
        elif curated:
            owner[key] = curated[0]
        else:
            ranked = sorted(socs, key=lambda s: (-likelihood(key, s), s))
            if likelihood(key, ranked[0]) >= DOMINANCE * likelihood(key, ranked[1]):
                owner[key] = ranked[0]
            else:
                shared[key] = ranked
    return owner, shared


def _likelihood(src: Sources, claims: Claims, words: Words) -> Callable[[str, str], float]:
    """How likely a career is the one meant by a name it shares (see the module doc)."""
    employed = {
        soc: int(cell.values["01"]) if cell.values.get("01", "").isdigit() else 0
        for soc, cell in src.oews.national.items()
    }
    read = cache(words)  # a name is read once, however many careers share it
    title_words = {soc: read(title) for soc, title in src.oews.titles.items()}
    generic = frozenset().union(*(read(w) for w in GENERIC_WORDS))

    def closeness(name: str, soc: str) -> float:
        """The share of the name its title holds; generic words count less."""
        said = {w: GENERIC_SHARE if w in generic else 1.0 for w in read(name)}
        total = sum(said.values())
        return sum(v for w, v in said.items() if w in title_words[soc]) / total if total else 0.0

    def likelihood(key: str, soc: str) -> float:
        claim = claims[soc][key]
        close = max(closeness(name, soc) for name in (key, *claim.meanings))
        return (
            max(employed.get(soc, 0), 1)
            * (REPORTED_FACTOR if claim.reported else 1.0)
            * (1.0 + CLOSENESS_FACTOR * close)
            * claim.support
        )

    return likelihood


def _alias_claims(codes: Sequence[str], onet: Onet, title: str) -> dict[str, _AliasClaim]:
    """Casefolded alias -> how this career's O*NET data names it."""
    claims: dict[str, _AliasClaim] = {}

    def add(raw: str, rank: int) -> None:
        reported = rank in (0, 2)
        forms = _alias_forms(raw)
        for form in forms:
            if not _useful(form, title):
                continue
            key = form.casefold()
            claim = claims.get(key)
            if claim is None:
                claim = claims[key] = _AliasClaim(form, rank, reported)
            else:
                if rank < claim.rank:
                    claim.text, claim.rank = form, rank
                claim.reported = claim.reported or reported
                claim.support += 1
            claim.meanings.update(f for f in forms if f != form)

    for code in codes:
        for reported, shown in onet.reported.get(code, ()):
            add(reported, 0 if shown else 2)
        add(onet.titles[code], 1)
        for alternate, short in onet.alternate.get(code, ()):
            add(alternate, 3)
            if short:
                add(short, 4)
    return claims


def _alias_forms(text: str) -> list[str]:
    """The aliases one O*NET title gives: "Quality Manager (QA Manager)" -> both parts."""
    text = " ".join(text.split())
    single = re.fullmatch(r"([^()]*?)\s*\(([^()]*)\)\s*([^()]*)", text)
    if single:
        before, inner, after = single.groups()
        forms = [f"{before} {after}", f"{inner} {after}"]
    elif re.fullmatch(r"[^()]*(\([^()]*\)[^()]*)+", text):  # several asides: drop them all
        forms = [re.sub(r"\s*\([^()]*\)", "", text)]
    else:
        forms = [text]
    return [" ".join(f.split()).strip(" ,;-/") for f in forms]


def _useful(alias: str, title: str) -> bool:
    if not alias or len(alias) > MAX_ALIAS_LENGTH or alias.casefold() == title.casefold():
        return False
    words = re.findall(r"[a-z0-9]+", alias.casefold())
    if not words or all(w.isdigit() for w in words):
        return False
    return not all(w in GENERIC_WORDS for w in words)


def _word_set(text: str) -> frozenset[str]:
    """A title's words, case and plural folded: "Financial Advisors" -> {financial, advisor}."""
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in re.findall(r"[a-z0-9]+", text.casefold())
    )
