"""The name index: every name of every career, keyed by its telling words, with word weights,
roots, official titles and the spelling vocabulary; built once by named steps, then frozen.

A career's names are its official title, the occupations the title lists, its aliases (those
another career owns count less) and the titles of college programmes that lead to it (weakly).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.knowledge import Career, Knowledge
from bot.understanding.spelling import Spelling
from bot.understanding.text import NAME_STOP, common_english, title_parts
from bot.understanding.tuning import Tuning
from bot.words import ShortForms, normalise, root, stem


@dataclass(frozen=True)
class Name:
    soc: str
    career_id: str
    text: str
    words: tuple[str, ...]  # stems
    weight: float  # 1.0, or less for names another career owns
    kind: str  # "title", "part" (an occupation the title lists), "alias", "shared", "field"
    prior: float = 0.0  # small tie-breakers, set once word weights are known
    total: float = 1.0  # the sum of the name's word weights


@dataclass(frozen=True)
class NameIndex:
    tuning: Tuning
    names: tuple[Name, ...]
    by_word: Mapping[str, tuple[int, ...]]  # a telling word -> the names it keys
    # Official titles as said, keyed by their first word: (words, index of the title's name).
    titles: Mapping[str, tuple[tuple[tuple[str, ...], int], ...]]
    weight: Mapping[str, float]  # word -> how much it says about which career is meant
    roots: Mapping[str, frozenset[str]]  # root -> the words with that root
    vocabulary: Mapping[str, frozenset[str]]  # SOC -> every word of its names
    title_words: Mapping[str, frozenset[str]]  # SOC -> the stems of its official title
    employment: Mapping[str, float]  # SOC -> people employed
    residual: frozenset[str]  # the SOCs of the "..., All Other" careers
    intent_phrases: tuple[tuple[str, tuple[str, ...]], ...]  # (intent, words), longest first
    phrases_by_first: Mapping[str, tuple[int, ...]]  # a first word -> its phrases' positions
    titles_with: Mapping[str, frozenset[str]]  # a word -> the SOCs whose titles hold it
    career_order: Mapping[str, int]  # SOC -> its place in the knowledge base
    intent_words: frozenset[str]  # the words of one-word intent phrases
    filler: frozenset[str]
    filler_phrases: tuple[tuple[str, ...], ...]  # of two words or more: "line of work"
    soft_match: Mapping[str, float]  # intent and filler words -> what they count in a name
    spelling: Spelling

    @property
    def soft(self) -> frozenset[str]:
        """Intent and filler words: they take part in names only softly."""
        return self.spelling.soft


class _Builder:
    """The mutable state of one build; `build_index` runs its steps in order."""

    def __init__(self, knowledge: Knowledge, tuning: Tuning) -> None:
        self.knowledge = knowledge
        self.tuning = tuning
        # A filler phrase's words are filler only together: "line" of "line of work" still
        # names Line Workers.
        said = [tuple(stem(w) for w in normalise(phrase)) for phrase in knowledge.filler]
        self.filler = frozenset(words[0] for words in said if len(words) == 1)
        self.filler_phrases = tuple(sorted({words for words in said if len(words) > 1}))
        self.short_forms = ShortForms.of(knowledge.synonyms, knowledge.acronyms)
        self.names: list[Name] = []
        self.in_title: list[bool] = []  # per name: every word of it is in its career's title
        self.titles: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        self.surface: dict[str, int] = defaultdict(int)  # word as written -> frequency
        self.intent_phrases: list[tuple[str, tuple[str, ...]]] = []
        self.intent_words: set[str] = set()
        self.employment = {c.soc: _employed(c) for c in knowledge.careers}
        self.residual = frozenset(c.soc for c in knowledge.careers if c.title.endswith("All Other"))
        self.title_words = {
            c.soc: frozenset(stem(w) for w in self.short_forms.expand(c.title))
            for c in knowledge.careers
        }
        self.weight: dict[str, float] = {}

    def read_intent_phrases(self) -> None:
        """The phrases that signal each intent, longest first; filler words."""
        for intent in self.knowledge.intents.values():
            for phrase in intent.phrases:
                words = tuple(stem(w) for w in normalise(phrase))
                if words:
                    self.intent_phrases.append((intent.name, words))
                    if len(words) == 1:  # "home" of "take home" is no intent word alone
                        self.intent_words.update(words)
                    for w in normalise(phrase):
                        self.surface[w] += 1
        self.intent_phrases.sort(key=lambda item: -len(item[1]))
        for phrase in self.knowledge.filler:
            for w in normalise(phrase):
                self.surface[w] += 1

    def add_career_names(self) -> None:
        """Each career's title, the occupations it lists, its aliases and shared aliases."""
        factor = self.tuning.ambiguous_factor
        for career in self.knowledge.careers:
            said = tuple(
                stem(w) for w in self.short_forms.expand(career.title) if w not in NAME_STOP
            )
            self.titles[said[0]].append((said, len(self.names)))
            seen: set[tuple[str, ...]] = set()
            for text, weight, kind in (
                [(career.title, 1.0, "title")]
                + [(part, 1.0, "part") for part in title_parts(career.title)]
                + [(a, 1.0, "alias") for a in career.aliases]
                + [(a, factor, "shared") for a in career.ambiguous_aliases]
            ):
                raw = [w for w in self.short_forms.expand(text) if w not in NAME_STOP]
                words = tuple(dict.fromkeys(stem(w) for w in raw))
                if not words or words in seen:
                    continue
                seen.add(words)
                for w in raw:
                    self.surface[w] += 1
                self.names.append(Name(career.soc, career.id, text, words, weight, kind))
                self.in_title.append(set(words) <= self.title_words[career.soc])

    def add_fields_of_study(self) -> None:
        """Programme titles (the CIP crosswalk) as weak names: "where can I study journalism?".

        Every subject also leads to teaching it at a college, so postsecondary teachers
        (25-1xxx) take no names from programmes. Of the careers one programme leads to, the
        ones employing more people are the likelier meaning ("law": Lawyers before Judges), so
        a programme name weighs more for them.
        """
        taken = {(n.soc, n.words) for n in self.names}
        leads_to: dict[tuple[str, ...], list[tuple[str, str, str]]] = defaultdict(list)
        for career in self.knowledge.careers:
            if career.soc.startswith("25-1"):
                continue
            for programme in career.colleges.programmes:
                for part in programme.title.split("/"):
                    part = re.sub(r",\s*(General|Other)\b.*$", "", part).strip(" .")
                    words = tuple(dict.fromkeys(
                        stem(w) for w in self.short_forms.expand(part) if w not in NAME_STOP
                    ))  # fmt: skip
                    if words and (career.soc, words) not in taken:
                        taken.add((career.soc, words))
                        leads_to[words].append((career.soc, career.id, part))
        title_roots = {
            c.soc: {root(stem(w)) for w in self.short_forms.expand(c.title)}
            for c in self.knowledge.careers
        }
        t = self.tuning
        for words, careers in leads_to.items():
            largest = max(self.employment.get(soc, 0.0) for soc, _, _ in careers) or 1.0
            roots = [root(w) for w in words]
            for soc, career_id, part in careers:
                # The career whose title shares the subject's words ("Landscape Architecture":
                # Landscape Architects) is its likeliest meaning; then the larger one.
                affinity = sum(r in title_roots[soc] for r in roots) / len(roots)
                share = self.employment.get(soc, 0.0) / largest
                weight = t.field_factor + t.field_share * (affinity + t.field_employment * share)
                self.names.append(Name(soc, career_id, part, words, weight, "field"))

    def weigh_words(self) -> None:
        """Rarer words across careers say more about which career is meant."""
        careers_with: dict[str, set[str]] = defaultdict(set)
        for name in self.names:
            for w in name.words:
                careers_with[w].add(name.soc)
        total = max(len(self.knowledge.careers), 1)
        floor = self.tuning.weight_floor
        self.weight = {w: math.log(1 + total / len(s)) + floor for w, s in careers_with.items()}

    def set_priors(self) -> None:
        """Small priors break ties: the official title, a name the title contains, then the
        larger occupation ("truck driver": Heavy and Tractor-Trailer Truck Drivers)."""
        t = self.tuning
        for i, name in enumerate(self.names):
            in_title = i < len(self.in_title) and self.in_title[i]
            is_title = name.kind == "title"
            bonus = t.title_prior if is_title else t.in_title_prior if in_title else 0.0
            bonus += t.employment_prior * math.log10(1 + self.employment.get(name.soc, 0.0))
            if name.soc in self.residual:  # "Physicians, All Other": rarely what a name means
                bonus -= t.residual_penalty
            if name.kind == "shared":  # offered in the order the data gives, likeliest first
                order = self.knowledge.shared_names.get(name.text.casefold(), ())
                place = order.index(name.soc) if name.soc in order else len(order)
                bonus -= t.shared_rank * place
            weights = sum(self.weight[w] for w in name.words)
            self.names[i] = replace(name, prior=bonus, total=weights)

    def keys(self) -> dict[str, tuple[int, ...]]:
        """Each name is keyed by its rarest word and any other telling word: a question must
        contain one to meet it. Common words ("manager", "operator") key only names made of
        common words, which keeps every question's candidate list short."""
        by_word: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(self.names):
            ordered = sorted(name.words, key=lambda w: -self.weight[w])
            for rank, w in enumerate(ordered):
                if rank == 0 or self.weight[w] >= self.tuning.telling_weight:
                    by_word[w].append(i)
        return {w: tuple(found) for w, found in by_word.items()}

    def roots(self) -> dict[str, frozenset[str]]:
        """Root -> the words with that root."""
        roots: dict[str, set[str]] = defaultdict(set)
        for w in self.weight:
            if w.isalpha() and len(w) >= 4:
                roots[root(w)].add(w)
        return {r: frozenset(words) for r, words in roots.items()}

    def spelling(self, roots: Mapping[str, frozenset[str]]) -> Spelling:
        """Typo correction: candidates bucketed by length, most frequent first."""
        surface = dict(self.surface)
        by_length: dict[int, list[str]] = defaultdict(list)
        for w in sorted(surface, key=lambda w: (-surface[w], w)):
            if w.isalpha() and len(w) >= 4:
                by_length[len(w)].append(w)
        intent_words = frozenset(self.intent_words)
        return Spelling(
            tuning=self.tuning,
            short_forms=self.short_forms,
            synonym_words=self.short_forms.words,
            known=frozenset(surface) | frozenset(self.weight) | self.filler | intent_words,
            english=common_english(self.tuning),
            surface=surface,
            soft=intent_words | self.filler,
            names=frozenset(self.weight),
            roots=roots,
            by_length={n: tuple(words) for n, words in by_length.items()},
        )

    def vocabulary(self) -> dict[str, frozenset[str]]:
        vocabulary: dict[str, set[str]] = defaultdict(set)
        for name in self.names:
            vocabulary[name.soc].update(name.words)
        return {soc: frozenset(words) for soc, words in vocabulary.items()}


def build_index(knowledge: Knowledge, tuning: Tuning) -> NameIndex:
    """Index every name of every career in `knowledge`."""
    build = _Builder(knowledge, tuning)
    build.read_intent_phrases()
    build.add_career_names()
    build.add_fields_of_study()
    vocabulary = build.vocabulary()
    build.weigh_words()
    build.set_priors()
    roots = build.roots()
    intent_words = frozenset(build.intent_words)
    phrases = tuple(build.intent_phrases)
    by_first: dict[str, list[int]] = defaultdict(list)
    for position, (_, phrase) in enumerate(phrases):
        by_first[phrase[0]].append(position)
    titles_with: dict[str, set[str]] = defaultdict(set)
    for soc, title in build.title_words.items():
        for word in title:
            titles_with[word].add(soc)
    return NameIndex(
        tuning=tuning,
        names=tuple(build.names),
        by_word=build.keys(),
        titles={w: tuple(found) for w, found in build.titles.items()},
        weight=build.weight,
        roots=roots,
        vocabulary=vocabulary,
        title_words=build.title_words,
        employment=build.employment,
        residual=build.residual,
        intent_phrases=phrases,
        phrases_by_first={w: tuple(found) for w, found in by_first.items()},
        titles_with={w: frozenset(socs) for w, socs in titles_with.items()},
        career_order={c.soc: i for i, c in enumerate(knowledge.careers)},
        intent_words=intent_words,
        filler=build.filler,
        filler_phrases=build.filler_phrases,
        soft_match={w: tuning.intent_match for w in intent_words}
        | {w: tuning.filler_match for w in build.filler},
        spelling=build.spelling(roots),
    )


def _employed(career: Career) -> float:
    emp = next((f.employed for f in career.employment if f.employed), None)
    return float(emp or 0)
