"""What understanding returns: the careers a message may name, what each explains of it, the
intent it asks, and what is left over. Complete, so the dialogue decides from it alone."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.understanding.places import PlaceReading


@dataclass(frozen=True)
class Candidate:
    soc: str
    career_id: str
    score: float
    name: str  # the title or alias that matched
    ambiguous: bool = False  # the name is one another career owns
    # What the name is: "title", "part" (an occupation the title lists), "alias", "shared"
    # (an alias several careers give) or "field" (a programme of study leading to it).
    kind: str = "title"
    full: bool = False  # every word of the name was said as such
    explains: frozenset[str] = frozenset()  # the message's words its name used
    # Other careers whose titles contain every word of a short name, the largest first:
    # "nurse" is Registered Nurses, and also Nurse Practitioners, LPNs...
    namesakes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Interpretation:
    candidates: tuple[Candidate, ...]  # best first; empty when nothing matched
    intent: str | None  # None when no intent phrase was found
    intent_score: float
    words: tuple[str, ...]  # the corrected, normalised words of the message
    leftover: tuple[str, ...]  # content words that neither the career nor the intent explained
    confident: bool = False  # one career stands out clearly enough to answer about it
    close: tuple[Candidate, ...] = ()  # the careers within reach of the best, to offer
    leftover_weight: float = 0.0  # how much the leftover says
    # ... and once the conversation's current career's own words are taken out of it ("how
    # long is flight school?" about pilots); None when no current career was given.
    current_leftover_weight: float | None = None
    # What a word left over right before the career's words weighs ("box" of "box truck
    # driver"): it qualifies the career found into another; 0 when there is none.
    modifier_weight: float = 0.0
    # How much the leftover says that is itself a career's word and no everyday English
    # ("caseworker" when "CPS" was matched): a sign the message names another career.
    unexplained_names: float = 0.0
    # The best career is named only right after "at a", "at the"… while other words come
    # before ("ortho assistant at an orthodontist office"): the workplace, likely not the job.
    workplace_only: bool = False
    # A role word the name does not hold comes right after it ("loan officer assistant",
    # "lawyer aide"): the job is another's, one that works for the career found.
    role_after: bool = False
    # The ISO 639-1 code of the language the message is written in when it is plainly not
    # English ("es"); None for English or when unclear.
    language: str | None = None
    # The place the message names ("in Texas", "Portland": several areas), if any.
    place: PlaceReading = field(default_factory=PlaceReading)
