"""The reader: one message (+ the conversation's current career) -> an Interpretation."""

from __future__ import annotations

import re
from itertools import pairwise

from bot.knowledge import Knowledge
from bot.understanding import context, scoring
from bot.understanding.index import NameIndex, build_index
from bot.understanding.interpretation import Candidate, Interpretation
from bot.understanding.language import foreign_language
from bot.understanding.places import PlaceIndex, PlaceReading
from bot.understanding.scoring import Match
from bot.understanding.tuning import Tuning
from bot.words import normalise

MAX_CHARS = 1000  # of a message, read; the rest is ignored
# A message is checked for another language when at most this share of its words are ones we
# know (English words, names, intent phrases) or of its letters are Latin.
FOREIGN_KNOWN_SHARE = 0.5
FOREIGN_MIN_WORDS = 3  # ... and has at least this many words in Latin letters
_WORD_CHARS = re.compile(r"[^\W\d_]", re.UNICODE)
_POSSESSIVE = frozenset(("my", "your", "our", "his", "her"))


def _without(text: str, words: frozenset[str]) -> str:
    """The text with these words (as normalised, in any case) taken out."""
    if not words:
        return text
    pattern = r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b"
    return re.sub(pattern, " ", text, flags=re.IGNORECASE)


def _possessed(words: list[str]) -> set[str]:
    """The words right after a possessive: "my hands", "your data"."""
    return {b for a, b in pairwise(words) if a in _POSSESSIVE}


class Understanding:
    """The search index over one knowledge base; build once at start."""

    def __init__(
        self, knowledge: Knowledge, tuning: Tuning | None = None, places: PlaceIndex | None = None
    ) -> None:
        self.index: NameIndex = build_index(knowledge, tuning or Tuning())
        self.places = places  # None: a knowledge base without areas reads no places
        # SOC -> the word sets of its own names (not its fields of study), to order offers.
        names: dict[str, set[frozenset[str]]] = {}
        for name in self.index.names:
            if name.kind != "field":
                names.setdefault(name.soc, set()).add(frozenset(name.words))
        self._names = {soc: tuple(found) for soc, found in names.items()}
        # An employer's name says where, not what: read as the workplace it says, if any.
        self._employers = context.Employers(knowledge.employers)

    @property
    def tuning(self) -> Tuning:
        return self.index.tuning

    def words(self, text: str) -> list[str]:
        """Normalised, typo-corrected, singular words of a message."""
        return self.index.spelling.words(text)

    def interpret(self, text: str, limit: int = 5, *, current: str | None = None) -> Interpretation:
        """Read one message: which careers it names, which intent it asks, what is left over.

        `current` is the SOC code of the career the conversation is about, if any.
        """
        index, tuning = self.index, self.index.tuning
        place = (
            self.places.read(text[:MAX_CHARS], self._known_word, self._everyday)
            if self.places
            else PlaceReading()
        )
        # The place's words name no career ("Mobile", "Austin", "DC"): the careers are read
        # without them, taken out before spelling ("colorado" is no typo of "colored").
        said = context.right_now(_without(text[:MAX_CHARS], place.words))
        words = self.words(self._employers.read(said))
        joined = index.spelling.joined(words)
        # Words of a longer intent phrase ("trade school", "community college") name no career,
        # nor those of a filler phrase ("line of work"), nor what someone has ("with my hands").
        filler = scoring.said_phrases(index.filler_phrases, words)
        phrased = scoring.phrase_words(index, words) | filler | _possessed(words)
        matches = scoring.match_careers(
            index, [w for w in [*words, *joined] if w not in phrased], joined
        )
        # A title said in full wins, unless a longer name said covers it ("film editor" is not
        # "Editors"; "casino cashier" is not "Cashiers").
        longer = tuning.longer_name
        matches += [
            title for title in scoring.match_titles(index, words)
            if not any(used > title[2] and score >= longer for score, _, used in matches)
        ]  # fmt: skip
        # ... a lead beyond `close`, so that the job is answered, not asked.
        ranked = scoring.rank(
            matches,
            limit + 10,
            both=tuning.two_names,
            floor=tuning.two_names_floor,
            soft=index.soft,
        )
        ranked = context.job_before_workplace(
            ranked, words, tuning.close + 0.01, index.soft, index.vocabulary, index.residual
        )[:limit]
        used: frozenset[str] = frozenset()
        career_words: frozenset[str] = frozenset()
        if ranked and round(ranked[0][0], 4) >= tuning.candidate_floor:
            used = scoring.words_of_career(index, ranked[0], matches, words)
            used |= {part for w in used if w in joined for part in joined[w]}
            career_words = index.vocabulary[ranked[0][1].soc]
        intent, intent_score, phrased = scoring.match_intent(index, words, used)
        # What the message says beyond the career and the intent. Words of the career's other
        # names ("assurance" of "Software Quality Assurance Tester") are not beyond it.
        phrased |= filler  # "line of work" is no more than "job"
        leftover = tuple(
            w for w in dict.fromkeys(words)
            if w not in used and w not in phrased and w not in index.soft
            and w not in career_words
        )  # fmt: skip
        candidates = self._candidates(ranked)
        # A word of careers' names left over right before the career's words qualifies them:
        # "box truck driver", "burger flipper", "state farm agent" name a job the name found
        # does not ("hire factory managers" does not: "hire" names no job); so does a word
        # neither ours nor English, a brand: "peloton instructor" is no nursing instructor.
        first = next((i for i, w in enumerate(words) if w in used), None)
        modifier = words[first - 1] if first else None
        return Interpretation(
            candidates,
            intent,
            intent_score,
            tuple(words),
            leftover,
            confident=self._confident(candidates),
            close=self._close(candidates, [w for w in words if w not in phrased]),
            leftover_weight=scoring.leftover_weight(index, leftover),
            # About the conversation's career, what another career's name explained ("make
            # video games" after electricians) is said beyond it too.
            current_leftover_weight=None
            if current is None
            else scoring.leftover_weight(
                index,
                (
                    w
                    for w in dict.fromkeys(words)
                    if w not in phrased
                    and w not in index.soft
                    and w not in index.vocabulary.get(current, ())
                ),
            ),
            modifier_weight=scoring.leftover_weight(index, [modifier])
            if modifier in leftover
            and (modifier in index.weight or modifier not in index.spelling.english)
            else 0.0,
            unexplained_names=sum(
                index.weight[w]
                for w in leftover
                if w in index.weight and w not in index.spelling.english
            ),
            role_after=bool(ranked)
            and context.role_after(
                words, ranked[0][2], index.vocabulary.get(ranked[0][1].soc, frozenset())
            ),
            workplace_only=bool(ranked)
            and context.workplace_only(words, ranked[0][2], index.soft | phrased),
            language=self._language(text[:MAX_CHARS], place.words),
            place=place,
        )

    def _language(self, text: str, place: frozenset[str] = frozenset()) -> str | None:
        """The language of a message mostly made of words we do not know, if not English; a
        place's name is a word we know ("corpus christi welder wages")."""
        letters = _WORD_CHARS.findall(text)
        if not letters:
            return None
        latin = sum(ch.isascii() for ch in letters) / len(letters)
        if latin > FOREIGN_KNOWN_SHARE:
            # Too few words tell a language from noise or short forms ("SLP salary"); a typo
            # of a word we know ("elecrician") is a word we know.
            words = normalise(text)
            if len(words) < FOREIGN_MIN_WORDS:
                return None
            known = sum(w in place or self._known(w) for w in words)
            if known / len(words) > FOREIGN_KNOWN_SHARE:
                return None
        return foreign_language(text)

    def _known_word(self, word: str) -> bool:
        """A word of careers' names, intents or everyday English: no unknown place's name,
        and a city of that name ("Mobile") needs capitals and a cue to be a place."""
        spelling = self.index.spelling
        return word in spelling.known or word in spelling.english

    def _everyday(self, word: str) -> bool:
        """An everyday English or intent word: "in boston" is a place though an O*NET
        title holds "Boston"; "in mobile" is not."""
        spelling = self.index.spelling
        return word in spelling.english or word in spelling.soft

    def _known(self, word: str) -> bool:
        """A word of ours or of English, a short form, or a typo of a word of ours."""
        spelling = self.index.spelling
        if word in spelling.known or word in spelling.english or word in spelling.synonym_words:
            return True
        return word in spelling.short_forms.lowercase or spelling.correct(word) != word

    def _candidates(self, ranked: list[Match]) -> tuple[Candidate, ...]:
        floor = self.index.tuning.candidate_floor
        candidates = []
        for i, (score, name, used) in enumerate(ranked):
            if round(score, 4) < floor:
                continue
            candidates.append(
                Candidate(
                    soc=name.soc,
                    career_id=name.career_id,
                    score=round(score, 4),
                    name=name.text,
                    ambiguous=name.weight < 1.0,
                    kind=name.kind,
                    full=set(name.words) <= used,
                    explains=used,
                    namesakes=scoring.namesakes(self.index, name.soc, name.text) if i == 0 else (),
                )
            )
        return tuple(candidates)

    def _confident(self, candidates: tuple[Candidate, ...]) -> bool:
        """One career stands out clearly enough to answer about it."""
        t = self.index.tuning
        if not candidates or candidates[0].score < t.confident:
            return False
        return len(candidates) == 1 or candidates[1].score < candidates[0].score - t.close

    def _close(self, candidates: tuple[Candidate, ...], words: list[str]) -> tuple[Candidate, ...]:
        """The careers within reach of the best: what to offer when asking back.

        Among them, the career with a name that holds more of the message's other words is
        offered first: "junior high teacher" finds every teacher by "teacher", and only
        Middle School Teachers also go by "Junior High School Teacher".
        """
        if not candidates:
            return ()
        t, index = self.index.tuning, self.index
        top = candidates[0].score
        close = [c for c in candidates if c.score >= max(top - t.close, t.candidate_floor)]

        other = [w for w in dict.fromkeys(words) if w not in index.soft]

        def said(candidate: Candidate) -> float:
            return max(
                (
                    sum(index.weight.get(w, 0.0) for w in other if w in name)
                    for name in self._names.get(candidate.soc, ())
                    if candidate.explains <= name
                ),
                default=0.0,
            )

        return tuple(sorted(close, key=said, reverse=True))
