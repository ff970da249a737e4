"""Text (+ conversation context) -> interpretation: career candidates and an intent, with scores.

How a question is read:

1. Normalise: case, accents, punctuation, ``&``; split into words.
2. Spell out short forms (``synonyms`` in ``intents.yaml``: "mgr", "RN"); correct typos word by
   word against the vocabulary of names and intent phrases (rapidfuzz OSA distance, one edit for
   words of 5+ letters, two for 8+; short words and acronyms must match exactly, so "PA" never
   hides inside "pay"; everyday English words, from pyspellchecker's list, are never
   "corrected"); split run-together words ("stockbroker").
3. Match careers through a token index: every name (title, the occupations a title lists,
   alias, college-programme title) is keyed by its telling words, so a question only meets the
   few hundred names that share one with it. A name scores by how much of it the question covers
   (weighted by word rarity), less how much of the question's own content it leaves
   unexplained. Words also match by their root ("welding" ~ "welder", "nursing" ~ "nurse") at a
   discount. An official title said in full wins.
4. The intent comes from the phrases in ``intents.yaml`` found in the words the chosen career's
   name did not use, so "high school teacher" does not read as a question about schools.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from bot.knowledge import Knowledge

# Function words dropped from career names: "Chief of Police" ~ "police chief".
_NAME_STOP = frozenset({"a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "at", "with"})
_ROOT_SUFFIXES = (
    "istry", "tist", "urist", "ments", "ment", "ings", "ing", "ators", "ator", "isms", "ism", "ure",
    "cial", "ial",
    "ers", "er", "ors", "or", "ists", "ist",
    "ians", "ian", "ants", "ant", "ents", "ent", "als", "al", "ics", "ic", "ies", "ation", "ce",
    "es", "s", "y", "e",
)  # fmt: skip
_ROOT_DISCOUNT = 0.85  # a root-only match ("welding" for "welder") counts this much
_INTENT_ROOT = 0.7  # ... and for an intent word ("training" for "trainer")
_RARE = 3  # a word seen fewer times is no target for correcting a short word
_DERIVED = ("ing", "ed", "er", "ist", "ism", "ment", "ian", "ogy")
_FILLER_MATCH = 0.5  # a name word matched by a filler word ("career manager") counts this much
_INTENT_MATCH = 0.7  # ... and by an intent word ("employment manager")
_TELLING_WEIGHT = 3.1  # a word in at most ~40 careers' names
_UNKNOWN_WEIGHT = 1.5  # a word we have never seen (foreign words, names, gibberish)
_ENGLISH_WEIGHT = 3.0  # an everyday English word we have no career name with ("shark", "poem")
_ENGLISH_COUNT = 2000  # pyspellchecker's frequency from which a word counts as everyday English
_FREQUENT_COUNT = 200_000  # ... and as one of the most frequent ("because"), which weighs little
_FREQUENT_WEIGHT = 1.0
_RESIDUAL_PENALTY = 0.1  # for the "..., All Other" groups, which collect many specialties' names
_TITLE_SAID = 1.3  # the score of an official title said in full
_AMBIGUOUS_FACTOR = 0.9  # a name another career owns counts this much here
_FIELD_FACTOR = 0.4  # a programme title ("Journalism") counts this much...
_FIELD_SHARE = 0.2  # ...plus up to this much for the career whose title shares its words
_WORD_RE = re.compile(r"[a-z0-9$]+")
_PERSON_RE = re.compile(r"(er|or|ist|ian|ant|ent|man|men|ive|ee)s?$")
_CAPS_RE = re.compile(r"\b[A-Z]{2,4}\b")

# How a name's score is made: coverage of the name ** power, times how much of the question it
# explains (fit, scaled to start at the floor). Tuned on the dev split.
_COVERAGE_POWER = 2.0
_FIT_FLOOR = 0.55

# Which intent wins a tie: "teaching license for elementary school" asks about education.
_PRIORITY = ("salary", "outlook", "education", "colleges", "employment", "overview")

# Decision thresholds, tuned on the dev split of the evaluation set (tests/eval/dev.yaml).
CONFIDENT = 0.62  # at least this score to answer about a career
CLOSE = 0.03  # other careers within this of the best are offered as alternatives
CANDIDATE_FLOOR = 0.45  # below this a career is not even offered


def _common_english() -> dict[str, float]:
    """Everyday English words, with what they weigh when a question leaves them over.

    From pyspellchecker's frequency list: the most frequent words ("because", "keep") say little,
    everyday nouns and verbs ("shark", "poem") say that the question is about something else.
    """
    from spellchecker import SpellChecker

    frequency = SpellChecker(language="en").word_frequency
    return {
        w: _FREQUENT_WEIGHT if n >= _FREQUENT_COUNT else _ENGLISH_WEIGHT
        for w, n in frequency.dictionary.items()
        if n >= _ENGLISH_COUNT and w.isalpha()
    }


def _title_parts(title: str) -> list[str]:
    """The occupations a BLS title names: "Farmers, Ranchers, and Other Agricultural Managers"
    names Farmers and Ranchers; "Heavy and Tractor-Trailer Truck Drivers" names Heavy Truck
    Drivers and Tractor-Trailer Truck Drivers."""
    shared = re.fullmatch(r"([A-Z][\w-]*) and ([A-Z][\w'-]*) ([^,]+)", title)
    if shared and not _PERSON_RE.search(shared[1]):
        # "Architectural and Engineering Managers": Engineering Managers too.
        return [f"{shared[1]} {shared[3]}", f"{shared[2]} {shared[3]}"]
    parts = [p.strip() for p in title.split(",")]
    if len(parts) == 2 and " " in parts[0] and parts[1] != "All Other":
        # "Substitute Teachers, Short-Term", "Electronics Engineers, Except Computer": the head
        # names the career ("Cooks, Restaurant" and "Physicians, All Other" say too little).
        return [parts[0]]
    if len(parts) < 3 or not parts[-1].startswith(("and ", "or ")):
        return []  # not a list
    parts = [re.sub(r"^(and|or)\s+", "", p) for p in parts]
    parts = [p for p in parts if not p.startswith(("Except", "Other"))]
    # A list of people ("Ranchers"), not of fields ("Bookkeeping, Accounting, and Auditing
    # Clerks") or qualifiers ("Farmworkers, Farm, Ranch, and Aquacultural Animals"); and not
    # the occupations that helpers help ("Helpers--Pipelayers, Plumbers, ...").
    if "--" in title or not all(_PERSON_RE.search(p) for p in parts):
        return []
    return parts


def _said_in_order(name: Sequence[str], said: Sequence[str]) -> bool:
    """The name's words stand together in the question, in the name's order."""
    size = len(name)
    first = name[0]
    return any(
        said[i] == first and tuple(said[i : i + size]) == tuple(name)
        for i in range(len(said) - size + 1)
    )


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
    full: bool = False  # every word of the name was said as such


@dataclass(frozen=True)
class Interpretation:
    candidates: tuple[Candidate, ...]  # best first; empty when nothing matched
    intent: str | None  # None when no intent phrase was found
    intent_score: float
    words: tuple[str, ...]  # the corrected, normalised words of the message
    leftover: tuple[str, ...]  # content words that neither the career nor the intent explained

    @property
    def confident(self) -> bool:
        """One career stands out clearly enough to answer about it."""
        if not self.candidates or self.candidates[0].score < CONFIDENT:
            return False
        return (
            len(self.candidates) == 1 or self.candidates[1].score < self.candidates[0].score - CLOSE
        )

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
    prior: float = 0.0  # small tie-breakers, set once word weights are known
    total: float = 1.0  # the sum of the name's word weights


class Understanding:
    """The search index over one knowledge base; build once at start."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._intent_phrases: list[tuple[str, tuple[str, ...]]] = []
        self._intent_words: set[str] = set()
        self._filler = {stem(w) for phrase in knowledge.filler for w in normalise(phrase)}
        self._synonyms = {k: normalise(v) for k, v in knowledge.synonyms.items() if not k.isupper()}
        self._common = self._filler | _NAME_STOP
        self._synonym_words = {w for v in self._synonyms.values() for w in v}
        self._acronyms = [
            (re.compile(rf"\b{re.escape(k)}\b"), v)
            for k, v in knowledge.synonyms.items()
            if k.isupper()
        ]
        self._names: list[_Name] = []
        self._employment: dict[str, float] = {}
        self._title_sets = {
            c.soc: frozenset(stem(w) for w in self._expand(c.title)) for c in knowledge.careers
        }
        in_title: list[bool] = []  # per name: every word of it is in its career's title
        # Official titles as said, keyed by their first word: a question that contains one
        # ("salary of Agricultural Workers, All Other") means that career, whatever else matches.
        self._titles: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        surface: dict[str, int] = defaultdict(int)  # word as written -> frequency

        for intent in knowledge.intents.values():
            for phrase in intent.phrases:
                words = tuple(stem(w) for w in normalise(phrase))
                if words:
                    self._intent_phrases.append((intent.name, words))
                    if len(words) == 1:  # "home" of "take home" is no intent word alone
                        self._intent_words.update(words)
                    for w in normalise(phrase):
                        surface[w] += 1
        self._intent_phrases.sort(key=lambda item: -len(item[1]))
        self._long_phrases = [p for p in self._intent_phrases if len(p[1]) > 1]
        for phrase in knowledge.filler:
            for w in normalise(phrase):
                surface[w] += 1

        for career in knowledge.careers:
            emp = next((f.employed for f in career.employment if f.employed), None)
            self._employment[career.soc] = float(emp or 0)
            title_words = self._title_sets[career.soc]
            said = tuple(stem(w) for w in self._expand(career.title) if w not in _NAME_STOP)
            self._titles[said[0]].append((said, len(self._names)))
            seen: set[tuple[str, ...]] = set()
            for text, weight, is_title in (
                [(career.title, 1.0, True)]
                + [(part, 1.0, False) for part in _title_parts(career.title)]
                + [(a, 1.0, False) for a in career.aliases]
                + [(a, _AMBIGUOUS_FACTOR, False) for a in career.ambiguous_aliases]
            ):
                raw = [w for w in self._expand(text) if w not in _NAME_STOP]
                words = tuple(dict.fromkeys(stem(w) for w in raw))
                if not words or words in seen:
                    continue
                seen.add(words)
                for w in raw:
                    surface[w] += 1
                self._names.append(_Name(career.soc, career.id, text, words, weight, is_title))
                in_title.append(set(words) <= title_words)

        self._add_fields_of_study(knowledge)
        vocabulary: dict[str, set[str]] = defaultdict(set)
        for name in self._names:
            vocabulary[name.soc].update(name.words)
        # SOC -> every word of its names
        self._vocabulary = {soc: frozenset(words) for soc, words in vocabulary.items()}

        # Word weights: rarer words across careers say more about which career is meant.
        careers_with: dict[str, set[str]] = defaultdict(set)
        for name in self._names:
            for w in name.words:
                careers_with[w].add(name.soc)
        total = max(len(knowledge.careers), 1)
        self._weight = {w: math.log(1 + total / len(s)) + 0.1 for w, s in careers_with.items()}
        residual = {c.soc for c in knowledge.careers if c.title.endswith("All Other")}
        # Small priors break ties: the official title, a name the title contains, then the
        # larger occupation ("truck driver": Heavy and Tractor-Trailer Truck Drivers).
        for i, name in enumerate(self._names):
            bonus = 0.06 if name.is_title else 0.05 if i < len(in_title) and in_title[i] else 0.0
            bonus += 0.002 * math.log10(1 + self._employment.get(name.soc, 0.0))
            if name.soc in residual:  # "Physicians, All Other": rarely what a name means
                bonus -= _RESIDUAL_PENALTY
            weights = sum(self._weight[w] for w in name.words)
            self._names[i] = replace(name, prior=bonus, total=weights)
        self._soft = frozenset(self._intent_words | self._filler)
        self._soft_match = {w: _INTENT_MATCH for w in self._intent_words} | {
            w: _FILLER_MATCH for w in self._filler
        }
        self._roots: dict[str, set[str]] = defaultdict(set)  # root -> stems with that root
        for w in self._weight:
            if w.isalpha() and len(w) >= 4:
                self._roots[root(w)].add(w)

        # Each name is keyed by its rarest word and any other telling word: a question must
        # contain one to meet it. Common words ("manager", "operator") key only names made of
        # common words, which keeps every question's candidate list short.
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(self._names):
            ordered = sorted(name.words, key=lambda w: -self._weight[w])
            for rank, w in enumerate(ordered):
                if rank == 0 or self._weight[w] >= _TELLING_WEIGHT:
                    self._by_word[w].append(i)

        # Typo correction: candidates bucketed by length, most frequent first.
        self._surface = dict(surface)
        self._english = _common_english()
        self._known = set(surface) | set(self._weight) | self._filler | self._intent_words
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for w in sorted(surface, key=lambda w: (-surface[w], w)):
            if w.isalpha() and len(w) >= 4:
                self._by_length[len(w)].append(w)

    def _add_fields_of_study(self, knowledge: Knowledge) -> None:
        """Programme titles (the CIP crosswalk) as weak names: "where can I study journalism?".

        Every subject also leads to teaching it at a college, so postsecondary teachers
        (25-1xxx) take no names from programmes. Of the careers one programme leads to, the
        ones employing more people are the likelier meaning ("law": Lawyers before Judges), so
        a programme name weighs more for them.
        """
        taken = {(n.soc, n.words) for n in self._names}
        leads_to: dict[tuple[str, ...], list[tuple[str, str, str]]] = defaultdict(list)
        for career in knowledge.careers:
            if career.soc.startswith("25-1"):
                continue
            for programme in career.colleges.programmes:
                for part in programme.title.split("/"):
                    part = re.sub(r",\s*(General|Other)\b.*$", "", part).strip(" .")
                    words = tuple(dict.fromkeys(
                        stem(w) for w in self._expand(part) if w not in _NAME_STOP
                    ))  # fmt: skip
                    if words and (career.soc, words) not in taken:
                        taken.add((career.soc, words))
                        leads_to[words].append((career.soc, career.id, part))
        title_roots = {
            c.soc: {root(stem(w)) for w in self._expand(c.title)} for c in knowledge.careers
        }
        for words, careers in leads_to.items():
            largest = max(self._employment.get(soc, 0.0) for soc, _, _ in careers) or 1.0
            roots = [root(w) for w in words]
            for soc, career_id, part in careers:
                # The career whose title shares the subject's words ("Landscape Architecture":
                # Landscape Architects) is its likeliest meaning; then the larger one.
                affinity = sum(r in title_roots[soc] for r in roots) / len(roots)
                share = self._employment.get(soc, 0.0) / largest
                weight = _FIELD_FACTOR + _FIELD_SHARE * (affinity + 0.25 * share)
                self._names.append(_Name(soc, career_id, part, words, weight, False))

    # --- words ----------------------------------------------------------------------------

    def _expand(self, text: str) -> list[str]:
        """Normalised words, short forms spelt out ("mgr" -> "manager"); for names and questions."""
        for pattern, meaning in self._acronyms:
            text = pattern.sub(meaning, text)
        # "IS Manager", "OR Nurse", "DO": an acronym that is also a common word stays apart from it.
        text = _CAPS_RE.sub(
            lambda m: f"acr{m[0].lower()}" if m[0].lower() in self._common else m[0], text
        )
        words: list[str] = []
        for w in normalise(text):
            found = self._synonyms.get(w) or (w.endswith("s") and self._synonyms.get(w[:-1]))
            words.extend(found or (w,))
        return words

    def _correct(self, word: str) -> str:
        """The vocabulary word a typo most likely meant, or the word itself."""
        if word in self._known or stem(word) in self._known or not word.isalpha():
            return word
        if word.endswith("s") and word[:-1] in self._known:
            return word[:-1]  # "RNs", "CNAs"
        if word in self._english:
            return word  # "offer" is a word, not a typo of "doffer"
        if len(word) < 5:
            return word
        limit = 1 if len(word) < 8 else 2
        found: list[tuple[int, int, int, str]] = []
        for length in range(len(word) - limit, len(word) + limit + 1):
            for match, distance, _ in process.extract(
                word, self._by_length.get(length, ()), scorer=OSA.distance,
                score_cutoff=limit, limit=8,
            ):  # fmt: skip
                # Ties go to the closer spelling ("educaton": education, not educator),
                # then to the more common word.
                if self._surface[match] < _RARE and len(word) < 8 and match not in self._soft:
                    continue  # "offer" is no typo of "doffer": short words go to common ones
                found.append(
                    (int(distance), int(Indel.distance(word, match)), -self._surface[match], match)
                )
        best = min(found) if found else None
        if best and best[3] in self._soft and best[0] == 1:
            return best[3]  # "traning", "grwoth": intent words first
        if len(word) >= 7 and word.endswith(_DERIVED) and root(word) in self._roots:
            return word  # "policing": a form of a known word, not a typo
        return best[3] if best else word

    def words(self, text: str) -> list[str]:
        """Normalised, typo-corrected, singular words of a message."""
        raw: list[str] = []
        for w in self._expand(text):
            if w in self._synonym_words:
                raw.append(w)
            else:
                corrected = self._correct(w)  # "materails": a typo, not "mate" + "rails"
                raw.extend(self._split(w) or (w,) if corrected == w else (corrected,))
        return [stem(w) for w in raw]

    def _split(self, word: str) -> tuple[str, str] | None:
        """An unknown word that is two names' words run together: "stockbroker", "farmhand"."""
        if len(word) < 7 or not word.isalpha() or word in self._known or word in self._english:
            return None
        for i in range(3, len(word) - 2):
            a, b = word[:i], word[i:]
            if a in self._weight and stem(b) in self._weight:
                return a, b
        return None

    def _joined(self, words: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Split words a name writes as one: "fire fighter" -> firefighter, "metal worker"."""
        joined = {}
        for a, b in pairwise(words):
            word = stem(a + b)
            if word in self._weight and len(a) > 1 and len(b) > 1:
                joined[word] = (a, b)
        return joined

    # --- careers --------------------------------------------------------------------------

    def _match_careers(self, words: Sequence[str]) -> list[tuple[float, _Name, frozenset[str]]]:
        present = set(words)
        # Intent and filler words match only exactly; other words also by their root.
        root_of: dict[str, str] = {}
        root_discount: dict[str, float] = {}
        for w in present:
            if w in self._filler or not w.isalpha() or len(w) < 4:
                continue
            for other in self._roots.get(root(w), ()):
                if other not in present and other not in self._intent_words:
                    root_of[other] = w
                    # "personal training" may mean Personal Trainers, if less surely.
                    root_discount[other] = (
                        _INTENT_ROOT if w in self._intent_words else _ROOT_DISCOUNT
                    )
        # Per question, once: what each content word weighs if a name leaves it unexplained.
        # An intent word left over is expected ("salary"), yet a name that explains it
        # ("school counselor") should still win over one that doesn't.
        weight = self._weight
        soft = self._soft_match
        left_weight = {
            w: (0.3 if w in self._intent_words else 1.0)
            * (weight.get(w) or self._unknown_weight(w))
            for w in dict.fromkeys(words)
            if w not in self._filler
        }
        content_total = sum(left_weight.values())

        said = [w for w in words if w not in _NAME_STOP]
        seen: set[int] = set()
        results: list[tuple[float, _Name, frozenset[str]]] = []
        for key in list(present) + list(root_of):
            for i in self._by_word.get(key, ()):
                if i in seen:
                    continue
                seen.add(i)
                name = self._names[i]
                matched = 0.0
                used: set[str] = set()
                for w in name.words:
                    if w in present:
                        matched += weight[w] * soft.get(w, 1.0)
                        used.add(w)
                    elif w in root_of:
                        matched += weight[w] * root_discount[w]
                        used.add(root_of[w])
                if used & soft.keys() and _said_in_order(name.words, said):
                    # "high school teacher": soft words said inside the name are the name's.
                    matched = sum(weight[w] for w in name.words if w in present) + sum(
                        weight[w] * root_discount[w] for w in name.words if w in root_of
                    )
                coverage = matched / name.total
                if coverage < 0.34 or used <= self._filler:
                    continue  # "do" alone must not find "DO" (Doctor of Osteopathy)
                explained = sum(weight.get(w, _UNKNOWN_WEIGHT) for w in used)
                unexplained = content_total - sum(left_weight.get(w, 0.0) for w in used)
                fit = explained / (explained + unexplained)
                score = (
                    coverage**_COVERAGE_POWER * (_FIT_FLOOR + (1 - _FIT_FLOOR) * fit) * name.weight
                )
                if used <= self._soft:
                    score *= 0.7  # "education" alone hardly means "Education Specialist"
                results.append((score + name.prior, name, frozenset(used)))
        return results

    def _match_titles(self, words: Sequence[str]) -> list[tuple[float, _Name, frozenset[str]]]:
        """Official titles said in full, in order: they beat any other name."""
        said = [w for w in words if w not in _NAME_STOP]
        spans: list[tuple[int, int, int]] = []  # start, end, name index
        for i, word in enumerate(said):
            for title, index in self._titles.get(word, ()):
                if tuple(said[i : i + len(title)]) == title:
                    spans.append((i, i + len(title), index))
        # A title inside a longer one said ("Electricians" in "Helpers--Electricians") is not said.
        return [
            (_TITLE_SAID, self._names[index], frozenset(said[start:end]))
            for start, end, index in spans
            if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
        ]

    def _rank(
        self, matches: Iterable[tuple[float, _Name, frozenset[str]]], limit: int
    ) -> list[tuple[Candidate, frozenset[str]]]:
        best: dict[str, tuple[float, _Name, frozenset[str]]] = {}
        for score, name, used in matches:
            current = best.get(name.soc)
            if current is None or score > current[0]:
                best[name.soc] = (score, name, used)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].soc))[:limit]
        return [
            (
                Candidate(
                    soc=name.soc,
                    career_id=name.career_id,
                    score=round(score, 4),
                    name=name.text,
                    ambiguous=name.weight < 1.0,
                    full=set(name.words) <= used,
                ),
                used,
            )
            for score, name, used in ranked
        ]

    # --- intents --------------------------------------------------------------------------

    def _phrase_words(self, words: Sequence[str]) -> frozenset[str]:
        """The words of intent phrases of two words or more that the message says."""
        found: set[str] = set()
        for _, phrase in self._long_phrases:
            size = len(phrase)
            if phrase[0] in words and any(
                tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)
            ):
                found.update(phrase)
        return frozenset(found)

    def _match_intent(
        self, words: Sequence[str], used: frozenset[str]
    ) -> tuple[str | None, float, frozenset[str]]:
        """The intent the free words ask, its share of the evidence, and the words it took."""
        free: list[str | None] = [w for w in words if w not in used]
        taken: set[str] = set()
        scores: dict[str, float] = defaultdict(float)
        # Longest phrases first, each word counted once: "where can I study" is about colleges
        # even though "study" alone would suggest education.
        for intent, phrase in self._intent_phrases:
            size = len(phrase)
            for start in range(len(free) - size + 1):
                if tuple(free[start : start + size]) == phrase:
                    scores[intent] += 1 + 0.5 * (size - 1)
                    taken.update(phrase)
                    free[start : start + size] = [None] * size
                    break
        if not scores:
            return None, 0.0, frozenset()
        if len(scores) > 1:
            # "What does a plant manager earn?": overview is the default topic, so its phrases
            # give way to any other intent's.
            scores.pop("overview", None)
        intent = max(_PRIORITY, key=lambda name: (scores.get(name, 0.0), -_PRIORITY.index(name)))
        total = sum(scores.values())
        return intent, round(scores[intent] / total, 4), frozenset(taken)

    # --- the whole message ----------------------------------------------------------------

    def interpret(self, text: str, limit: int = 5) -> Interpretation:
        """Read one message on its own: which careers it names, which intent it asks."""
        words = self.words(text[:1000])
        joined = self._joined(words)
        # Words of a longer intent phrase ("trade school", "community college") name no career.
        phrased = self._phrase_words(words)
        matches = self._match_careers([w for w in [*words, *joined] if w not in phrased])
        # A title said in full wins, unless a longer name said covers it ("film editor" is not
        # "Editors"; "casino cashier" is not "Cashiers").
        matches += [
            title for title in self._match_titles(words)
            if not any(used > title[2] and score >= 0.9 for score, _, used in matches)
        ]  # fmt: skip
        ranked = self._rank(matches, limit)
        used: frozenset[str] = frozenset()
        career_words: frozenset[str] = frozenset()
        if ranked and ranked[0][0].score >= CANDIDATE_FLOOR:
            used = self._words_of_career(ranked[0][0], matches, words)
            used |= {part for w in used if w in joined for part in joined[w]}
            career_words = self._vocabulary[ranked[0][0].soc]
        intent, intent_score, phrased = self._match_intent(words, used)
        # What the message says beyond the career and the intent. Words of the career's other
        # names ("assurance" of "Software Quality Assurance Tester") are not beyond it.
        leftover = tuple(
            w for w in dict.fromkeys(words)
            if w not in used and w not in phrased and w not in self._soft and w not in career_words
        )  # fmt: skip
        candidates = tuple(c for c, _ in ranked if c.score >= CANDIDATE_FLOOR)
        return Interpretation(candidates, intent, intent_score, tuple(words), leftover)

    def _words_of_career(
        self,
        top: Candidate,
        matches: Sequence[tuple[float, _Name, frozenset[str]]],
        words: Sequence[str],
    ) -> frozenset[str]:
        """The question's words that name the chosen career; the rest may carry the intent.

        An intent word belongs to the career's name only when the name is said as such, its
        words together and in order: "school bus driver" asks about the job, "best nursing
        schools" (matching "School Nurse") asks about schools.
        """
        said = [root(w) for w in words if w not in self._filler]
        good = sorted(
            ((score, name, used) for score, name, used in matches
             if name.soc == top.soc and score >= 0.75 * top.score),
            key=lambda m: -m[0],
        )  # fmt: skip
        if not good:
            return frozenset()
        for _, name, used in good:
            if used & self._intent_words and _said_in_order([root(w) for w in name.words], said):
                return used
        free = [used for _, _, used in good if not used & self._intent_words]
        return free[0] if free else good[0][2]

    def namesakes(self, soc: str, name: str, limit: int = 2) -> list[str]:
        """Other careers whose titles contain every word of a name, the largest first."""
        words = {stem(w) for w in self._expand(name) if w not in _NAME_STOP}
        if not words or len(words) > 2:
            return []  # long names are specific enough
        found = [s for s, title in self._title_sets.items() if s != soc and words <= title]
        found.sort(key=lambda s: -self._employment.get(s, 0.0))
        return found[:limit]

    def beyond(self, soc: str, words: Iterable[str]) -> tuple[str, ...]:
        """The words that are not words of this career's names."""
        vocabulary = self._vocabulary.get(soc, frozenset())
        return tuple(w for w in words if w not in vocabulary)

    def weight(self, words: Iterable[str]) -> float:
        """How much words left over say: everyday English by its frequency, else by rarity."""
        return sum(self._english.get(w) or self._weight.get(w) or _UNKNOWN_WEIGHT for w in words)

    def _unknown_weight(self, word: str) -> float:
        """A word outside our names: an English word ("shark") says more than noise ("asdkjh")."""
        return self._english.get(word, _UNKNOWN_WEIGHT)
