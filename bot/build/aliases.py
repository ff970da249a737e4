"""Aliases: the other names of a career, from O*NET, and which career keeps a name several give.

Aliases come from O*NET: alternate titles, their short titles, reported titles and the titles
of the O*NET occupations and specialties of the career. "Name (Abbreviation)" gives both parts.
Aliases that are empty, pure numbers, the title itself, longer than
:data:`MAX_ALIAS_LENGTH` or made only of :data:`GENERIC_WORDS` are dropped. An alias several
careers share stays in ``aliases`` of one career only: the one whose title it is, else the one
with a curated claim, else the one whose title contains its words ("Financial Advisor": Personal
Financial Advisors), else the one where O*NET's My Next Move shows it as a reported title, else
the one more of whose O*NET titles give it ("CNA" comes from seven titles of Nursing Assistants
and one of Home Health Aides), else the one with the most OEWS employment; the others list it
in ``ambiguous_aliases``, so the bot can offer them as alternatives.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

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

Strength = tuple[int, int, int, int, int, int]


@dataclass
class _AliasClaim:
    text: str
    # 0 reported and shown in My Next Move, 1 O*NET title, 2 reported, 3 alternate title,
    # 4 short title, 5 curated only
    rank: int
    shown: bool  # shown in My Next Move
    support: int = 1  # how many of the career's O*NET titles give this alias ("CNA": 7 for 31-1131)


Claims = Mapping[str, Mapping[str, _AliasClaim]]  # SOC -> casefolded alias -> claim


def resolve_aliases(
    src: Sources, curated: Mapping[str, Curated]
) -> dict[str, tuple[list[str], list[str]]]:
    """SOC -> (aliases, ambiguous aliases), each alias kept by the career it fits best."""
    claims = {soc: _alias_claims(src.onet_codes.get(soc, ()), src.onet, title)
              for soc, title in src.oews.titles.items()}  # fmt: skip
    for soc, entry in curated.items():
        for alias in entry.data.get("aliases", []):
            claims[soc].setdefault(alias.casefold(), _AliasClaim(alias, _CURATED_ONLY, False))
    curated_keys = {
        soc: {a.casefold() for a in c.data.get("aliases", [])} for soc, c in curated.items()
    }
    owner = _owners(src, claims, curated_keys)
    result = {}
    for soc, mine in claims.items():
        ordered = sorted(mine.items(), key=lambda kv: (kv[1].rank, kv[0], kv[1].text))
        aliases = [c.text for k, c in ordered if owner[k] == soc and c.rank < _CURATED_ONLY]
        ambiguous = [c.text for k, c in ordered
                     if owner[k] != soc and k not in curated_keys.get(soc, ())]  # fmt: skip
        if soc in curated:
            aliases = merge_aliases(aliases, curated[soc].data.get("aliases", []))
        result[soc] = (aliases, ambiguous)
    return result


def _owners(
    src: Sources, claims: Claims, curated_keys: Mapping[str, Collection[str]]
) -> dict[str, str]:
    """Casefolded alias -> the SOC of the career that keeps it."""
    title_of = {title.casefold(): soc for soc, title in src.oews.titles.items()}
    strength = _strength(src, claims, curated_keys, title_of)
    holders: dict[str, list[str]] = defaultdict(list)
    for soc in sorted(claims):
        for key in claims[soc]:
            holders[key].append(soc)
    owner: dict[str, str] = {}
    for key, socs in holders.items():
        if key in title_of:
            owner[key] = title_of[key]
        elif len(socs) == 1:
            owner[key] = socs[0]
        else:  # highest strength; min() on negated keys so that ties go to the lower SOC
            owner[key] = min(socs, key=lambda s: (tuple(-x for x in strength(key, s)), s))
    return owner


def _strength(
    src: Sources,
    claims: Claims,
    curated_keys: Mapping[str, Collection[str]],
    title_of: Mapping[str, str],
) -> Callable[[str, str], Strength]:
    """How strongly a career claims an alias, the strongest rule first (see the module doc)."""
    employed = {
        soc: int(cell.values["01"]) if cell.values.get("01", "").isdigit() else 0
        for soc, cell in src.oews.national.items()
    }
    title_words = {soc: _word_set(title) for soc, title in src.oews.titles.items()}

    def strength(key: str, soc: str) -> Strength:
        claim = claims[soc][key]
        return (
            title_of.get(key) == soc,
            key in curated_keys.get(soc, ()),
            _word_set(key) <= title_words[soc],  # "financial advisor" in its title
            claim.shown,
            claim.support,
            employed.get(soc, 0),
        )

    return strength


def _alias_claims(codes: Sequence[str], onet: Onet, title: str) -> dict[str, _AliasClaim]:
    """Casefolded alias -> how this career's O*NET data names it."""
    claims: dict[str, _AliasClaim] = {}

    def add(raw: str, rank: int, shown: bool = False) -> None:
        for form in _alias_forms(raw):
            if not _useful(form, title):
                continue
            key = form.casefold()
            claim = claims.get(key)
            if claim is None:
                claims[key] = _AliasClaim(form, rank, shown)
            else:
                if rank < claim.rank:
                    claim.text, claim.rank = form, rank
                claim.shown = claim.shown or shown
                claim.support += 1

    for code in codes:
        for reported, shown in onet.reported.get(code, ()):
            add(reported, 0 if shown else 2, shown)
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
