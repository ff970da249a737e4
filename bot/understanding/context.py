"""The words around a career's name that change which job a message means: an employer named
("fry cook at McDonald's": fast food), the career it works for ("dental assistant for an
orthodontist"), a workplace ("… at an orthodontist office"), a role after the name ("loan
officer assistant"), and chat ("job market rn": right now)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.understanding.scoring import Match


class Employers:
    """Employers' names read as the workplace they say (knowledge/employers.yaml)."""

    def __init__(self, employers: tuple[tuple[str, str], ...]) -> None:
        self._pattern = _pattern(employers)
        self._workplace = {_letters(name): says for name, says in employers}

    def read(self, text: str) -> str:
        """The text with employers' names read as their workplace: "fry cook at McDonald's"
        -> "fry cook at fast food"."""
        if self._pattern is None:
            return text

        def workplace(match: re.Match[str]) -> str:
            name = _letters(match[0])
            found = self._workplace.get(name) or self._workplace.get(name.removesuffix("s"))
            return f" {found or match[0]} "

        return self._pattern.sub(workplace, text)


def _letters(name: str) -> str:
    return re.sub(r"[\W_]", "", name.lower())


def _pattern(employers: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """One pattern for every employer's name, however spaced and punctuated ("McDonald's",
    "mcdonalds", "Mc Donalds"), longest first."""
    if not employers:
        return None
    forms = sorted({_letters(name) for name, _ in employers}, key=len)
    spelt = [_GAP.join(map(re.escape, form)) for form in reversed(forms) if form]
    return re.compile(r"(?<!\w)(?:" + "|".join(spelt) + r")(?:['’]?s)?(?!\w)", re.IGNORECASE)


_GAP = r"[\s'’&.-]*"  # what may stand between the letters of an employer's name

# "job market rn", "is it worth it rn": a lower-case "rn" ending a message is chat for "right
# now", unless it follows a word that leads to a noun ("become an rn", "cna to rn", "vs rn").
_RN_AT_END = re.compile(r"(\w+)\s+rn\W*$")
_BEFORE_A_NOUN = frozenset(
    ("a", "an", "the", "to", "vs", "versus", "or", "and", "than", "become", "becoming", "being",
     "as", "my", "your", "his", "her", "their", "our", "staff", "travel", "new", "grad", "every",
     "each", "per", "for", "like")
)  # fmt: skip


def right_now(text: str) -> str:
    """The text without a closing "rn" that means "right now" (after three words or more:
    "salary rn" asks about nurses)."""
    found = _RN_AT_END.search(text)
    if (
        found is None
        or found[1].lower() in _BEFORE_A_NOUN
        or len(text[: found.start(1)].split()) < 2
    ):
        return text
    return text[: found.end(1)]


# "dental assistant for an orthodontist", "paralegal working for a lawyer", "nurses in a
# doctor's office": the job is named before these words, the employer after them.
_WHERE_WORDS = frozenset(("for", "at", "in", "to"))
_BETWEEN = frozenset(("working", "who", "work", "works", "that", "employed"))
_ARTICLES = frozenset(("a", "an", "the", "my", "his", "her", "their", "our", "your"))


# Words that make a name someone else's job when said after it: "loan officer assistant".
_ROLES_AFTER = frozenset(("assistant", "aide", "helper", "apprentice", "trainee", "intern"))


def role_after(words: list[str], used: frozenset[str], own: frozenset[str]) -> bool:
    """A role word none of the career's names holds right after the name's last word."""
    last = max((i for i, w in enumerate(words) if w in used), default=None)
    if last is None or last + 1 >= len(words):
        return False
    return words[last + 1] in _ROLES_AFTER - used - own


def workplace_only(words: list[str], used: frozenset[str], soft: frozenset[str]) -> bool:
    """The career's words come right after "at a"/"at the"…, and words other than the
    question's come before: "… at an orthodontist office" names where, not what."""
    if not used:
        return False
    first = min((i for i, w in enumerate(words) if w in used), default=0)
    # "at" right before the name, or one word before it: "… at a dermatology office", not
    # "at the plant, what do food batchmakers earn".
    for i in (first - 2, first - 3):
        if i > 0 and words[i] == "at" and words[i + 1] in _ARTICLES:
            return any(w not in soft and w not in _BETWEEN for w in words[:i])
    return False


def _run_before(words: list[str], end: int, stop: frozenset[str]) -> set[str]:
    """The words right before `end` up to a function or intent word: "executive assistant"
    of "the executive assistant to the ceo"."""
    run: set[str] = set()
    for w in reversed(words[:end]):
        if w in stop or w in _BETWEEN:
            break
        run.add(w)
    return run


def job_before_workplace(
    ranked: list[Match],
    words: list[str],
    lead: float,
    stop: frozenset[str],
    vocabulary: Mapping[str, frozenset[str]],
    residual: frozenset[str],
) -> list[Match]:
    """The ranking with the career named in full right before "for"/"at"/"in"/"to" first, when
    the best one is named only after it, or around it with fewer of the job's words ("head cook
    at a restaurant" is no Restaurant Cook, but "grill cook at a fast food place" is a Fast Food
    Cook: its names say "grill")."""
    if len(ranked) < 2 or not ranked[0][2]:
        return ranked
    first_at: dict[str, int] = {}
    for i, w in enumerate(words):
        first_at.setdefault(w, i)
    last_at = {w: i for i, w in enumerate(words)}
    for i, (_, name, said) in enumerate(ranked[1:], 1):
        if not said or not set(name.words) <= said:
            continue
        # A name filed under an "All Other" career ("team lead": Managers, All Other) says less
        # than the workplace ("team lead at chick fil a": food service supervisors).
        if name.soc in residual and ranked[0][1].soc not in residual:
            continue
        # A word said twice ("executive assistant to the chief executive") is the job's
        # where it comes first, the other career's where it comes last.
        end = max(first_at.get(w, len(words)) for w in said)
        if not _run_before(words, end + 1, stop) <= said:
            continue  # "executive assistant to the ceo" is not any "assistant"
        # Where the best career's words are said (words joined from two are not), and which
        # of them come with the job's words.
        spots = [last_at[w] for w in ranked[0][2] if w in last_at]
        before = {w for w in ranked[0][2] if last_at.get(w, len(words)) <= end}
        after = min((at for at in spots if at > end), default=None)
        # ... and the other career is what the word is about: "for an orthodontist", not "in
        # college, what do mechanical engineers make".
        if (
            after is not None
            and _where(words[end + 1 : after])
            and (not before or not said - before <= vocabulary.get(ranked[0][1].soc, set()))
        ):
            return [(ranked[0][0] + lead, name, said), *ranked[:i], *ranked[i + 1 :]]
    return ranked


def _where(between: list[str]) -> bool:
    """The words between two names say where the first works: "for an", "working at the"."""
    gap = [w for w in between if w not in _BETWEEN]
    return bool(gap) and gap[0] in _WHERE_WORDS and set(gap[1:]) <= _ARTICLES
