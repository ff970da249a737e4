"""Reading a finder request: "jobs that pay over $80k without a degree", "what can I do with a
biology degree", "jobs like electrician", "I don't know what I want to do". Pure.

The filters are read from patterns of plain words into the knowledge base's own terms (a
:class:`~bot.finder.Search`); a career named after "like" and a subject named with "degree" are
returned as words, for the caller to resolve against the careers and the CIP programmes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.finder import Search
from bot.finder_terms import AllOccupations, Field, Wish
from bot.understanding.reader import MAX_CHARS
from bot.understanding.text import everyday_words
from bot.words import normalise


def _words(text: str) -> list[str]:
    return text.split()


# Words of what the finder reads besides fields: a career's name made of these and field names
# only ("Healthcare Associate", "Engineering Tech") is no career named.
FINDER_WORDS = frozenset(
    _words(
        "associate associates bachelor bachelors master masters degree certificate apprentice "
        "apprenticeship college school diploma entry level experience pay paying growing tech"
    )
)
# Words that make a message ask for a list of careers rather than about one.
LIST_NOUNS = frozenset(
    _words(
        "jobs careers occupations professions fields positions roles options paths trades gigs "
        "apprenticeships something anything"
    )
)
# A career noun in the singular asks for a list only after a word like these: "what job pays
# the most", not "is trucking a dying job".
_ONE_OF = re.compile(
    r"\b(?:what|which|any|best|top|highest|a few|some|other) (?:\w+ )?"
    r"(?:job|career|profession|occupation|trade|field|work)\b|"
    r"\b(?:job|career)s? (?:that|which|where)\b|\b(?:search|find|looking for|need) (?:a )?job\b"
)
_AMOUNT = (
    r"\$?\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(k\b|grand\b|thousand\b)?"
    r"(?:\s?(?:dollars?|bucks|usd)\b)?"
)
_UNIT = r"(?:\s?(?:/|an?|per|each|for|for an?)?\s?(hour|hr|h|year|yr|hourly|annually|yearly)\b)?"
_AT_LEAST = r"over|above|more than|at least|minimum(?: of)?|min|starting at|upwards of|north of"
_UNDER = r"under|below|less than|at most|up to|no more than|max(?:imum)?(?: of)?|lower than"
_PAYING = r"pay(?:s|ing)?|make|making|earn|earning|paid|salary of|start(?:ing)? at"
_MIN_RE = re.compile(rf"(?:{_AT_LEAST})\s+{_AMOUNT}{_UNIT}|{_AMOUNT}{_UNIT}\s?(?:\+|or more|plus)")
_MAX_RE = re.compile(rf"(?:{_UNDER})\s+{_AMOUNT}{_UNIT}")
_PAY_RE = re.compile(rf"(?:{_PAYING})\s+(?:a |an |around |about )?{_AMOUNT}{_UNIT}")
_RANGE_RE = re.compile(
    rf"(?:between\s+|from\s+|\b)(?<![\d.,]){_AMOUNT}{_UNIT}\s*(?:and|to|-)\s*{_AMOUNT}{_UNIT}"
)
# A bare amount said with "$", "k" or "grand" ("certificate jobs 55k"): a floor.
_BARE_RE = re.compile(
    r"(?<![\w$.,])(?:\$\s?(\d{1,3}(?:,\d{3})+|\d+)(k\b|grand\b)?|(\d+)\s?(k\b|grand\b))"
)
# Numbers said in words: "a hundred grand", "thirty dollars an hour".
_NUMBER_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a hundred": 100, "one hundred": 100, "fifteen": 15,
    "eighteen": 18, "twelve": 12, "ten": 10,
}  # fmt: skip
_NUMBER_WORD_RE = re.compile(
    r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"(?= (?:k|grand|thousand|dollars?|bucks|an hour|a year)\b)"
)
_SIX_FIGURES = re.compile(r"\b(?:six|6)[\s-]?fig(?:ure)?s?\b|\b100k\b")
_WELL_PAID = re.compile(
    r"\b(?:well[\s-]?pa(?:id|ying)|pays? (?:really |very )?well|good[\s-]?pay(?:ing)?|"
    r"good money|decent[\s-]?pay(?:ing)?|good salar(?:y|ies)|high[\s-]?pa(?:ying|id)|"
    r"high salar(?:y|ies)|great pay(?:ing)?|good[\s-]paid|well[\s-]compensated|high pay|"
    r"pays? good|paying good|good wages?|decent money)\b"
)
_NOT_AN_AMOUNT = re.compile(
    r"\s?-?\s?(?:years?|yrs?|fig(?:ure)?s?)\b"
)  # "2 year degree", "6 figures"

# Education, experience and training, on the normalised words (apostrophes dropped).
_EDUCATION = (
    ("below-bachelor", r"\b(?:without|no|dont need|do not need|not needing|not requiring|"
     r"doesnt require|without getting) (?:an? )?(?:bachelors?|4 year|four year) ?(?:degree)?\b"),
    ("no-degree", r"\b(?:without|no|w o|dont need|do not need|not needing|not requiring|"
     r"doesnt require|dont require|doesnt need|does not need|wont need|not need|"
     r"without going to|skip|skipping|no need for|never went to|"
     r"dont have|didnt go to|not going to|with no|without any|no college) (?:an? |any |the )?"
     r"(?:college |university |uni )?(?:degree|college|university|uni|schooling)\b|"
     r"\bnon degree\b|\bdegree free\b|\bno degree\b|\bno diploma\b|\bno need (?:for )?"
     r"(?:university|college)\b"),
    ("high-school", r"\b(?:require|requires|need|needs) (?:only |just )?(?:an? )?(?:ged|"
     r"high school diploma)\b|\b(?:just|only|with|for) (?:an? |my )?(?:high school|hs) (?:diploma|"
     r"degree|education|grads?|graduates?)\b|\b(?:only|just|with) (?:an? |my )?ged\b|"
     r"\b(?:right|straight) out of (?:high school|hs)\b|\bhigh school grads?\b|"
     r"\bhigh school graduates?\b"),
    ("certificate", r"\b(?:certificate|trade school|vocational|votech|vo tech)\b"),
    ("associate", r"\bassociates?\b|\b(?:2|two) ?(?:year|yr) (?:degree|college|program)s?\b|"
     r"\bcommunity college\b|\b(?:2|two) years? (?:of )?college\b"),
    ("bachelor", r"\bbachelors?\b|\b(?:4|four) ?(?:year|yr) (?:degree|college)s?\b|"
     r"\bcollege degree\b|\bundergrad(?:uate)? degree\b"),
    ("master", r"\bmasters?(?: degree)?\b|\bmba\b"),
    ("doctoral", r"\b(?:phd|ph d|doctorate|doctoral|professional degree)\b"),
    ("graduate", r"\bgraduate degree\b|\bgrad school\b|\badvanced degree\b"),
)  # fmt: skip
_NO_EXPERIENCE = re.compile(
    r"\b(?:no|without|zero|without any|dont have|dont have any|with no|no prior|no previous|"
    r"little|lack|lacking) (?:prior |previous |work |job |real )?(?:experience|exp)\b|"
    r"\bno experience\b"
)
_APPRENTICESHIP = re.compile(r"\bapprentice(?:ship)?s?\b")
_SORTS = (
    ("growth", r"\bfastest (?:growing|grow)\b|\bgrow (?:the )?fastest\b|"
     r"\b(?:ranked|sorted|ordered) by growth\b|\bgrowing (?:the )?fastest\b|\bmost growth\b|"
     r"\bgrowing the most\b|\bfast(?:est)? growing\b|\bhighest growth\b|\bbiggest growth\b"),
    ("decline", r"\bfastest (?:declining|shrinking|dying|disappearing)\b|"
     r"\b(?:shrink|decline|disappear) (?:the )?(?:most|fastest)\b|\blosing (?:the )?most\b|"
     r"\b(?:declining|shrinking|dying|disappearing) (?:the )?(?:fastest|most)\b"),
    ("pay", r"\b(?:ranked|sorted|ordered|order) by (?:pay|salary|money|wages?|income)\b|"
     r"\b(?:highest|best|top|most|higher|better|biggest) (?:pay(?:ing|ed|s)?|paid|"
     r"salar(?:y|ies)|wages?|earning|income)\b|\bmake the most(?: money)?\b|\bmost money\b|"
     r"\bearn the most\b|\bpays? the most\b|\bpays? (?:the )?best\b|\bmost lucrative\b|"
     r"\bhighest earning\b"),
    ("openings", r"\b(?:most )?in demand\b|\bhir(?:e|es|ing) (?:the )?most\b|"
     r"\b(?:lots|tons|plenty|a lot) of (?:job )?openings\b|\bhiring like crazy\b|\bhiring a lot\b|"
     r"\bmost (?:job )?openings\b|\bmost hiring\b|\bhiring the most\b|\bmost needed\b|"
     r"\bhighest demand\b|\bmost vacancies\b|"
     r"\bmost job opportunities\b|\bhigh demand\b"),
    ("employment", r"\bmost common\b|\bmost jobs\b|\bbiggest\b|\bmost popular\b|"
     r"\bmost people\b|\bemploy the most\b|\blargest\b|\bmost workers\b"),
)  # fmt: skip
_GROWING = re.compile(
    r"\b(?:growing|growth|expanding|future proof|with a future|have a future|has a future|"
    r"booming|on the rise|stable future)\b"
)
_DECLINING = re.compile(
    r"\b(?:declining|dying|shrinking|disappearing|going away|obsolete|going extinct)\b|"
    r"\bwon'?t (?:exist|be around)\b|\bbeing replaced\b"
)

# A career named as the measure: "jobs like electrician", "careers similar to nursing".
_LIKE_RE = re.compile(
    r"\b(?:jobs?|careers?|occupations?|professions?|something|work|roles?|options|things|"
    r"anything|fields?|positions?|stuff|out there)\s+(?:that are |which are |that is |are |is )?"
    r"(?:kind of |sort of |kinda |sorta |pretty |most |really )?"
    r"(?:like|similar to|related to|close to|comparable to)\s+(?P<x>.+)|"
    r"\bsimilar (?:jobs?|careers?|occupations?|professions?|roles?|work)\s+(?:to|as|like)\s+"
    r"(?P<y>.+)|\balternatives?\s+(?:careers?\s+|jobs?\s+)?(?:to|for)\s+(?P<z>.+)|"
    r"\bwhat else is (?:like|similar to)\s+(?P<w>.+)|"
    r"\bwhat(?:s|'s| is) similar to\s+(?P<v>.+)|\brelated (?:careers|jobs) (?:to|for)\s+(?P<u>.+)"
)
_LIKE_AS = re.compile(
    r"\bwhat (?:could|can|should|would) (?:an? )?(?P<x>[a-z ]{3,40}?) (?:switch|change|"
    r"transition|move|pivot) (?:to|into)\b|"
    r"\b(?:i'm|im|i am) (?:an? )?(?P<y>[a-z ]{3,40}?)(?:,|\.| and| but| so)\s.*\b(?:what else|"
    r"other (?:jobs|careers|options)|similar|switch|change careers|transition)\b|"
    r"^(?P<z>[a-z ]{3,30}?) here\b.*\b(?:similar|what else|other (?:jobs|careers))\b"
)
_LIKE_AFTER = re.compile(r"(?P<x>.+?)\s+(?:alternatives|related (?:careers|jobs)|"
                         r"similar (?:careers|jobs))$")  # fmt: skip
# A subject studied: "with a biology degree", "jobs for psychology majors".
_SUBJECT_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"\b(?:with|for|using|use|have|got|earned|holding) (?:a |an |my |the |our )?"
        r"(?P<s>[a-z][a-z ,&'/-]{1,50}?)\s+(?:degree|major|majors|diploma|background|"
        r"bachelors?|masters?|phd|grads|graduates|ba|bs|ma|ms)\b",
        r"\b(?:majored|majoring|major|degree|degrees|studied|studying|graduated) in "
        r"(?P<s>[a-z][a-z ,&'/-]{1,50})",
        r"\bwhat (?:can |could )?(?:i|you|one|someone|they|he|she|we) (?:can |could )?do "
        r"with (?:a |an |my |the |their |his |her )?(?P<s>[a-z][a-z ,&'/-]{1,50})",
        r"\b(?:bachelors?|masters?|associates?|phd|degree|diploma|certificate) (?:degree )?in "
        r"(?P<s>[a-z][a-z &'/-]{1,40}?)(?:,|\.|\?| and| but|$)",
        r"\b(?P<s>[a-z][a-z ,&'/-]{1,40}?)\s+(?:degree|major|majors)\s+(?:jobs|careers|"
        r"options|paths)\b",
        r"^(?P<s>[a-z][a-z &'/-]{1,40}?)\s+(?:degree|major|majors|grads|graduates)\b",
        r"\b(?:i |i've |ive |i have )?(?:studied|study|studying|majored in|majoring in|"
        r"major in) (?P<s>[a-z][a-z &'/-]"
        r"{1,40}?)(?:,|\.| now| and| but|$)",
    )
)
_DEGREE_IN = re.compile(r"\b(?:bachelors?|masters?|associates?|phd|degree) (?:degree )?in\b")
# Words no subject's name holds: "do i need a" before "degree" is no subject.
_NOT_IN_SUBJECT = frozenset(
    _words(
        "jobs job careers career without with need needs that which dont don't do does no not a "
        "an the any what can i you get pay pays paying make figure figures just only where how "
        "is are state city area county metro region about thinking school"
    )
)
# Words before "degree" that say a level, not a subject: "with an associate's degree".
_LEVEL_WORDS = frozenset((
    "college", "university", "high school", "4 year", "four year", "2 year", "two year",
    "associate's", "associates", "associate", "bachelor's", "bachelors", "bachelor",
    "master's", "masters", "master", "graduate", "advanced", "professional", "phd",
    "doctoral", "doctorate", "undergrad", "undergraduate", "hs", "college degree",
))  # fmt: skip
_SUBJECT_TAIL = re.compile(r"\s+(?:degree|major|majors|diploma|in [a-z ]+|jobs|careers)$")
_IN_SUBJECT = re.compile(r"\b(?:careers?|jobs?|work|occupations?) in (?P<s>[a-z][a-z ,&'/-]{2,50})")
_LEADING = re.compile(r"^(?:a|an|my|the|being a|being an|being|becoming a|becoming an) ")
_TRAILING = re.compile(
    r"[\s?!.,]+$|\s+(?:jobs?|careers?|field|please|pls|in [a-z ]+|that pay.*|with .*)$"
)

# Openings of the guided finder: the user does not know yet which career to ask about.
_GUIDED = re.compile(
    r"\b(?:i )?(?:dont|do not|don't) know what (?:i want |i wanna |i should |to )?(?:to )?"
    r"(?:do|be|study|major in|pursue|choose)\b|"
    r"\b(?:no idea|not sure|unsure|undecided|idk|clueless|confused|lost) (?:about )?"
    r"(?:what|which) (?:career|job|to do|path|field|i want|(?:\w+ ){1,3}(?:to do|to be|to study))|"
    r"\bhelp me (?:choose|pick|find|decide(?: on)?|figure out|chose) (?:a |my |what |the )?"
    r"(?:career|job|path|major|to do|field)|"
    r"\bwhat (?:career|job|field|profession)s? (?:is|are|would be|should i|fits?|suits?|"
    r"would suit|would fit|match(?:es)?)\b|"
    r"\bwhat should i (?:do|be|become|study|pursue|choose)\b|"
    r"\bcareer (?:advice|ideas|suggestions|options|quiz|test|guidance|help)\b|"
    r"\b(?:suggest|recommend|give me) (?:me )?(?:a |some )?(?:careers?|jobs?)\b|"
    r"\bfind (?:me )?(?:a )?(?:career|job)(?: for me)?\b|"
    r"\bchoose a career\b|\bpick a career\b|\bcareer change\b|\bchange careers?\b|"
    r"\bwhat (?:to|should i) do (?:with my life|for a living|after (?:high )?school)\b|"
    r"\bwhich career\b|\bwhat career\b|"
    r"\bwhat (?:kind|sort|type)s? of (?:job|career|work)s? (?:fits|suits|would suit|would fit|is "
    r"right for|is good for|should i)\b|\bhelp me figure out\b|\bwhat could i do\b"
)
# A wish is said after words like these, a few words apart at most: "i love animals", "my son
# likes building things", "im good at math"; not "someone like me ... a pharmacy tech".
_WISH_CUE = (
    r"\b(?:like|likes|liked|love|loves|enjoy|enjoys|into|good at|good with|great with|"
    r"interested in|passionate about|want to|wanna|prefer|im|i am|am a|something with|"
    r"something where|something|work|working|where i|where you|rather be|been|always)\b"
    r"(?:\s+\w+){0,2}?\s+"
)
# "what can I do with…": a subject asked about even with no word for jobs.
_DO_WITH = re.compile(
    r"\bwhat (?:i|you|one|someone|they|he|she|we) (?:can|could) do with\b|"
    r"\bwhat (?:can|could) (?:i|you|one|someone|they|he|she|we) do with\b|"
    r"\bnow what\b|\bwhat now\b|"
    r"\bwhat next\b|\bwhat (?:can|could|should|do) i do\b"
)


@dataclass(frozen=True)
class FinderReading:
    """What a finder request asks: a search, or the guided finder, with words to resolve."""

    search: Search
    guided: bool = False  # start the guided finder
    wish: str | None = None  # the wish said ("hands"), whose fields the finder starts with
    like: str | None = None  # the words naming the career to be like ("electrician")
    subject: str | None = None  # the words naming a subject studied ("marine biology")
    subject_loose: bool = False  # the subject was read from "careers in X" (may be a field)
    said: bool = False  # a filter, order, subject or career was said (not just "jobs")


def read(
    text: str,
    fields: Mapping[str, Field],
    wishes: Mapping[str, Wish],
    everyone: AllOccupations | None,
    place: str | None = None,
) -> FinderReading | None:
    """A finder request's reading, or None when the message asks no list of careers."""
    raw = " ".join(text[:MAX_CHARS].lower().replace("’", "'").split())
    raw = re.sub(r"\bw/(?=\s|[a-z])", "with ", re.sub(r"\bw/o\b", "without", raw))
    raw = _mended(" ".join(raw.split()), fields, wishes)
    raw = _NUMBER_WORD_RE.sub(lambda m: str(_NUMBER_WORDS[m.group(1)]), raw)
    raw = re.sub(r"\b(?:r)\b", "are", raw)  # chat spelling: "jobs that r similar"
    words = normalise(raw)
    joined = " ".join(words)
    like = _like(raw)
    subject, loose = (None, False) if like else _subject(raw)
    search = _search(raw, joined, everyone)
    rest = joined
    if subject and not loose:
        rest = rest.replace(" ".join(normalise(subject)), " ")
    rest = re.sub(r"\b(?:brother|sister|mother|father|son|daughter|parent)s? in law\b", " ", rest)
    for _, pattern in _EDUCATION:  # "trade school", "high school": schooling, not a field
        rest = re.sub(pattern, " ", rest)
    chosen = _fields(rest, fields) if not like else ()
    if loose and chosen:
        subject, loose = None, False  # "careers in healthcare": a field
    wish = _wish(joined, wishes)
    search = replace(search, fields=chosen, place=place)
    filtered = not replace(search, place=None).empty
    listing = bool(LIST_NOUNS & set(words)) or bool(_ONE_OF.search(joined))
    listing = listing or raw.startswith("what pays") or _kinds(search) >= 2
    if like or (subject and not loose and (listing or _DO_WITH.search(raw))):
        if subject and _DEGREE_IN.search(raw):
            search = replace(search, education=None)  # "a bachelor's in marketing": the degree
        return FinderReading(search, like=like, subject=subject, said=True)
    if wish is not None and replace(search, place=None, fields=()).empty:
        opened = tuple(wishes[wish].fields)
        return FinderReading(replace(search, fields=opened), guided=True, wish=wish)
    if listing and (filtered or (place and _place_list(joined))):
        return FinderReading(search, subject=subject, subject_loose=loose, said=True)
    if listing and subject:
        return FinderReading(search, subject=subject, subject_loose=True, said=True)
    if _GUIDED.search(joined) or _GUIDED.search(raw):
        return FinderReading(search, guided=True)
    return None


# The finder's own words, whose typos are mended before reading ("hihgest payin" -> "highest
# paying"); with the fields' names and the wishes' phrases.
_VOCABULARY = frozenset(
    _words(
        "highest paying payed salary salaries fastest growing growth declining demand openings "
        "common careers career degree degrees bachelors bachelor associates associate masters "
        "master doctorate certificate diploma college without experience apprenticeship "
        "apprenticeships similar figures hourly education school trades popular lucrative "
        "shrinking hiring graduates"
    )
)
_MEND_AT = 85  # rapidfuzz ratio from which a word is taken for a finder word it misspells


def _mended(raw: str, fields: Mapping[str, Field], wishes: Mapping[str, Wish]) -> str:
    """The message with typos of the finder's words mended; a word of 5 letters or more that
    is neither everyday English nor the finder's own is compared with the finder's words."""
    words = raw.split(" ")
    unknown = [w for w in words if len(w) >= 5 and w.isalpha() and w not in _VOCABULARY]
    if not unknown:
        return raw
    english = everyday_words()
    vocabulary = _VOCABULARY | {w for f in fields.values() for n in f.names for w in n}
    vocabulary |= {w for wish in wishes.values() for p in wish.says for w in p}
    mended = []
    for word in words:
        if word in unknown and word not in english and word not in vocabulary:
            found = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=_MEND_AT)
            word = found[0] if found else word
        mended.append(word)
    return " ".join(mended)


def asks_with(text: str) -> bool:
    """ "What can I do with…": the words after are a subject studied, known or not."""
    return _DO_WITH.search(text.lower()) is not None


def _kinds(search: Search) -> int:
    """How many kinds of filter a search holds: pay, education, experience, training, outlook."""
    pay = search.pay_min or search.pay_max or search.hourly_min or search.hourly_max
    said = (pay, search.education, search.experience, search.training, search.outlook)
    return sum(1 for value in said if value)


def _place_list(joined: str) -> bool:
    """ "jobs in Ohio": a list of a place's jobs, not a career's question about it."""
    return joined.startswith(("jobs in", "job in", "careers in", "what jobs", "which jobs"))


def _search(raw: str, joined: str, everyone: AllOccupations | None) -> Search:
    search = _pay(raw, everyone)
    education = next((k for k, p in _EDUCATION if re.search(p, joined)), None)
    sort = next((k for k, p in _SORTS if re.search(p, joined)), None)
    outlook = None
    if sort not in ("growth", "decline"):
        outlook = "growing" if _GROWING.search(joined) else None
        outlook = "declining" if _DECLINING.search(joined) else outlook
    return replace(
        search,
        education=education,
        experience="none" if _NO_EXPERIENCE.search(joined) else None,
        training="apprenticeship" if _APPRENTICESHIP.search(joined) else None,
        outlook=outlook,
        sort=sort,
    )


def _pay(raw: str, everyone: AllOccupations | None) -> Search:
    """Pay bounds: "over $80k", "at least $30 an hour", "under $40,000", "six figures"."""
    found = _ranges(raw)
    for pattern, bound in ((_MIN_RE, "min"), (_MAX_RE, "max"), (_PAY_RE, "min")):
        for match in pattern.finditer(raw):
            if _NOT_AN_AMOUNT.match(raw, match.end()):
                continue  # "2 year degree", "6 figures"
            groups = match.groups()
            value = _dollars(groups[:3], raw) or _dollars(groups[3:6], raw)
            if value is not None:
                _put(found, bound, value)
    if not found:
        for match in _BARE_RE.finditer(raw):
            number, thousands = match.group(1) or match.group(3), match.group(2) or match.group(4)
            value = _dollars((number, thousands, None), raw)
            if value is not None and not _NOT_AN_AMOUNT.match(raw, match.end()):
                _put(found, "min", value)
    if "min" not in found and "hmin" not in found:
        if _SIX_FIGURES.search(raw):
            found["min"] = 100_000
        elif _WELL_PAID.search(raw) and everyone is not None and everyone.annual.median:
            found["min"] = everyone.annual.median
    return Search(
        pay_min=_whole(found.get("min")),
        pay_max=_whole(found.get("max")),
        hourly_min=found.get("hmin"),
        hourly_max=found.get("hmax"),
    )


def _ranges(raw: str) -> dict[str, float]:
    """Bounds of a range: "between 50k and 70k", "50-60k", "$20 to $25 an hour"."""
    found: dict[str, float] = {}
    for match in _RANGE_RE.finditer(raw):
        first, second = match.groups()[:3], match.groups()[3:]
        # "50-60k", "$20 to $25 an hour": the second amount's "k" and unit are the first's too
        first = (first[0], first[1] or second[1], first[2] or second[2])
        low, high = _dollars(first, raw), _dollars(second, raw)
        if low is not None and high is not None and low < high:
            _put(found, "min", low)
            _put(found, "max", high)
    return found


def _put(found: dict[str, float], bound: str, value: float) -> None:
    """A dollar amount as an annual or hourly bound (an amount under $300 is hourly)."""
    key = ("h" + bound) if value < 300 else bound
    found.setdefault(key, value)


def _whole(value: float | None) -> int | None:
    return None if value is None else round(value)


def _dollars(groups: tuple[str | None, ...], raw: str) -> float | None:
    """The amount of one match: "80k" -> 80000, "$30 an hour" -> 30, "80,000" -> 80000."""
    number, thousands, unit = ((*groups, None, None, None))[:3]
    if number is None:
        return None
    value = float(number.replace(",", ""))
    if thousands:
        value *= 1000
    hourly = unit in ("hour", "hr", "h", "hourly") or (
        unit is None and re.search(r"\b(?:hour|hr|hourly)\b", raw) is not None
    )
    if not thousands and not hourly and 20 <= value < 300:
        value *= 1000  # "over 80": thousands a year
    if hourly and value >= 300:
        return None  # "$5,000 an hour": not a wage we read
    return value if value > 0 else None


def _fields(joined: str, fields: Mapping[str, Field]) -> tuple[str, ...]:
    """The fields named, in the order of the text; a longer name wins ("social work")."""
    padded = f" {joined} "
    found: list[tuple[int, int, str]] = []
    for key, entry in fields.items():
        for name in entry.names:
            phrase = " ".join(name)
            for form in {phrase, phrase + "s", phrase.removesuffix("s")}:
                at = padded.find(f" {form} ")
                if at >= 0:
                    found.append((at, -len(form), key))
    found.sort()
    chosen: list[str] = []
    covered_until = -1
    for at, length, key in found:
        if at < covered_until or key in chosen:
            continue
        chosen.append(key)
        covered_until = at - length
    return tuple(chosen)


def _wish(joined: str, wishes: Mapping[str, Wish]) -> str | None:
    """The wish said about oneself (or one's child): "i love animals", not "do you like cats"."""
    said = set(joined.split())
    if said & {"you", "u", "your"} and not said & {"i", "im", "my", "me", "myself"}:
        return None
    for key, wish in wishes.items():
        for phrase in wish.says:
            if re.search(_WISH_CUE + re.escape(" ".join(phrase)) + r"\b", joined):
                return key
    return None


def _like(raw: str) -> str | None:
    match = _LIKE_RE.search(raw) or _LIKE_AS.search(raw) or _LIKE_AFTER.search(raw.rstrip(" ?!."))
    if match is None:
        return None
    name = next(g for g in match.groupdict().values() if g)
    return _clean(name)


def _subject(raw: str) -> tuple[str | None, bool]:
    """The subject named with "degree", "major", "studied in"; or after "careers in", which
    may be a field instead (loose)."""
    for pattern in _SUBJECT_PATTERNS:
        match = pattern.search(raw)
        if match is not None:
            said = _LEADING.sub("", match.group("s").strip())
            cleaned = _clean(_SUBJECT_TAIL.sub("", said))
            if _a_subject(cleaned) and _a_subject(said):
                return cleaned, False
    loose = _IN_SUBJECT.search(raw)
    cleaned = _clean(loose.group("s")) if loose is not None else None
    return (cleaned, True) if _a_subject(cleaned) else (None, False)


def _a_subject(name: str | None) -> bool:
    return bool(name) and name not in _LEVEL_WORDS and not set(str(name).split()) & _NOT_IN_SUBJECT


def _clean(name: str) -> str | None:
    name = name.strip(" ?!.,")
    for _ in range(3):
        name = _TRAILING.sub("", _LEADING.sub("", name)).strip(" ?!.,")
    return name or None
