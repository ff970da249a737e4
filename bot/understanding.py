"""Text (+ conversation context) -> interpretation: career candidates and an intent, with scores.

How a question is read:

1. Normalise: case, accents, punctuation, ``&``; split into words.
2. Correct typos word by word against the vocabulary of titles, aliases and intent phrases
   (rapidfuzz Levenshtein, one edit for words of 5+ letters, two for 8+; short words and
   acronyms must match exactly, so "PA" never hides inside "pay").
3. Match careers through a token index: every alias is keyed by its rarest words, so a question
   only meets the few hundred aliases that share a telling word with it. An alias scores by how
   much of it the question covers (weighted by word rarity), less how much of the question's own
   content it leaves unexplained. Words also match by their root ("welding" ~ "welder",
   "nursing" ~ "nurse") at a discount; intent words ("program", "training") never do.
4. The intent comes from the phrases in ``intents.yaml`` found in the words the chosen career's
   name did not use, so "high school teacher" does not read as a question about schools.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.knowledge import INTENTS, Knowledge

# Function words dropped from career names: "Chief of Police" ~ "police chief".
_NAME_STOP = frozenset({"a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "at", "with"})
_ROOT_SUFFIXES = (
    "istry", "ments", "ment", "ings", "ing", "ers", "er", "ors", "or", "ists", "ist", "ians", "ian", "ants", "ant",
    "ents", "ent", "als", "al", "ics", "ic", "ies", "ation", "es", "s", "y", "e",
)  # fmt: skip
_ROOT_DISCOUNT = 0.85  # a root-only match ("welding" for "welder") counts this much
_UNKNOWN_WEIGHT = 1.5  # weight of a word we have never seen (foreign words, names, gibberish)
_AMBIGUOUS_FACTOR = 0.9  # a name another career owns counts this much here
_WORD_RE = re.compile(r"[a-z0-9$]+")

# Decision thresholds, tuned on the dev split of the evaluation set (tests/eval/dev.yaml).
CONFIDENT = 0.62  # at least this score to answer about a career
CLOSE = 0.08  # other careers within this of the best are offered as alternatives
CANDIDATE_FLOOR = 0.45  # below this a career is not even offered


def normalise(text: str) -> list[str]:
    """Lower-case words without accents or punctuation; '$' is kept as a word."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    text = text.replace("$", " $ ")
    return _WORD_RE.findall(text)


def stem(word: str) -> str:
    """Singular form of a word: plurals and the -men of "firemen" folded."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("men") and len(word) > 5:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def root(word: str) -> str:
    """A rough word root, so that a job and its field meet: welder/welding -> weld."""
    for _ in range(3):
        for suffix in _ROOT_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


@dataclass(frozen=True)
class Candidate:
    soc: str
    career_id: str
    score: float
    name: str  # the title or alias that matched
    ambiguous: bool = False


@dataclass(frozen=True)
class Interpretation:
    candidates: tuple[Candidate, ...]  # best first; empty when nothing matched
    intent: str | None  # None when no intent phrase was found
    intent_score: float
    words: tuple[str, ...]  # the corrected, normalised words of the message
    leftover: tuple[str, ...]  # content words that neither the career nor the intent explained

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def confident(self) -> bool:
        """One career stands out clearly enough to answer about it."""
        if not self.candidates or self.candidates[0].score < CONFIDENT:
            return False
        return len(self.candidates) == 1 or self.candidates[1].score < self.candidates[0].score - CLOSE

    @property
    def close(self) -> tuple[Candidate, ...]:
        """The careers within reach of the best: what to offer when asking back."""
        if not self.candidates:
            return ()
        top = self.candidates[0].score
        return tuple(c for c in self.candidates if c.score >= max(top - CLOSE, CANDIDATE_FLOOR))


@dataclass(frozen=True)
class _Name:
    soc: str
    career_id: str
    text: str
    words: tuple[str, ...]  # stems
    weight: float  # 1.0, or less for names another career owns
    is_title: bool


class Understanding:
    """The search index over one knowledge base; build once at start."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._intent_phrases: list[tuple[str, tuple[str, ...]]] = []
        self._intent_words: set[str] = set()
        self._filler = {stem(w) for phrase in knowledge.filler for w in normalise(phrase)}
        self._names: list[_Name] = []
        self._employment: dict[str, float] = {}
        surface: dict[str, int] = defaultdict(int)  # word as written -> frequency

        for intent in knowledge.intents.values():
            for phrase in intent.phrases:
                words = tuple(stem(w) for w in normalise(phrase))
                if words:
                    self._intent_phrases.append((intent.name, words))
                    self._intent_words.update(words)
                    for w in normalise(phrase):
                        surface[w] += 1
        self._intent_phrases.sort(key=lambda item: -len(item[1]))
        for phrase in knowledge.filler:
            for w in normalise(phrase):
                surface[w] += 1

        for career in knowledge.careers:
            emp = next((f.employed for f in career.employment if f.employed), None)
            self._employment[career.soc] = float(emp or 0)
            seen: set[tuple[str, ...]] = set()
            for text, weight, is_title in (
                [(career.title, 1.0, True)]
                + [(a, 1.0, False) for a in career.aliases]
                + [(a, _AMBIGUOUS_FACTOR, False) for a in career.ambiguous_aliases]
            ):
                raw = [w for w in normalise(text) if w not in _NAME_STOP]
                words = tuple(dict.fromkeys(stem(w) for w in raw))
                if not words or words in seen:
                    continue
                seen.add(words)
                for w in raw:
                    surface[w] += 1
                self._names.append(_Name(career.soc, career.id, text, words, weight, is_title))

        # Word weights: rarer words across careers say more about which career is meant.
        careers_with: dict[str, set[str]] = defaultdict(set)
        for name in self._names:
            for w in name.words:
                careers_with[w].add(name.soc)
        total = max(len(knowledge.careers), 1)
        self._weight = {w: math.log(1 + total / len(s)) + 0.1 for w, s in careers_with.items()}
        self._roots: dict[str, set[str]] = defaultdict(set)  # root -> stems with that root
        for w in self._weight:
            if w.isalpha() and len(w) >= 4:
                self._roots[root(w)].add(w)

        # Each name is keyed by its two rarest words: a question must contain one to meet it.
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(self._names):
            for w in sorted(name.words, key=lambda w: -self._weight[w])[:2]:
                self._by_word[w].append(i)

        # Typo correction: candidates bucketed by length, most frequent first.
        self._known = set(surface) | set(self._weight) | self._filler | self._intent_words
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for w in sorted(surface, key=lambda w: (-surface[w], w)):
            if w.isalpha() and len(w) >= 4:
                self._by_length[len(w)].append(w)

    # --- words ----------------------------------------------------------------------------

    def _correct(self, word: str) -> str:
        """The vocabulary word a typo most likely meant, or the word itself."""
        if word in self._known or stem(word) in self._known or not word.isalpha():
            return word
        if len(word) < 5:
            return word
        limit = 1 if len(word) < 8 else 2
        best: tuple[int, str] | None = None
        for length in range(len(word) - limit, len(word) + limit + 1):
            bucket = self._by_length.get(length)
            if not bucket:
                continue
            found = process.extractOne(
                word, bucket, scorer=Levenshtein.distance, score_cutoff=limit
            )
            if found is not None and (best is None or found[1] < best[0]):
                best = (int(found[1]), found[0])
        return best[1] if best else word

    def words(self, text: str) -> list[str]:
        """Normalised, typo-corrected, singular words of a message, with split words joined."""
        raw = [self._correct(w) for w in normalise(text)]
        words = [stem(w) for w in raw]
        # "fire fighter" -> "firefighter", "hair dresser" -> "hairdresser"
        for a, b in zip(raw, raw[1:], strict=False):
            joined = stem(a + b)
            if joined in self._weight and len(a) > 1 and len(b) > 1:
                words.append(joined)
        return words

    # --- careers --------------------------------------------------------------------------

    def _match_careers(self, words: Sequence[str]) -> list[tuple[float, _Name, frozenset[str]]]:
        present = set(words)
        # Intent and filler words match only exactly; other words also by their root.
        root_of: dict[str, str] = {}
        for w in present:
            if w in self._intent_words or w in self._filler or not w.isalpha() or len(w) < 4:
                continue
            for other in self._roots.get(root(w), ()):
                if other not in present:
                    root_of[other] = w
        content = [w for w in dict.fromkeys(words) if w not in self._filler]

        seen: set[int] = set()
        results: list[tuple[float, _Name, frozenset[str]]] = []
        for key in list(present) + list(root_of):
            for i in self._by_word.get(key, ()):
                if i in seen:
                    continue
                seen.add(i)
                name = self._names[i]
                total = matched = 0.0
                used: set[str] = set()
                for w in name.words:
                    weight = self._weight[w]
                    total += weight
                    if w in present:
                        matched += weight
                        used.add(w)
                    elif w in root_of:
                        matched += weight * _ROOT_DISCOUNT
                        used.add(root_of[w])
                coverage = matched / total
                if coverage < 0.34:
                    continue
                # What the name leaves unexplained in the question lowers the score, except
                # intent words (they are expected to be left over).
                unexplained = 0.0
                for w in content:
                    if w in used or w in self._intent_words:
                        continue
                    unexplained += self._weight.get(w, _UNKNOWN_WEIGHT)
                explained = sum(self._weight.get(w, _UNKNOWN_WEIGHT) for w in used)
                fit = explained / (explained + unexplained) if explained else 0.0
                score = coverage * coverage * (0.55 + 0.45 * fit) * name.weight
                results.append((score, name, frozenset(used)))
        return results

    def _rank(
        self, matches: Iterable[tuple[float, _Name, frozenset[str]]], limit: int
    ) -> list[tuple[Candidate, frozenset[str]]]:
        best: dict[str, tuple[float, _Name, frozenset[str]]] = {}
        for score, name, used in matches:
            # Small priors break ties: the official title, then the larger occupation.
            score += 0.01 if name.is_title else 0.0
            score += 0.002 * math.log10(1 + self._employment.get(name.soc, 0.0))
            current = best.get(name.soc)
            if current is None or score > current[0]:
                best[name.soc] = (score, name, used)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].soc))[:limit]
        return [
            (
                Candidate(
                    soc=name.soc,
                    career_id=name.career_id,
                    score=round(min(score, 1.0), 4),
                    name=name.text,
                    ambiguous=name.weight < 1.0,
                ),
                used,
            )
            for score, name, used in ranked
        ]

    # --- intents --------------------------------------------------------------------------

    def _match_intent(self, words: Sequence[str], used: frozenset[str]) -> tuple[str | None, float]:
        free: list[str | None] = [w for w in words if w not in used]
        scores: dict[str, float] = defaultdict(float)
        # Longest phrases first, each word counted once: "where can I study" is about colleges
        # even though "study" alone would suggest education.
        for intent, phrase in self._intent_phrases:
            size = len(phrase)
            for start in range(len(free) - size + 1):
                if tuple(free[start : start + size]) == phrase:
                    scores[intent] += 1 + 0.5 * (size - 1)
                    free[start : start + size] = [None] * size
                    break
        if not scores:
            return None, 0.0
        if len(scores) > 1:
            # "What does a plant manager earn?": overview is the default topic, so its phrases
            # give way to any other intent's.
            scores.pop("overview", None)
        intent = max(INTENTS, key=lambda name: (scores.get(name, 0.0), -INTENTS.index(name)))
        total = sum(scores.values())
        return intent, round(scores[intent] / total, 4)

    # --- the whole message ----------------------------------------------------------------

    def interpret(self, text: str, limit: int = 5) -> Interpretation:
        """Read one message on its own: which careers it names, which intent it asks."""
        words = self.words(text[:1000])
        ranked = self._rank(self._match_careers(words), limit)
        used = ranked[0][1] if ranked and ranked[0][0].score >= CANDIDATE_FLOOR else frozenset()
        intent, intent_score = self._match_intent(words, used)
        leftover = tuple(
            w for w in dict.fromkeys(words)
            if w not in used and w not in self._filler and w not in self._intent_words
        )  # fmt: skip
        candidates = tuple(c for c, _ in ranked if c.score >= CANDIDATE_FLOOR)
        return Interpretation(candidates, intent, intent_score, tuple(words), leftover)

    def search(self, text: str, limit: int = 5) -> tuple[Candidate, ...]:
        """Careers whose names match the text (for inline queries and typing a name)."""
        return self.interpret(text, limit).candidates
