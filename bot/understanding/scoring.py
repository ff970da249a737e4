"""Scoring and ranking: which careers' names a message's words say, how well, and which
intent the words the career did not use ask."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.understanding.index import Name, NameIndex
from bot.understanding.text import NAME_STOP, said_in_order
from bot.words import root, stem

# Which intent wins a tie: "teaching license for elementary school" asks about education.
_PRIORITY = ("places", "salary", "outlook", "education", "colleges", "employment", "overview")

Match = tuple[float, Name, frozenset[str]]  # score, the name, the message's words it used


@dataclass(frozen=True)
class _Question:
    """What one message's words weigh, computed once for all the names it meets."""

    present: frozenset[str]
    said: tuple[str, ...]  # the words without function words, in order
    root_of: Mapping[str, str]  # a name word -> the message's word sharing its root
    root_discount: Mapping[str, float]  # ... and what such a match counts
    left_weight: Mapping[str, float]  # a content word -> what it weighs if left unexplained
    content_total: float
    joined: Mapping[str, tuple[str, ...]]  # a word a name writes as one -> the words said


def _question(
    index: NameIndex, words: Sequence[str], joined: Mapping[str, tuple[str, ...]]
) -> _Question:
    t = index.tuning
    present = frozenset(words)
    # Intent and filler words match only exactly; other words also by their root.
    root_of: dict[str, str] = {}
    root_discount: dict[str, float] = {}
    frequent = index.spelling.english
    for w in present:
        if w in index.filler or not w.isalpha() or len(w) < 4:
            continue
        if frequent.get(w) == t.frequent_weight:
            continue  # "wait" is no form of Waiters, nor "music" of Musicians
        for other in index.roots.get(root(w), ()):
            if other not in present and other not in index.intent_words:
                root_of[other] = w
                # "personal training" may mean Personal Trainers, if less surely.
                root_discount[other] = t.intent_root if w in index.intent_words else t.root_discount
    # An intent word left over is expected ("salary"), yet a name that explains it
    # ("school counselor") should still win over one that doesn't.
    left_weight = {
        w: (t.intent_leftover if w in index.intent_words else 1.0)
        * (index.weight.get(w) or unknown_weight(index, w))
        for w in dict.fromkeys(words)
        if w not in index.filler
    }
    said = tuple(w for w in words if w not in NAME_STOP)
    total = sum(left_weight.values())
    return _Question(present, said, root_of, root_discount, left_weight, total, joined)


def match_careers(
    index: NameIndex, words: Sequence[str], joined: Mapping[str, tuple[str, ...]] | None = None
) -> list[Match]:
    """Every name the message meets through a telling word, with its score. `joined`: words
    of the message written as one ("line worker": lineworker), which are among `words`."""
    question = _question(index, words, joined or {})
    seen: set[int] = set()
    results: list[Match] = []
    for key in list(question.present) + list(question.root_of):
        for i in index.by_word.get(key, ()):
            if i in seen:
                continue
            seen.add(i)
            match = _score(index, index.names[i], question)
            if match is not None:
                results.append(match)
    return results


def _score(index: NameIndex, name: Name, q: _Question) -> Match | None:
    """How well the message says this name: coverage of the name times the share of the
    message's content it explains; None when it hardly says it."""
    t, weight = index.tuning, index.weight
    matched = 0.0
    used: set[str] = set()
    for w in name.words:
        if w in q.present:
            matched += weight[w] * index.soft_match.get(w, 1.0)
            used.add(w)
        elif w in q.root_of:
            matched += weight[w] * q.root_discount[w]
            used.add(q.root_of[w])
    if used & index.soft_match.keys() and said_in_order(name.words, q.said):
        # "high school teacher": soft words said inside the name are the name's.
        matched = sum(weight[w] for w in name.words if w in q.present) + sum(
            weight[w] * q.root_discount[w] for w in name.words if w in q.root_of
        )
    coverage = matched / name.total
    if coverage < t.min_coverage or used <= index.filler:
        return None  # "do" alone must not find "DO" (Doctor of Osteopathy)
    explained = sum(weight.get(w, t.unknown_weight) for w in used)
    # The words said apart and as one are one thing said: a name of either explains both.
    covered = (
        used
        | {part for one, parts in q.joined.items() if one in used for part in parts}
        | {one for one, parts in q.joined.items() if used.issuperset(parts)}
    )
    unexplained = q.content_total - sum(q.left_weight.get(w, 0.0) for w in covered)
    fit = explained / (explained + unexplained)
    score = coverage**t.coverage_power * (t.fit_floor + (1 - t.fit_floor) * fit) * name.weight
    if used <= index.soft:
        score *= t.soft_only  # "education" alone hardly means "Education Specialist"
    return score + name.prior, name, frozenset(used)


def match_titles(index: NameIndex, words: Sequence[str]) -> list[Match]:
    """Official titles said in full, in order: they beat any other name."""
    said = [w for w in words if w not in NAME_STOP]
    spans: list[tuple[int, int, int]] = []  # start, end, name index
    for i, word in enumerate(said):
        for title, name in index.titles.get(word, ()):
            if tuple(said[i : i + len(title)]) == title:
                spans.append((i, i + len(title), name))
    # A title inside a longer one said ("Electricians" in "Helpers--Electricians") is not said.
    return [
        (index.tuning.title_said, index.names[name], frozenset(said[start:end]))
        for start, end, name in spans
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
    ]


def rank(
    matches: Iterable[Match],
    limit: int,
    *,
    both: float = 0.0,
    floor: float = 0.0,
    soft: frozenset[str] = frozenset(),
) -> list[Match]:
    """The best match of each career, best first, at most `limit`; a career two of whose
    names the message says, with different words, gains `both`."""
    best: dict[str, Match] = {}
    found: dict[str, list[Match]] = {}
    for match in matches:
        found.setdefault(match[1].soc, []).append(match)
        current = best.get(match[1].soc)
        if current is None or match[0] > current[0]:
            best[match[1].soc] = match
    if both:
        for soc, (score, name, used) in list(best.items()):
            own = used - soft
            other = [u for s, _, u in found[soc] if s >= floor and u - soft and not u & own]
            if other:
                best[soc] = (score + both, name, used.union(*other))
    return sorted(best.values(), key=lambda item: (-item[0], item[1].soc))[:limit]


def words_of_career(
    index: NameIndex, top: Match, matches: Sequence[Match], words: Sequence[str]
) -> frozenset[str]:
    """The question's words that name the chosen career; the rest may carry the intent.

    An intent word belongs to the career's name only when the name is said as such, its
    words together and in order: "school bus driver" asks about the job, "best nursing
    schools" (matching "School Nurse") asks about schools.
    """
    score, soc = round(top[0], 4), top[1].soc
    said = [root(w) for w in words if w not in index.filler]
    good = sorted(
        ((s, name, used) for s, name, used in matches
         if name.soc == soc and s >= index.tuning.career_words * score),
        key=lambda m: -m[0],
    )  # fmt: skip
    if not good:
        return frozenset()
    for _, name, used in good:
        if used & index.intent_words and said_in_order([root(w) for w in name.words], said):
            return used
    free = [used for _, _, used in good if not used & index.intent_words]
    return free[0] if free else good[0][2]


def phrase_words(index: NameIndex, words: Sequence[str]) -> frozenset[str]:
    """The words of intent phrases of two words or more that the message says."""
    phrases = [index.intent_phrases[i][1] for i in _phrases_starting(index, words)]
    return said_phrases(phrases, words)


def said_phrases(phrases: Iterable[tuple[str, ...]], words: Sequence[str]) -> frozenset[str]:
    """The words of these phrases of two words or more that the message says."""
    found: set[str] = set()
    for phrase in phrases:
        size = len(phrase)
        if size > 1 and any(
            tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)
        ):
            found.update(phrase)
    return frozenset(found)


def _phrases_starting(index: NameIndex, words: Iterable[str | None]) -> list[int]:
    """The positions of the intent phrases whose first word is among `words`, in order
    (longest first): only they can be said."""
    by_first = index.phrases_by_first
    return sorted({i for w in set(words) if w is not None for i in by_first.get(w, ())})


def match_intent(
    index: NameIndex, words: Sequence[str], used: frozenset[str]
) -> tuple[str | None, float, frozenset[str]]:
    """The intent the free words ask, its share of the evidence, and the words it took."""
    free: list[str | None] = [w for w in words if w not in used]
    taken: set[str] = set()
    scores: dict[str, float] = defaultdict(float)
    # Longest phrases first, each word counted once: "where can I study" is about colleges
    # even though "study" alone would suggest education.
    for position in _phrases_starting(index, free):
        intent, phrase = index.intent_phrases[position]
        size = len(phrase)
        for start in range(len(free) - size + 1):
            if tuple(free[start : start + size]) == phrase:
                scores[intent] += 1 + index.tuning.phrase_bonus * (size - 1)
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


def namesakes(index: NameIndex, soc: str, name: str, limit: int = 2) -> tuple[str, ...]:
    """Other careers whose titles contain every word of a short name, the largest first."""
    words = {stem(w) for w in index.spelling.short_forms.expand(name) if w not in NAME_STOP}
    if not words or len(words) > 2:
        return ()  # long names are specific enough
    found = frozenset.intersection(*(index.titles_with.get(w, frozenset()) for w in words))
    ordered = sorted(
        found - {soc}, key=lambda s: (-index.employment.get(s, 0.0), index.career_order[s])
    )
    return tuple(ordered[:limit])


def leftover_weight(index: NameIndex, words: Iterable[str]) -> float:
    """How much words left over say: everyday English by its frequency, else by rarity."""
    english = index.spelling.english
    return sum(english.get(w) or index.weight.get(w) or index.tuning.unknown_weight for w in words)


def unknown_weight(index: NameIndex, word: str) -> float:
    """A word outside our names: an English word ("shark") says more than noise ("asdkjh")."""
    return index.spelling.english.get(word, index.tuning.unknown_weight)
