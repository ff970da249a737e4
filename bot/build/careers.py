"""One career's facts, assembled from the sources: overview, education, employment, outlook,
salary, colleges and similar careers, in the schema of :mod:`bot.knowledge`, plus its curated
content. What a source lacks is left out and recorded in a :class:`Report`.

The outlook ``wording`` follows the key phrases of BLS's Occupational Outlook Handbook, relative
to the projected change for all occupations (3.1% for 2024-34); the bins are
:data:`OUTLOOK_WORDING`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.build.curated import Curated, add_curated_facts
from bot.build.matching import Sources, primary
from bot.build.oews import (
    ANNUAL_COLUMNS,
    FOOTNOTE_HOURLY_OR_ANNUAL,
    FOOTNOTE_TOP_CODED,
    HOURLY_COLUMNS,
    Cell,
)
from bot.build.onet import REQUIRED_LEVELS, Onet
from bot.build.projections import Projection
from bot.build.yaml_dump import Flow
from bot.knowledge import CAREER_FIELDS, WAGE_KEYS

# Source ids in knowledge/sources.yaml that the generated facts name.
SOURCE_OEWS = "bls-oews-2025"
SOURCE_PROJECTIONS = "bls-ep-2024-34"
SOURCE_ONET = "onet-29.3"
SOURCE_CIP = "nces-cip-soc-2020"

# Outlook wording: BLS Occupational Outlook Handbook key phrases for the projected change in
# employment, relative to the 3.1% projected for all occupations over 2024-34. Read top down:
# the first row whose lower bound the change reaches (change >= bound) gives the wording, so
# the bins are half-open and do not overlap:
#     change >= 7      much faster than average
#     5 <= change < 7  faster than average
#     2 <= change < 5  about as fast as average
#     1 <= change < 2  slower than average
#    -1 < change < 1   little or no change
#     change <= -1     decline
OUTLOOK_WORDING: tuple[tuple[float, str], ...] = (
    (7.0, "much faster than average"),
    (5.0, "faster than average"),
    (2.0, "about as fast as average"),
    (1.0, "slower than average"),
    (-0.95, "little or no change"),  # change > -1 (published to one decimal: -0.9 and up)
    (float("-inf"), "decline"),
)

MAX_TASKS = 5
MAX_SIMILAR = 6

_ONLY_ANNUAL = (
    "BLS publishes only annual wages for this occupation: its workers often do not work "
    "year-round, full time, and are typically paid a yearly salary."
)
_ONLY_HOURLY = (
    "BLS publishes only hourly wages for this occupation: its workers often do not work "
    "year-round, full time, and are typically paid by the hour."
)
_NO_ONET_TEXT = (
    "BLS publishes figures for this group of occupations; O*NET has no description for it."
)
_WIDER = "outlook, education: figures for the wider BLS group"
_SUMMED = "outlook, education: sums of the projections the OEWS code covers"


@dataclass
class Report:
    """What the build could not fill (missing) or filled indirectly (notes), by SOC."""

    missing: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def lack(self, what: str, soc: str) -> None:
        self.missing[what].append(soc)

    def note(self, what: str, soc: str) -> None:
        self.notes[what].append(soc)


def assemble_career(
    soc: str,
    career_id: str,
    src: Sources,
    aliases: tuple[list[str], list[str]],
    curated: Curated | None,
    report: Report,
) -> dict[str, Any]:
    """The career of ``soc`` as written to its file: fields in schema order, empty ones left out."""
    title = src.oews.titles[soc]
    career: dict[str, Any] = {
        "id": career_id,
        "soc": soc,
        "title": title,
        "aliases": aliases[0],
        "ambiguous_aliases": aliases[1],
        "overview": [_overview(soc, title, src, report)],
        "education": _education(soc, src, report),
        "employment": _employment(soc, src, report),
        "outlook": _outlook(soc, src, report),
        "salary": _salary(soc, src, report),
        "colleges": _colleges(soc, src, report),
        "similar": _similar(soc, src),
    }
    if curated is not None:
        add_curated_facts(career, curated)
    assert tuple(career) == CAREER_FIELDS
    return {k: v for k, v in career.items() if v}


def _wording(change: float) -> str:
    for bound, wording in OUTLOOK_WORDING:
        if change >= bound:
            return wording
    return OUTLOOK_WORDING[-1][1]


def _thousands(value: float) -> int:
    return round(value * 1000)


def _wage(text: str) -> int | float:
    return int(text) if text.isdigit() else float(text)


# --- overview -------------------------------------------------------------------------------


def _overview(soc: str, title: str, src: Sources, report: Report) -> dict[str, Any]:
    onet = src.onet
    main_codes = primary(src.onet_codes.get(soc, ()))
    described = [c for c in main_codes if c in onet.descriptions]
    if not described:
        report.lack("overview: no O*NET description", soc)
        return {"source": SOURCE_ONET, "text": _NO_ONET_TEXT}
    if len(described) == 1:
        text = onet.descriptions[described[0]]
    else:
        report.note("overview: combined from the O*NET occupations the BLS code covers", soc)
        parts = " ".join(f"{onet.titles[c]}: {onet.descriptions[c]}" for c in described)
        text = f"{title} covers {len(described)} O*NET occupations. {parts}"
    # Tasks in turn from each O*NET occupation, so a combined career gets some of each.
    lists = [onet.tasks.get(c, ()) for c in main_codes]
    tasks = [t for i in range(MAX_TASKS) for ts in lists if i < len(ts) for t in (ts[i],)]
    fact: dict[str, Any] = {"source": SOURCE_ONET, "text": text}
    if tasks:
        fact["tasks"] = tasks[:MAX_TASKS]
    else:  # an "All Other" group: O*NET says only "All ... not listed separately."
        report.lack("overview.tasks: no O*NET task statements", soc)
        fact["text"] = f"{text} {_examples(src.onet_codes.get(soc, ()), main_codes, onet)}".strip()
    return fact


def _examples(codes: Sequence[str], main_codes: Sequence[str], onet: Onet) -> str:
    """A sentence naming what a group holds: its O*NET specialties, else reported job titles."""
    specialties = [onet.titles[c] for c in codes if c not in main_codes]
    if specialties:
        return f"O*NET describes these specialties in the group: {_series(specialties)}."
    reported = sorted(
        (not shown, title) for c in codes for title, shown in onet.reported.get(c, ())
    )
    titles = list(dict.fromkeys(title for _, title in reported))[:MAX_TASKS]
    return f"Job titles reported in this group include {_series(titles)}." if titles else ""


def _series(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# --- projections: education and outlook -----------------------------------------------------


def _projection_for(soc: str, src: Sources) -> tuple[Projection | None, str | None, str | None]:
    """The projections row for a career; when it is not its own, the scope and summary note."""
    items = src.projections.line_items
    if soc in items:
        return items[soc], None, None
    wider = items.get(soc[:6] + "0")
    if wider is not None:
        return wider, f"Figure for the wider BLS group {wider.code} {wider.title}.", _WIDER
    parts = [items[c] for c in src.projection_codes.get(soc, ())]
    if not parts:
        return None, None, None
    start = sum(p.employment_start for p in parts)
    end = sum(p.employment_end for p in parts)
    same = {(p.education, p.experience, p.training) for p in parts}
    education, experience, training = same.pop() if len(same) == 1 else (None, None, None)
    names = ", ".join(f"{p.code} {p.title}" for p in parts)
    combined = Projection(
        code=soc,
        title=names,
        employment_start=start,
        employment_end=end,
        change_percent=round((end - start) / start * 100, 1) if start else 0.0,
        openings=sum(p.openings for p in parts),
        education=education,
        experience=experience,
        training=training,
    )
    return combined, f"Sum of the BLS projections for {names}.", _SUMMED


def _education(soc: str, src: Sources, report: Report) -> list[dict[str, Any]]:
    facts = (_entry_requirements(soc, src, report), _job_zone(soc, src, report))
    return [fact for fact in facts if fact is not None]


def _entry_requirements(soc: str, src: Sources, report: Report) -> dict[str, Any] | None:
    """Typical entry education, work experience and training, from the projections."""
    projection, scope, _ = _projection_for(soc, src)
    if projection is None:
        return None
    fact: dict[str, Any] = {"source": SOURCE_PROJECTIONS}
    for key, value in (("entry_education", projection.education),
                       ("work_experience", projection.experience),
                       ("training", projection.training)):  # fmt: skip
        if value is not None:
            fact[key] = value
    if "entry_education" not in fact:
        report.lack("education: no typical entry education in the projections", soc)
        return None
    if scope:
        fact["scope"] = scope
    return fact


def _job_zone(soc: str, src: Sources, report: Report) -> dict[str, Any] | None:
    """O*NET's job zone; for a group, the lowest of its occupations' (or specialties') zones."""
    onet = src.onet
    codes = src.onet_codes.get(soc, ())
    zones = sorted({onet.zones[c] for c in primary(codes) if c in onet.zones})
    specialties = not zones
    if specialties:  # an "All Other" group without a zone of its own: its specialties' zones
        zones = sorted({onet.zones[c] for c in codes if c in onet.zones})
    if not zones:
        report.lack("education.job_zone: no O*NET job zone", soc)
        return None
    zone: dict[str, Any] = {"source": SOURCE_ONET, "job_zone": zones[0]}
    if zones[0] in onet.zone_names:
        zone["job_zone_name"] = onet.zone_names[zones[0]]
    required = _required_levels(primary(codes), onet)
    if required:
        zone["required"] = required
    what = "the specialties in this group" if specialties else "the occupations this group covers"
    if len(zones) > 1:
        names = [onet.zone_names.get(z, f"Job Zone {z}") for z in (zones[0], zones[-1])]
        zone["scope"] = f"O*NET rates {what} from {names[0]} to {names[1]}; this is the lowest."
        report.note(f"education.job_zone: the lowest of {what}", soc)
    elif specialties:
        zone["scope"] = f"The job zone O*NET gives {what}; the group has none of its own."
        report.note(f"education.job_zone: that of {what}", soc)
    return zone


def _required_levels(codes: Sequence[str], onet: Onet) -> list[dict[str, Any]]:
    """What incumbents say the job requires; for a group, averaged over its occupations."""
    surveyed = [onet.required[c] for c in codes if c in onet.required]
    if not surveyed:
        return []
    total: dict[int, float] = defaultdict(float)
    for answers in surveyed:
        for category, percent in answers:
            total[category] += percent / len(surveyed)
    return [
        {"level": REQUIRED_LEVELS[category], "percent": round(percent, 1)}
        for category, percent in sorted(total.items(), key=lambda item: (-item[1], item[0]))
        if round(percent, 1) > 0
    ]


def _outlook(soc: str, src: Sources, report: Report) -> list[dict[str, Any]]:
    projection, scope, how = _projection_for(soc, src)
    if projection is None:
        report.lack("outlook, education: no projections row", soc)
        return []
    if how:
        report.note(how, soc)
    fact: dict[str, Any] = {
        "source": SOURCE_PROJECTIONS,
        "period": Flow([src.projections.start_year, src.projections.end_year]),
        "employment_start": _thousands(projection.employment_start),
        "employment_end": _thousands(projection.employment_end),
        "change_percent": projection.change_percent,
        "wording": _wording(projection.change_percent),
        "openings": _thousands(projection.openings),
    }
    if scope:
        fact["scope"] = scope
    return [fact]


# --- OEWS: employment and salary ------------------------------------------------------------


def _employment(soc: str, src: Sources, report: Report) -> list[dict[str, Any]]:
    cell = src.oews.national.get(soc)
    value = cell.values.get("01", "") if cell else ""
    fact: dict[str, Any] = {"source": SOURCE_OEWS, "year": src.oews.year}
    if value.isdigit():
        fact["employed"] = int(value)
    else:
        report.lack("employment: national figure not published by BLS", soc)
        fact["text"] = "BLS does not publish a national employment figure for this occupation."
    industries = src.oews.industries.get(soc, ())
    if industries:
        fact["industries"] = [{"name": name, "employed": n} for name, n in industries]
    else:
        report.lack("employment.industries: no industry figures published", soc)
    return [fact]


def _wages(cell: Cell, columns: Mapping[str, str], top: float | None) -> tuple[dict[str, Any], int]:
    """Published wages of one kind (hourly or annual), and how many were not published."""
    wages: dict[str, Any] = {}
    top_coded = []
    unpublished = 0
    for key in WAGE_KEYS:
        value = cell.values.get(columns[key], "")
        top_code = cell.footnotes.get(columns[key]) == FOOTNOTE_TOP_CODED
        if re.fullmatch(r"\d+(\.\d+)?", value):
            wages[key] = _wage(value)
        elif top_code and top is not None:
            wages[key] = int(top) if top.is_integer() else top
        else:
            unpublished += 1
            continue
        if top_code:
            top_coded.append(key)
    if top_coded:
        wages["top_coded"] = top_coded
    return wages, unpublished


def _salary(soc: str, src: Sources, report: Report) -> list[dict[str, Any]]:
    cell = src.oews.national.get(soc)
    if cell is None:
        report.lack("salary: no national OEWS series", soc)
        return []
    hourly, hourly_gaps = _wages(cell, HOURLY_COLUMNS, src.oews.top_code.get("hourly"))
    annual, annual_gaps = _wages(cell, ANNUAL_COLUMNS, src.oews.top_code.get("annual"))
    fact: dict[str, Any] = {"source": SOURCE_OEWS, "year": src.oews.year}
    if hourly:
        fact["hourly"] = hourly
    if annual:
        fact["annual"] = annual
    if not hourly and not annual:
        report.lack("salary: wages not published by BLS", soc)
        return []
    # Footnote 4: wages of those who do not generally work year-round, full time, are
    # published only hourly or only annually, depending on how they are typically paid.
    paid_so = FOOTNOTE_HOURLY_OR_ANNUAL in cell.footnotes.values()
    if not hourly:
        fact["note"] = _ONLY_ANNUAL if paid_so else "BLS does not publish hourly wages for it."
        report.lack("salary.hourly: BLS publishes only annual wages", soc)
    elif not annual:
        fact["note"] = _ONLY_HOURLY if paid_so else "BLS does not publish annual wages for it."
        report.lack("salary.annual: BLS publishes only hourly wages", soc)
    elif hourly_gaps or annual_gaps:
        report.lack("salary: some wage figures not published by BLS", soc)
    if "top_coded" in hourly or "top_coded" in annual:
        report.note("salary: wages top-coded by BLS (shown as 'at least')", soc)
    return [fact]


def all_occupations(src: Sources) -> dict[str, Any] | None:
    """The national all-occupations figures (SOC 00-0000): what "well paid" is measured
    against; None when the OEWS data has no such series."""
    cell = src.oews.all_occupations
    if cell is None:
        return None
    fact: dict[str, Any] = {"source": SOURCE_OEWS, "year": src.oews.year}
    value = cell.values.get("01", "")
    if value.isdigit():
        fact["employed"] = int(value)
    for kind, columns in (("hourly", HOURLY_COLUMNS), ("annual", ANNUAL_COLUMNS)):
        wages, _ = _wages(cell, columns, src.oews.top_code.get(kind))
        if wages:
            fact[kind] = wages
    return fact if "annual" in fact else None


# --- colleges and similar careers -----------------------------------------------------------


def _colleges(soc: str, src: Sources, report: Report) -> dict[str, Any] | None:
    programmes: dict[str, str] = {}
    for code in src.crosswalk_codes.get(soc, ()):
        programmes.update(src.programmes.get(code, ()))
    if not programmes:
        report.lack("colleges: no CIP programme in the crosswalk", soc)
        return None
    return {
        "source": SOURCE_CIP,
        "programmes": [{"cip": cip, "title": title} for cip, title in sorted(programmes.items())],
    }


def _similar(soc: str, src: Sources) -> list[str]:
    codes = src.onet_codes.get(soc, ())
    related = sorted(r for c in primary(codes) for r in src.onet.related.get(c, ()))
    if not related:  # an "All Other" group: what its specialties relate to
        related = sorted(r for c in codes for r in src.onet.related.get(c, ()))
    similar: list[str] = []
    for _, _, code in related:
        other = src.onet_to_career.get(code)
        if other and other != soc and other not in similar:
            similar.append(other)
    return similar[:MAX_SIMILAR]
