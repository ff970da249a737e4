"""Places in questions: states, metro and nonmetro areas, everyday names, what is no place."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.dialogue import Advisor
from bot.knowledge import KnowledgeError
from bot.local import load_areas
from bot.understanding.places import PlaceIndex, PlaceNames, load_place_names

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

# OEWS area codes (knowledge/areas.yaml)
TX, NY, NC, PA, CA, OH, WA, MA = (
    "4800000",
    "3600000",
    "3700000",
    "4200000",
    "0600000",
    "3900000",
    "5300000",
    "2500000",
)
DC, DC_METRO, PR, GU, VI = "1100000", "0047900", "7200000", "6600000", "7800000"
AUSTIN, NYC, LA, SF, SAN_JOSE, DFW = (
    "0012420",
    "0035620",
    "0031080",
    "0041860",
    "0041940",
    "0019100",
)
PORTLAND_OR, PORTLAND_ME = "0038900", "0038860"
SPRINGFIELD = ("0044140", "0044180", "0044100", "0044220", "0021660")  # MA, MO, IL, OH, Eugene OR
SPRINGFIELD_IL, SPRINGFIELD_MO = "0044100", "0044180"
COLUMBUS_OH, COLUMBUS_GA, COLUMBUS_IN = "0018140", "0017980", "0018020"
JACKSON = ("0027100", "0027140", "0027180")  # MI, MS, TN
MOBILE, READING, BEND, STATE_COLLEGE = "0033660", "0039740", "0013460", "0044300"
KANSAS_CITY, PHILLY, VEGAS, TWIN_CITIES, CHICAGO = (
    "0028140",
    "0037980",
    "0029820",
    "0033460",
    "0016980",
)
NOLA, ATLANTA, NASHVILLE, WINSTON_SALEM, SCRANTON = (
    "0035380",
    "0012060",
    "0034980",
    "0049180",
    "0042540",
)
MANHATTAN_KS, RIVERSIDE, SAN_JUAN, BORDER_TX = "0031740", "0040140", "0041980", "4800005"


@pytest.fixture(scope="module")
def places() -> PlaceIndex:
    names = load_place_names(KNOWLEDGE / "place-names.yaml")
    return PlaceIndex.build(load_areas(KNOWLEDGE / "areas.yaml"), names)


@pytest.fixture(scope="module")
def known(advisor: Advisor) -> Callable[[str], bool]:
    """The words the career reader knows, as the reader will pass them: names' words (and
    acronyms, "0la"), intent words, everyday English."""
    spelling = advisor.understanding.index.spelling
    return lambda word: word in spelling.known or word in spelling.english


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        # States and territories, by name in any case (from `us`)
        pytest.param("nurse salary in texas", (TX,), id="state-lower"),
        pytest.param("New York", (NY,), id="new-york-is-the-state"),
        pytest.param("welders in north carolina", (NC,), id="two-word-state"),
        pytest.param("jobs in Puerto Rico", (PR,), id="territory"),
        pytest.param("Guam", (GU,), id="guam"),
        pytest.param("nurse in the Virgin Islands", (VI,), id="virgin-islands"),
        pytest.param("US Virgin Islands", (VI,), id="us-virgin-islands-not-nationwide"),
        pytest.param("Washington", (WA,), id="washington-is-the-state"),
        pytest.param("in Washington State", (WA,), id="washington-state"),
        pytest.param("NURSE SALARY IN TEXAS", (TX,), id="shouting"),
        # DC: the metro area, as people who live there say it; the District by its own name
        pytest.param("Washington DC", (DC_METRO,), id="washington-dc"),
        pytest.param("salary in D.C.", (DC_METRO,), id="d-c-initials"),
        pytest.param("Washington, D.C.", (DC_METRO,), id="washington-comma-d-c"),
        pytest.param("DC", (DC_METRO,), id="dc-alone"),
        pytest.param("jobs in dc", (DC_METRO,), id="dc-lower-after-in"),
        pytest.param("District of Columbia", (DC,), id="district-of-columbia"),
        pytest.param("jobs in the DC area", (DC_METRO,), id="dc-area-is-metro"),
        pytest.param("Washington D.C. area jobs", (DC_METRO,), id="washington-dc-area"),
        pytest.param("the DMV area", (DC_METRO,), id="dmv-area"),
        # Postal codes where a code is expected
        pytest.param("in TX", (TX,), id="code-after-in"),
        pytest.param("in tx", (TX,), id="code-lower-after-in"),
        pytest.param("in ca", (CA,), id="ca-lower-after-in"),
        pytest.param("nurse pay, TX", (TX,), id="code-after-comma"),
        pytest.param("jobs in PA", (PA,), id="pa-after-in"),
        pytest.param("a PA in PA", (PA,), id="pa-job-in-pa"),
        pytest.param("how much do nurses make in Austin TX?", (AUSTIN,), id="city-code"),
        # Cities: principal cities of BLS names, several areas asked back, a state picks one
        pytest.param("austin", (AUSTIN,), id="first-city-lower"),
        pytest.param("Round Rock", (AUSTIN,), id="second-city"),
        pytest.param("software developer salary round rock", (AUSTIN,), id="city-words-ending"),
        pytest.param("nurse pay in long beach", ("0031080",), id="city-words-after-in"),
        pytest.param("Austin-Round Rock-San Marcos, TX", (AUSTIN,), id="bls-name"),
        pytest.param(
            "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD", (PHILLY,), id="bls-name-states"
        ),
        pytest.param("Portland", (PORTLAND_OR, PORTLAND_ME), id="portland-asked"),
        pytest.param("Springfield", SPRINGFIELD, id="springfield-asked"),
        pytest.param("Columbus", (COLUMBUS_OH, COLUMBUS_GA, COLUMBUS_IN), id="columbus-asked"),
        pytest.param("Jackson", JACKSON, id="jackson-three-bls-areas"),
        pytest.param("Portland, Maine", (PORTLAND_ME,), id="portland-maine"),
        pytest.param("Portland OR", (PORTLAND_OR,), id="portland-or-capitals"),
        pytest.param("Portland, ME", (PORTLAND_ME,), id="portland-me-capitals"),
        pytest.param(
            "portland or seattle", (PORTLAND_OR, PORTLAND_ME, "0042660"), id="or-is-a-word"
        ),
        pytest.param("Springfield IL", (SPRINGFIELD_IL,), id="springfield-il"),
        pytest.param("springfield mo", (SPRINGFIELD_MO,), id="springfield-mo-lower"),
        pytest.param("columbus ohio", (COLUMBUS_OH,), id="columbus-ohio"),
        pytest.param("nurse Columbus GA", (COLUMBUS_GA,), id="columbus-ga"),
        pytest.param("Springfield jobs in Illinois", (SPRINGFIELD_IL,), id="state-elsewhere-picks"),
        pytest.param("Portland in Maine", (PORTLAND_ME,), id="city-in-state"),
        pytest.param("Kansas City, Kansas", (KANSAS_CITY,), id="kansas-city-not-kansas"),
        pytest.param("Salem, MA", (MA,), id="city-without-area-there-is-the-state"),
        pytest.param("Manhattan", (NYC,), id="manhattan-is-nyc"),
        pytest.param("Manhattan, KS", (MANHATTAN_KS,), id="manhattan-kansas"),
        pytest.param("Winston-Salem", (WINSTON_SALEM,), id="one-hyphenated-city"),
        pytest.param("Wilkes-Barre", (SCRANTON,), id="double-hyphen-name"),
        pytest.param("Saint Paul", (TWIN_CITIES,), id="saint-spelt-out"),
        pytest.param("Ontario, CA", (RIVERSIDE,), id="foreign-name-with-us-state"),
        pytest.param("San Juan, PR", (SAN_JUAN,), id="pr-after-city"),
        # Cities that are everyday words: capitals and a cue, or a state
        pytest.param("welder in Mobile", (MOBILE,), id="mobile-capital-after-in"),
        pytest.param("Mobile, AL", (MOBILE,), id="mobile-al"),
        pytest.param("Reading PA", (READING,), id="reading-pa"),
        pytest.param("jobs in Reading", (READING,), id="reading-after-in"),
        pytest.param("in Bend", (BEND,), id="bend-after-in"),
        pytest.param("State College, PA", (STATE_COLLEGE,), id="state-college-pa"),
        # Nonmetropolitan areas by their full name
        pytest.param("Border Region of Texas nonmetropolitan area", (BORDER_TX,), id="nonmetro"),
        pytest.param("West Texas nonmetropolitan area", (TX,), id="not-a-bls-name-is-the-state"),
        # Everyday names (place-names.yaml)
        pytest.param("NYC", (NYC,), id="nyc"),
        pytest.param("in New York City", (NYC,), id="new-york-city"),
        pytest.param("New York, NY", (NYC,), id="new-york-ny-is-the-city"),
        pytest.param("nurse in LA", (LA,), id="la"),
        pytest.param("in la", (LA,), id="la-lower-after-in"),
        pytest.param("moving to the bay area", (SF, SAN_JOSE), id="bay-area-asked"),
        pytest.param("SF", (SF,), id="sf"),
        pytest.param("San Fran", (SF,), id="san-fran"),
        pytest.param("DFW", (DFW,), id="dfw"),
        pytest.param("jobs near Philly", (PHILLY,), id="philly"),
        pytest.param("Vegas", (VEGAS,), id="vegas"),
        pytest.param("the Twin Cities", (TWIN_CITIES,), id="twin-cities"),
        pytest.param("Chi-town", (CHICAGO,), id="chi-town"),
        pytest.param("NOLA", (NOLA,), id="nola"),
        pytest.param("ATL", (ATLANTA,), id="atl"),
        pytest.param("Nashville", (NASHVILLE,), id="nashville"),
        # Typos in state names, after a cue
        pytest.param("nurse in texs", (TX,), id="typo-texs"),
        pytest.param("in californa", (CA,), id="typo-californa"),
        pytest.param("in pensylvania", (PA,), id="typo-pensylvania"),
        # Two places
        pytest.param("what about Texas and California", (TX, CA), id="two-states"),
        # No place
        pytest.param("PA salary", (), id="pa-physician-assistant"),
        pytest.param("MD salary", (), id="md-doctor"),
        pytest.param("how much does an MD make", (), id="an-md"),
        pytest.param("nurse pay TX", (), id="code-without-cue"),
        pytest.param("OR", (), id="or-capitals"),
        pytest.param("IN", (), id="in-capitals"),
        pytest.param("ME", (), id="me-capitals"),
        pytest.param("OK", (), id="ok-capitals"),
        pytest.param("HI", (), id="hi-capitals"),
        pytest.param("ok thanks", (), id="ok-thanks"),
        pytest.param("hi", (), id="hi"),
        pytest.param("me", (), id="me"),
        pytest.param("or", (), id="or"),
        pytest.param("RN in ME", ("2300000",), id="me-in-capitals-ending-after-in"),
        pytest.param("RN in ME salary", (), id="me-after-in-then-more"),
        pytest.param("career in PR", (), id="pr-public-relations"),
        pytest.param("as little as two years", (), id="as-is-no-territory"),
        pytest.param("mobile app developer", (), id="mobile-app"),
        pytest.param("Mobile app developer salary", (), id="mobile-capital-no-cue"),
        pytest.param("welder in mobile", (), id="mobile-lower-after-in"),
        pytest.param("reading is fun", (), id="reading"),
        pytest.param("round rock climbing gym", (), id="everyday-words-lower"),
        pytest.param("my son Austin wants to be a nurse", (), id="a-person-named-austin"),
        pytest.param("my friend named tyler is a welder", (), id="a-person-named-tyler"),
        pytest.param("in-state college tuition", (), id="in-state-college"),
        pytest.param("I'm in College", (), id="college-is-not-fairbanks"),
        pytest.param("LA Teacher", (), id="la-language-arts"),
        pytest.param("DC salary", (), id="dc-career-acronym-before-word"),
        pytest.param("in co-op programs", (), id="co-op"),
        pytest.param("Dallas co-workers", (DFW,), id="co-workers-no-colorado"),
        pytest.param(
            "Seattle OR Portland", ("0042660", PORTLAND_OR, PORTLAND_ME), id="or-between-cities"
        ),
        pytest.param("near me", (), id="near-me"),
        pytest.param("in 2024", (), id="year"),
    ],
)
def test_areas(
    places: PlaceIndex, known: Callable[[str], bool], text: str, areas: tuple[str, ...]
) -> None:
    assert places.read(text, known).areas == areas


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        pytest.param("nurse salary in Narnia", "Narnia", id="narnia"),
        pytest.param("nurse salary in narnia", "narnia", id="narnia-lower"),
        pytest.param("nurse salary in London", "London", id="london"),
        pytest.param("i live in Toronto", "Toronto", id="toronto"),
        pytest.param("Ontario", "Ontario", id="ontario-alone-is-canada"),
        pytest.param("I'm from Mordor", "Mordor", id="im-from"),
        pytest.param("in the Shire", "Shire", id="the-shire"),
        pytest.param("nurse in China", "China", id="china"),
        pytest.param("American Samoa", "American Samoa", id="territory-oews-lacks"),
        pytest.param("in nursing", None, id="in-nursing"),
        pytest.param("in demand", None, id="in-demand"),
        pytest.param("in college", None, id="in-college"),
        pytest.param("jobs in IT", None, id="acronym"),
        pytest.param("graduated from Harvard", None, id="from-is-not-im-from"),
        pytest.param("China painter", None, id="china-painter"),
        pytest.param("nurse in London or Austin", None, id="a-covered-place-wins"),
    ],
)
def test_unknown(
    places: PlaceIndex, known: Callable[[str], bool], text: str, unknown: str | None
) -> None:
    reading = places.read(text, known)
    assert reading.unknown == unknown
    assert reading.areas == () or unknown is None


@pytest.mark.parametrize(
    ("text", "nationwide"),
    [
        pytest.param("nationwide", True, id="nationwide"),
        pytest.param("what is the national average for nurses", True, id="national-average"),
        pytest.param("nurse pay in the US.", True, id="in-the-us"),
        pytest.param("nurse salary in the U.S. for nurses", True, id="u-s"),
        pytest.param("USA", True, id="usa"),
        pytest.param("nurse salary usa", True, id="usa-lower"),
        pytest.param("united states", True, id="united-states"),
        pytest.param("across the country", True, id="across-the-country"),
        pytest.param("nurse salary US", True, id="us-capitals"),
        pytest.param("tell us about nurses", False, id="us-pronoun"),
        pytest.param("US Marshal", False, id="us-marshal"),
        pytest.param("United States Postal Service mail carrier", False, id="usps"),
        pytest.param("National Guard recruiter", False, id="national-guard"),
    ],
)
def test_nationwide(
    places: PlaceIndex, known: Callable[[str], bool], text: str, nationwide: bool
) -> None:
    reading = places.read(text, known)
    assert reading.nationwide is nationwide
    assert reading.areas == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("nurse salary in Austin, TX", {"austin", "tx"}, id="city-code"),
        pytest.param("jobs in the Bay Area", {"bay", "area"}, id="not-in-or-the"),
        pytest.param("salary in D.C.", {"d", "c"}, id="as-normalise-gives-them"),
        pytest.param("what is the national average pay", {"national"}, id="average-left-to-career"),
        pytest.param("welders in Narnia", {"narnia"}, id="unknown"),
        pytest.param("mobile app developer", set(), id="none"),
    ],
)
def test_words(
    places: PlaceIndex, known: Callable[[str], bool], text: str, words: set[str]
) -> None:
    assert places.read(text, known).words == words


@pytest.mark.parametrize(
    "text",
    [
        "PA salary",
        "MD salary",
        "how much does an MD make",
        "ok thanks",
        "hi",
        "me",
        "or",
        "OR",
        "OK",
        "in me",
    ],
)
def test_never_places_even_knowing_no_words(places: PlaceIndex, text: str) -> None:
    assert places.read(text) == places.read(text, lambda w: False)
    assert places.read(text).areas == ()


def test_no_career_name_is_a_place(
    places: PlaceIndex, known: Callable[[str], bool], advisor: Advisor
) -> None:
    """The names of careers ("China Painter", "LA Teacher", "US Marshal", "Mobile Home
    Installer") name no place; "DC" (Doctor of Chiropractic) is also Washington's metro area."""
    read = {
        name
        for career in advisor.knowledge.careers
        for name in (career.title, *career.aliases)
        if places.read(name, known) != places.read("", known)
    }
    assert read == {"DC"}


def test_reading_is_fast(places: PlaceIndex, known: Callable[[str], bool]) -> None:
    texts = [
        "how much does a registered nurse make in Portland, Maine?",
        "PA salary",
        "welder in Mobile",
    ]
    texts += [
        "is being an electrician a good career for someone who likes working with their hands"
    ]
    start = time.perf_counter()
    for _ in range(250):
        for text in texts:
            places.read(text, known)
    assert (time.perf_counter() - start) / 1000 < 0.002  # about 0.1 ms each; generous for CI


def test_names_file_errors_name_file_and_field(tmp_path: Path) -> None:
    file = tmp_path / "place-names.yaml"
    file.write_text("names:\n  NYC: 35620\n", encoding="utf-8")
    with pytest.raises(
        KnowledgeError, match=r"place-names\.yaml: names\.NYC: must list area codes"
    ):
        load_place_names(file)
    file.write_text("names:\n  NYC: ['9999999']\n", encoding="utf-8")
    areas = load_areas(KNOWLEDGE / "areas.yaml")
    with pytest.raises(KnowledgeError, match=r"names\.NYC: '9999999' is not in areas\.yaml"):
        PlaceIndex.build(areas, load_place_names(file))
    file.write_text("nicknames: {}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="nicknames: is not a known field"):
        load_place_names(file)
    with pytest.raises(KnowledgeError, match="file not found"):
        load_place_names(tmp_path / "missing.yaml")


def test_builds_from_raw_yaml_mappings() -> None:
    areas = {"4800000": {"name": "Texas", "type": "state", "states": ["TX"]}}
    areas["0012420"] = {
        "name": "Austin-Round Rock-San Marcos, TX",
        "type": "metro",
        "states": ["TX"],
    }
    index = PlaceIndex.build(areas, PlaceNames(names={"ATX": ("0012420",)}))
    assert index.read("in ATX").areas == ("0012420",)
    assert index.read("Round Rock, Texas").areas == ("0012420",)
    assert index.read("in Ohio").unknown == "Ohio"  # a state this index has no area for
