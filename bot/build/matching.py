"""How the codes of the sources are matched to the careers, and :class:`Sources`: everything
read for a build, with those matches.

OEWS codes are the careers. Some are aggregates of SOC 2018 detailed codes, either a broad
occupation ending in 0 (13-1020 covers 13-1021, 13-1022 and 13-1023) or an OEWS-specific code
(21-1018 covers 21-1011 and 21-1014). A source that has no row for an OEWS code is read through
its *components*: the source's codes of the same SOC broad occupation (the first six
characters, e.g. ``13-102``) that are not OEWS codes themselves. O*NET and the crosswalk are
matched that way. Projections are matched exactly first; failing that, a line item for the
wider broad occupation (``13-1020`` for ``13-1021``) is used and the facts say so in their
``scope``; failing that, the components' projections are summed, again with a ``scope`` (see
:mod:`bot.build.careers`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.build.cip import Programmes
from bot.build.oews import Oews
from bot.build.onet import Onet
from bot.build.projections import Projections


@dataclass(frozen=True)
class Sources:
    oews: Oews
    projections: Projections
    onet: Onet
    programmes: Programmes
    onet_codes: Mapping[str, tuple[str, ...]]  # career SOC -> O*NET-SOC codes
    crosswalk_codes: Mapping[str, tuple[str, ...]]  # career SOC -> crosswalk SOC codes
    projection_codes: Mapping[str, tuple[str, ...]]  # career SOC -> projections line items
    onet_to_career: Mapping[str, str]  # O*NET-SOC code -> career SOC


def match_sources(
    oews: Oews, projections: Projections, onet: Onet, programmes: Programmes
) -> Sources:
    """The sources, with the codes of each that stand for each career."""
    careers = oews.titles
    onet_codes = _onet_codes(onet, careers)
    return Sources(
        oews=oews,
        projections=projections,
        onet=onet,
        programmes=programmes,
        onet_codes=onet_codes,
        crosswalk_codes=components(careers, programmes),
        projection_codes=components(careers, projections.line_items),
        onet_to_career={code: soc for soc, codes in onet_codes.items() for code in codes},
    )


def components(careers: Iterable[str], codes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each career SOC, the SOC codes of another source that stand for it (see above)."""
    careers = set(careers)
    codes = set(codes)
    unmatched: dict[str, list[str]] = defaultdict(list)
    for soc in sorted(careers - codes):
        unmatched[soc[:6]].append(soc)
    result: dict[str, tuple[str, ...]] = {soc: (soc,) for soc in careers & codes}
    for broad, socs in unmatched.items():
        parts = tuple(sorted(c for c in codes if c[:6] == broad and c not in careers))
        if len(socs) == 1 and parts:  # with two unmatched careers the parts cannot be assigned
            result[socs[0]] = parts
    return result


def _onet_codes(onet: Onet, careers: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Career SOC -> its O*NET-SOC codes (``.00`` and specialties), in code order."""
    by_soc: dict[str, list[str]] = defaultdict(list)
    for code in sorted(onet.titles):
        by_soc[code[:7]].append(code)
    parts = components(careers, by_soc)
    return {soc: tuple(c for s in socs for c in by_soc[s]) for soc, socs in parts.items()}


def primary(codes: Sequence[str]) -> tuple[str, ...]:
    """The O*NET codes a career is described by: each SOC's ``.00`` (else its first specialty)."""
    chosen: dict[str, str] = {}
    for code in codes:
        soc = code[:7]
        if soc not in chosen or code.endswith(".00"):
            chosen[soc] = code
    return tuple(chosen[soc] for soc in sorted(chosen))
