"""`careerbot eval`: measure understanding on labelled questions, ours next to a naive baseline.

File format (YAML)::

    questions:
      - {q: "how much do welders make", soc: "51-4121", intent: salary}
      - {q: "nurse salary", soc: ["29-1141", "29-2061"], intent: salary}  # any of these
      - {q: "tell me a joke", soc: null, intent: null}                    # out of scope
      - {q: "data analyst pay", soc: ["15-2051", "15-2041"], intent: salary, ask_ok: true}
    dialogues:
      - - {q: "production manager salary", soc: "11-3051", intent: salary}
        - {q: "and education?", soc: "11-3051", intent: education}

Scoring, per question, through the same Advisor the bot uses:

- career: the reply answers about an acceptable career; or it asks back offering one when
  asking is acceptable: with ``ask_ok: true`` the career offered first must be acceptable;
  without ``ask_ok``, asking is acceptable when the label lists several careers and any of them
  offered counts (the older files' rule); ``ask_ok: false`` accepts only an answer;
- confidently wrong: the reply answers about a career (without asking) that is not acceptable,
  a career for an out-of-scope message included;
- right answered or offered first: an acceptable career is answered, or offered first;
- no career answer: of the messages naming no career, single or in a dialogue (where the
  conversation's last career must not be answered again), those answered with no career;
- intent: the reply's topic equals the label;
- out of scope (soc null): correct when the reply answers about no career at all;
- dialogue turns: career and intent both right, with the conversation's context carried.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bot.dialogue import Advisor, ChatState
from bot.exit_codes import ExitCode
from bot.finder import PAGE, Search
from bot.knowledge import INTENTS, Knowledge
from bot.replies import Reply
from bot.understanding.language import warm_up
from bot.understanding.text import everyday_words


class EvalFileError(Exception):
    """An evaluation file is missing or malformed."""


@dataclass(frozen=True)
class Case:
    q: str
    socs: tuple[str, ...]  # acceptable careers, the likeliest first; empty = out of scope
    intent: str | None
    ask_ok: bool | None = None  # asking back is acceptable; None: when several careers are
    # The OEWS area of the figures shown: (code,); () for national figures; several codes when
    # the place is ambiguous and the bot should ask which; None when the case says nothing.
    place: tuple[str, ...] | None = None
    # A comparison: the careers compared, in the order named; `ask`: one side is asked back.
    careers: tuple[str, ...] = ()
    ask: bool = False
    # A finder request: the search labelled (its filters and order), whether it opens the
    # guided finder (and with which wish), and the careers it must list: recomputed from the
    # knowledge base by `expect_finder`.
    find: Search | None = None
    guided: bool = False
    wish: str | None = None


@dataclass(frozen=True)
class Prediction:
    soc: str | None  # the career answered about
    intent: str | None
    offered: tuple[str, ...] = ()  # careers offered when asking back
    place: str | None = None  # the OEWS area code of the figures shown; None: national
    place_options: tuple[str, ...] = ()  # areas offered when asking which place
    careers: tuple[str, ...] = ()  # every career the reply is about (a comparison's sides)
    asked: bool = False  # the reply asks back
    search: Search | None = None  # the finder's search answered


@dataclass
class Report:
    name: str
    questions: int = 0
    in_scope: int = 0
    career_ok: int = 0
    intent_ok: int = 0
    both_ok: int = 0
    out_of_scope: int = 0
    rejected: int = 0
    confidently_wrong: int = 0
    answered_or_offered_first: int = 0
    out_of_scope_offered: int = 0  # out-of-scope messages asked back with careers offered
    turns: int = 0
    turns_ok: int = 0
    null_turns: int = 0  # dialogue turns that name no career (after a career answer, mostly)
    null_turns_held: int = 0  # ... answered with no career, the previous one included
    places: int = 0  # questions and turns labelled with a place (or with none)
    places_ok: int = 0
    no_place: int = 0  # ... labelled with no place said
    no_place_held: int = 0  # ... shown national figures (no false place)
    small_talk: int = 0  # messages labelled as small talk
    small_talk_ok: int = 0  # ... answered as small talk
    comparisons: int = 0  # questions and turns labelled as comparisons
    compared_right: int = 0  # ... with exactly the careers labelled (asked back when labelled)
    compare_intent: int = 0  # ... answered (or asked back) as a comparison
    finds: int = 0  # questions labelled as finder requests
    finds_right: int = 0  # ... with exactly the filters, order and careers labelled
    find_intent: int = 0  # ... answered as finder requests
    latencies_ms: list[float] = field(default_factory=list)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)

    def figures(self) -> dict[str, Any]:
        def share(part: int, whole: int) -> float | None:
            return round(100 * part / whole, 1) if whole else None

        lat = sorted(self.latencies_ms)
        return {
            "name": self.name,
            "questions": self.questions,
            "career_accuracy": share(self.career_ok, self.in_scope),
            "intent_accuracy": share(self.intent_ok, self.in_scope),
            "both_accuracy": share(self.both_ok, self.in_scope),
            "out_of_scope_rejection": share(self.rejected, self.out_of_scope),
            "confidently_wrong": share(self.confidently_wrong, self.questions),
            "right_answered_or_offered_first": share(self.answered_or_offered_first, self.in_scope),
            "out_of_scope_offered": share(self.out_of_scope_offered, self.out_of_scope),
            "dialogue_turn_accuracy": share(self.turns_ok, self.turns),
            "no_career_answer": share(
                self.rejected + self.null_turns_held, self.out_of_scope + self.null_turns
            ),
            "place_accuracy": share(self.places_ok, self.places),
            "small_talk": share(self.small_talk_ok, self.small_talk),
            "compare_careers": share(self.compared_right, self.comparisons),
            "compare_intent": share(self.compare_intent, self.comparisons),
            "finder": share(self.finds_right, self.finds),
            "finder_intent": share(self.find_intent, self.finds),
            "no_false_place": share(self.no_place_held, self.no_place),
            "latency_p50_ms": round(statistics.median(lat), 3) if lat else None,
            "latency_p99_ms": round(lat[min(len(lat) - 1, int(0.99 * len(lat)))], 3)
            if lat
            else None,
            "top_confusions": [
                {"expected": e, "got": g, "count": n}
                for (e, g), n in self.confusions.most_common(10)
            ],
        }


def _case(item: Any, where: str) -> Case:
    if not isinstance(item, dict) or not isinstance(item.get("q"), str):
        raise EvalFileError(f"{where}: each item needs q (a string), soc and intent")
    soc = item.get("soc")
    socs = tuple(dict.fromkeys([soc] if isinstance(soc, str) else (soc or [])))
    intent = item.get("intent")
    if intent == "compare":
        return _comparison(item, where)
    if intent == "find":
        return _finder_case(item, where)
    if intent == "chat":  # small talk: no career
        if item.get("soc") is not None:
            raise EvalFileError(f"{where}: small talk (intent chat) names no career: soc null")
        return Case(item["q"], (), "chat", None, _place(item, where))
    if intent is not None and intent not in INTENTS:
        raise EvalFileError(f"{where}: intent {intent!r} is not one of {', '.join(INTENTS)}")
    if bool(socs) != (intent is not None):
        raise EvalFileError(f"{where}: intent must be null exactly when soc is null")
    ask_ok = item.get("ask_ok")
    if ask_ok is not None and not isinstance(ask_ok, bool):
        raise EvalFileError(f"{where}: ask_ok must be true or false")
    return Case(item["q"], socs, intent, ask_ok, _place(item, where))


def _comparison(item: dict[str, Any], where: str) -> Case:
    careers = item.get("careers")
    if not isinstance(careers, list) or not all(isinstance(c, str) for c in careers):
        raise EvalFileError(f"{where}: a comparison needs careers (a list of SOC codes)")
    ask = item.get("ask", False)
    if not isinstance(ask, bool):
        raise EvalFileError(f"{where}: ask must be true or false")
    return Case(item["q"], (), "compare", None, _place(item, where), tuple(careers), ask)


_FIND_KEYS = frozenset(f.name for f in dataclasses.fields(Search)) | {"guided", "wish"}


def _finder_case(item: dict[str, Any], where: str) -> Case:
    label = item.get("find")
    if not isinstance(label, dict) or not set(label) <= _FIND_KEYS:
        raise EvalFileError(f"{where}: a finder request needs find: a mapping of "
                            f"{', '.join(sorted(_FIND_KEYS))}")  # fmt: skip
    values = {k: v for k, v in label.items() if k not in ("guided", "wish")}
    if "fields" in values:
        values["fields"] = tuple(values["fields"] or ())
    for key in ("hourly_min", "hourly_max"):
        if key in values:
            values[key] = float(values[key])
    search = Search(**values)
    if Search.decode(search.code()) != search:
        raise EvalFileError(f"{where}: find holds a value the finder does not know: {label}")
    return Case(item["q"], (), "find", find=search, guided=bool(label.get("guided")),
                wish=label.get("wish"))  # fmt: skip


def expect_finder(case: Case, advisor: Advisor) -> Case:
    """A finder case with the careers its search lists, recomputed from the knowledge base
    (the first page, in order), and a wish's fields."""
    if case.find is None:
        return case
    search = case.find
    if case.wish is not None:
        wish = advisor.knowledge.finder.wishes.get(case.wish)
        if wish is None:
            raise EvalFileError(f"{case.q!r}: wish {case.wish!r} is not in finder.yaml")
        search = replace(search, fields=wish.fields)
    if case.guided:
        return replace(case, find=search, careers=())
    found = advisor.finder.find(search).found[:PAGE]
    return replace(case, find=search, careers=tuple(f.career.soc for f in found))


def _score_finder(report: Report, case: Case, got: Prediction) -> bool:
    report.finds += 1
    intent = got.intent == "find"
    guided = got.asked and not got.careers
    right = intent and got.search == case.find and guided == case.guided
    right = right and got.careers == case.careers
    report.find_intent += intent
    report.finds_right += right
    return right


def _place(item: dict[str, Any], where: str) -> tuple[str, ...] | None:
    if "place" not in item:
        return None
    place = item["place"]
    codes = [place] if isinstance(place, str) else place or []
    if not isinstance(codes, list) or not all(
        isinstance(c, str) and len(c) == 7 and c.isdigit() for c in codes
    ):
        raise EvalFileError(f"{where}: place must be a 7-digit area code, a list of them or null")
    return tuple(codes)


def load_cases(path: Path) -> tuple[list[Case], list[list[Case]]]:
    """The single questions and the dialogues of one evaluation file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvalFileError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise EvalFileError(f"{path}: must be a mapping with questions and/or dialogues")
    questions = [
        _case(item, f"{path}: questions[{i}]") for i, item in enumerate(data.get("questions") or [])
    ]
    dialogues = [
        [_case(turn, f"{path}: dialogues[{i}][{j}]") for j, turn in enumerate(dialogue)]
        for i, dialogue in enumerate(data.get("dialogues") or [])
    ]
    return questions, dialogues


def _predict(reply: Reply) -> Prediction:
    place = reply.location.code if reply.location else None
    careers = tuple(c.soc for c in reply.careers)
    asked = reply.kind == "choose"
    if reply.career is not None:
        return Prediction(
            reply.career.soc, reply.intent, (), place, reply.place_options, careers, asked
        )
    return Prediction(
        None,
        reply.intent,
        reply.candidates,
        place,
        reply.place_options,
        careers,
        asked,
        reply.search,
    )


def _score_comparison(report: Report, case: Case, got: Prediction) -> bool:
    report.comparisons += 1
    intent = got.intent == "compare"
    right = intent and set(got.careers) == set(case.careers) and got.asked == case.ask
    report.compare_intent += intent
    report.compared_right += right
    return right


def _place_ok(case: Case, got: Prediction) -> bool:
    """The figures come from the place labelled; an ambiguous place is asked, offering all."""
    assert case.place is not None
    if len(case.place) <= 1:
        return got.place == (case.place[0] if case.place else None)
    return got.place is None and set(case.place) <= set(got.place_options)


def _score_place(report: Report, case: Case, got: Prediction) -> bool:
    """Add one labelled place to the report; True when right (or when not labelled)."""
    if case.place is None:
        return True
    ok = _place_ok(case, got)
    report.places += 1
    report.places_ok += ok
    if not case.place:
        report.no_place += 1
        report.no_place_held += got.place is None
    return ok


def _career_ok(case: Case, got: Prediction) -> bool:
    if got.soc is not None:
        return got.soc in case.socs
    if case.ask_ok is None:
        return len(case.socs) > 1 and bool(set(case.socs) & set(got.offered))
    return case.ask_ok and got.offered[:1] != () and got.offered[0] in case.socs


def _score(report: Report, case: Case, got: Prediction) -> bool:
    """Add one question to the report; True when career and intent are both right."""
    report.questions += 1
    _score_place(report, case, got)
    if case.intent == "compare":
        return _score_comparison(report, case, got)
    if case.intent == "find":
        report.confidently_wrong += got.soc is not None
        return _score_finder(report, case, got)
    if case.intent == "chat":
        report.small_talk += 1
        report.small_talk_ok += got.intent == "chat"
    report.confidently_wrong += got.soc is not None and got.soc not in case.socs
    if not case.socs:
        report.out_of_scope += 1
        report.rejected += got.soc is None
        report.out_of_scope_offered += got.soc is None and bool(got.offered)
        if got.soc is not None:
            report.confusions[("out of scope", got.soc)] += 1
        return got.soc is None
    report.in_scope += 1
    first = got.soc if got.soc is not None else (got.offered or (None,))[0]
    report.answered_or_offered_first += first in case.socs
    career = _career_ok(case, got)
    intent = got.intent == case.intent
    report.career_ok += career
    report.intent_ok += intent
    report.both_ok += career and intent
    if not career:
        expected = "/".join(case.socs)
        report.confusions[(expected, got.soc or "no answer")] += 1
    return career and intent


Responder = Callable[[ChatState, str], tuple[Prediction, ChatState]]


def ours(advisor: Advisor) -> Responder:
    def respond(state: ChatState, text: str) -> tuple[Prediction, ChatState]:
        turn = advisor.reply(state, text)
        return _predict(turn.reply), turn.state

    return respond


def naive_baseline(knowledge: Knowledge) -> Responder:
    """rapidfuzz.process.extractOne over every title and alias with WRatio, as naive code does."""
    from rapidfuzz import fuzz, process

    names: list[str] = []
    socs: list[str] = []
    for career in knowledge.careers:
        for name in (career.title, *career.aliases, *career.ambiguous_aliases):
            names.append(name)
            socs.append(career.soc)

    def respond(state: ChatState, text: str) -> tuple[Prediction, ChatState]:
        found = process.extractOne(text, names, scorer=fuzz.WRatio)
        return Prediction(socs[found[2]] if found else None, None), state

    return respond


def evaluate(
    name: str,
    respond: Responder,
    questions: Sequence[Case],
    dialogues: Sequence[Sequence[Case]],
    advisor: Advisor | None = None,
) -> Report:
    """Run every question on its own and every dialogue turn in context; with `advisor`,
    finder cases are scored against the careers their labelled search lists."""
    report = Report(name)
    if advisor is not None:
        questions = [expect_finder(c, advisor) for c in questions]
    for case in questions:
        start = time.perf_counter()
        got, _ = respond(ChatState(), case.q)
        report.latencies_ms.append((time.perf_counter() - start) * 1000)
        _score(report, case, got)
    for dialogue in dialogues:
        state = ChatState()
        for case in dialogue:
            start = time.perf_counter()
            got, state = respond(state, case.q)
            report.latencies_ms.append((time.perf_counter() - start) * 1000)
            report.turns += 1
            if not case.socs and case.intent != "compare":
                report.null_turns += 1
                report.null_turns_held += got.soc is None
            if case.intent == "compare":
                ok = _score_comparison(report, case, got)
            elif not case.socs:
                ok = got.soc is None and got.intent != "compare"
            else:
                ok = _career_ok(case, got) and got.intent == case.intent
            report.turns_ok += _score_place(report, case, got) and ok
    return report


# --- the command ---------------------------------------------------------------------------

THRESHOLDS = (
    ("career", "career_accuracy"),
    ("intent", "intent_accuracy"),
    ("both", "both_accuracy"),
    ("oos", "out_of_scope_rejection"),
    ("dialogue", "dialogue_turn_accuracy"),
    ("right-first", "right_answered_or_offered_first"),
    ("no-career", "no_career_answer"),
    ("place", "place_accuracy"),
    ("no-false-place", "no_false_place"),
    ("small-talk", "small_talk"),
    ("compare", "compare_careers"),
    ("compare-intent", "compare_intent"),
    ("finder", "finder"),
)
# Figures that must stay at or below a limit: --max-FLAG.
CEILINGS = (("wrong", "confidently_wrong"),)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, help="evaluation YAML files")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--baseline", action="store_true", help="also measure the naive baseline")
    parser.add_argument("--errors", action="store_true", help="list every question we got wrong")
    parser.add_argument(
        "--tune",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="measure with another value of a tuned number (see bot/understanding/tuning.py); "
        "repeatable",
    )
    for flag, _ in THRESHOLDS:
        parser.add_argument(
            f"--min-{flag}", type=float, metavar="PCT", help=f"fail below this {flag} figure"
        )
    for flag, _ in CEILINGS:
        parser.add_argument(
            f"--max-{flag}", type=float, metavar="PCT", help=f"fail above this {flag} figure"
        )


def _table(figures: list[dict[str, Any]]) -> str:
    rows = [
        ("questions", "questions", "{}"),
        ("career top-1", "career_accuracy", "{}%"),
        ("intent", "intent_accuracy", "{}%"),
        ("career + intent", "both_accuracy", "{}%"),
        ("out-of-scope rejected", "out_of_scope_rejection", "{}%"),
        ("  ... asked back", "out_of_scope_offered", "{}%"),
        ("confidently wrong", "confidently_wrong", "{}%"),
        ("right answered/offered 1st", "right_answered_or_offered_first", "{}%"),
        ("dialogue turns", "dialogue_turn_accuracy", "{}%"),
        ("no career answer (no-career)", "no_career_answer", "{}%"),
        ("place (area code)", "place_accuracy", "{}%"),
        ("no false place", "no_false_place", "{}%"),
        ("small talk recognised", "small_talk", "{}%"),
        ("comparisons: careers exact", "compare_careers", "{}%"),
        ("comparisons: intent", "compare_intent", "{}%"),
        ("finder: filters+order exact", "finder", "{}%"),
        ("finder: read as finder", "finder_intent", "{}%"),
        ("latency p50", "latency_p50_ms", "{} ms"),
        ("latency p99", "latency_p99_ms", "{} ms"),
    ]
    names = [f["name"] for f in figures]
    width = max(len(r[0]) for r in rows) + 2
    out = ["".ljust(width) + "".join(n.rjust(18) for n in names)]
    for label, key, fmt in rows:
        cells = ["–" if f[key] is None else fmt.format(f[key]) for f in figures]
        out.append(label.ljust(width) + "".join(c.rjust(18) for c in cells))
    return "\n".join(out)


def run(args: argparse.Namespace, advisor: Advisor) -> int:
    questions: list[Case] = []
    dialogues: list[list[Case]] = []
    try:
        for path in args.files:
            q, d = load_cases(path)
            questions += q
            dialogues += d
    except EvalFileError as exc:
        print(f"careerbot: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    label = ", ".join(p.name for p in args.files)
    warm_up()  # load the language detector now: latency is measured warm, as a bot runs
    everyday_words()  # ... and the English word list small talk and the finder read
    reports = [evaluate("careerbot", ours(advisor), questions, dialogues, advisor)]
    if args.baseline:
        reports.append(
            evaluate("naive baseline", naive_baseline(advisor.knowledge), questions, dialogues)
        )
    figures = [r.figures() for r in reports]
    if args.json:
        print(json.dumps({"files": [str(p) for p in args.files], "results": figures}, indent=2))
    else:
        print(f"Evaluation of {label}: {len(questions)} questions, {len(dialogues)} dialogues\n")
        print(_table(figures))
        if args.baseline and figures[1]["latency_p99_ms"] and figures[0]["latency_p99_ms"]:
            ratio = figures[1]["latency_p99_ms"] / figures[0]["latency_p99_ms"]
            print(f"\nThe naive baseline's p99 latency is {ratio:.0f}× ours.")
        confusions = figures[0]["top_confusions"]
        if confusions:
            print("\nMost frequent confusions (expected → got):")
            for c in confusions:
                print(f"  {c['expected']} → {c['got']}  ×{c['count']}")
    if args.errors:
        _print_errors(advisor, questions, dialogues)
    failed = [
        f"{key} {figures[0][key]}% < {limit}%"
        for flag, key in THRESHOLDS
        if (limit := getattr(args, f"min_{flag.replace('-', '_')}")) is not None
        and figures[0][key] is not None
        and figures[0][key] < limit
    ] + [
        f"{key} {figures[0][key]}% > {limit}%"
        for flag, key in CEILINGS
        if (limit := getattr(args, f"max_{flag}")) is not None
        and figures[0][key] is not None
        and figures[0][key] > limit
    ]
    if failed:
        print("\nBelow target: " + "; ".join(failed), file=sys.stderr)
        return ExitCode.BELOW_TARGET
    return ExitCode.OK


def _print_errors(
    advisor: Advisor, questions: Sequence[Case], dialogues: Sequence[Sequence[Case]]
) -> None:
    def wrong(case: Case, got: Prediction) -> str | None:
        ok = (
            got.soc is None
            if not case.socs
            else _career_ok(case, got) and got.intent == case.intent
        )
        if case.intent == "find":
            ok = _score_finder(Report(""), case, got)
            if not ok:
                return f"  {case.q!r}: expected {case.find}, got {got.intent} {got.search}"
        if ok:
            return None
        expected = "/".join(case.socs) or "none"
        return (
            f"  {case.q!r}: expected {expected} {case.intent}, "
            f"got {got.soc} {got.intent} {list(got.offered)}"
        )

    print("\nWrong answers:")
    for case in (expect_finder(c, advisor) for c in questions):
        line = wrong(case, _predict(advisor.reply(ChatState(), case.q).reply))
        if line:
            print(line)
    print("\nWrong dialogue turns:")
    for dialogue in dialogues:
        state = ChatState()
        for case in dialogue:
            turn = advisor.reply(state, case.q)
            state = turn.state
            line = wrong(case, _predict(turn.reply))
            if line:
                print(line)
