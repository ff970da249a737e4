"""Measured understanding: the founding career's questions, and the evaluation command itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.dialogue import Advisor
from bot.evaluation import Case, EvalFileError, evaluate, load_cases, naive_baseline, ours
from bot.knowledge import INTENTS

EVAL_DIR = Path(__file__).resolve().parent / "eval"


def test_founding_questions_get_the_right_intent_and_career(advisor: Advisor) -> None:
    questions, dialogues = load_cases(EVAL_DIR / "founding.yaml")
    assert len(questions) >= 60
    assert {c.intent for c in questions} == set(INTENTS)
    figures = evaluate("careerbot", ours(advisor), questions, dialogues).figures()
    assert figures["intent_accuracy"] >= 95.0, figures
    assert figures["career_accuracy"] >= 95.0, figures
    assert figures["dialogue_turn_accuracy"] >= 90.0, figures


def test_baseline_is_scored_by_the_same_rules(advisor: Advisor) -> None:
    questions, _ = load_cases(EVAL_DIR / "founding.yaml")
    figures = evaluate("naive", naive_baseline(advisor.knowledge), questions[:10], []).figures()
    assert figures["intent_accuracy"] == 0.0  # the baseline has no intents
    assert figures["questions"] == 10


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            "questions: [{q: hi, soc: '11-3051', intent: gossip}]", "not one of", id="bad-intent"
        ),
        pytest.param(
            "questions: [{q: hi, soc: '11-3051', intent: null}]",
            "null exactly when",
            id="intent-without-soc",
        ),
        pytest.param("questions: [{soc: null, intent: null}]", "needs q", id="no-question"),
        pytest.param("- just a list", "must be a mapping", id="not-a-mapping"),
    ],
)
def test_bad_evaluation_files_are_reported(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalFileError, match=message):
        load_cases(path)


def test_eval_command_reports_json_and_fails_below_a_threshold() -> None:
    command = [sys.executable, "-m", "bot", "eval", str(EVAL_DIR / "founding.yaml"), "--json"]
    ok = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert ok.returncode == 0, ok.stderr
    [ours_figures] = json.loads(ok.stdout)["results"]
    assert ours_figures["latency_p99_ms"] is not None
    failing = subprocess.run(
        [*command, "--min-oos", "101"], capture_output=True, text=True, timeout=300, check=False
    )
    assert failing.returncode == 0  # founding.yaml has no out-of-scope questions: nothing to fail
    failing = subprocess.run(
        [*command, "--min-intent", "100.1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert failing.returncode == 1
    assert "Below target: intent_accuracy" in failing.stderr


# The targets on the held-out test splits (tuning happens on the dev files only): issue 4's,
# and issue 10's confidently wrong (at most) and right career answered or offered first.
TARGETS = {
    "career_accuracy": 95.0,
    "intent_accuracy": 95.0,
    "both_accuracy": 92.0,
    "out_of_scope_rejection": 90.0,
    "dialogue_turn_accuracy": 95.0,
    "right_answered_or_offered_first": 95.0,
}
MOST_CONFIDENTLY_WRONG = 1.0


def test_test_split_meets_the_targets(advisor: Advisor) -> None:
    questions, dialogues = load_cases(EVAL_DIR / "test.yaml")
    assert len(questions) + sum(map(len, dialogues)) >= 200
    figures = evaluate("careerbot", ours(advisor), questions, dialogues).figures()
    baseline = evaluate("naive", naive_baseline(advisor.knowledge), questions, []).figures()
    for key, target in TARGETS.items():
        assert figures[key] >= target, (key, figures)
    assert figures["confidently_wrong"] <= MOST_CONFIDENTLY_WRONG, figures
    assert figures["career_accuracy"] >= baseline["career_accuracy"] + 10, (figures, baseline)


# Everyday job titles (issue 10): confidently wrong at most 1%, the right career answered or
# offered first in at least 95%.
TITLES_TARGETS = {"confidently_wrong": 1.0, "right_answered_or_offered_first": 95.0}


def test_everyday_titles_meet_the_targets(advisor: Advisor) -> None:
    questions, _ = load_cases(EVAL_DIR / "titles-test.yaml")
    assert len(questions) >= 150
    figures = evaluate("careerbot", ours(advisor), questions, []).figures()
    assert figures["confidently_wrong"] <= TITLES_TARGETS["confidently_wrong"], figures
    target = TITLES_TARGETS["right_answered_or_offered_first"]
    assert figures["right_answered_or_offered_first"] >= target, figures


def test_messages_naming_no_career_get_no_career_answer(advisor: Advisor) -> None:
    questions, dialogues = load_cases(EVAL_DIR / "no-career-test.yaml")
    assert len(questions) >= 50 and len(dialogues) >= 10
    figures = evaluate("careerbot", ours(advisor), questions, dialogues).figures()
    assert figures["no_career_answer"] >= 98.0, figures


# Places (issue 12): the targets on the test split.
PLACES_TARGETS = {
    "place_accuracy": 97.0,
    "no_false_place": 99.0,
    "career_accuracy": 95.0,
    "intent_accuracy": 95.0,
}


def test_places_meet_the_targets(advisor: Advisor) -> None:
    questions, dialogues = load_cases(EVAL_DIR / "places-test.yaml")
    figures = evaluate("careerbot", ours(advisor), questions, dialogues).figures()
    for key, target in PLACES_TARGETS.items():
        assert figures[key] >= target, (key, figures)


def test_the_places_sets_cover_what_issue_12_asks() -> None:
    questions: list[Case] = []
    turns: list[Case] = []
    dialogues = 0
    for name in ("places-dev.yaml", "places-test.yaml"):
        q, d = load_cases(EVAL_DIR / name)
        questions += q
        turns += [case for dialogue in d for case in dialogue]
        dialogues += len(d)
    assert len(questions) >= 300 and dialogues >= 20
    labelled = [c.place for c in [*questions, *turns] if c.place is not None]
    assert any(len(p) == 1 for p in labelled)  # a place
    assert any(len(p) > 1 for p in labelled)  # an ambiguous city, asked back
    assert sum(1 for p in labelled if not p) >= 50  # no place, look-alikes, unknown places
    assert any(c.intent == "places" for c in questions)


# Comparisons (issue 13): the targets on the test split.
COMPARE_TARGETS = {"compare_careers": 93.0, "compare_intent": 97.0}


def test_comparisons_meet_the_targets(advisor: Advisor) -> None:
    questions, dialogues = load_cases(EVAL_DIR / "compare-test.yaml")
    figures = evaluate("careerbot", ours(advisor), questions, dialogues).figures()
    for key, target in COMPARE_TARGETS.items():
        assert figures[key] >= target, (key, figures)
    assert figures["dialogue_turn_accuracy"] >= 95.0, figures


def test_the_compare_sets_cover_what_issue_13_asks() -> None:
    questions: list[Case] = []
    dialogues = 0
    for name in ("compare-dev.yaml", "compare-test.yaml"):
        q, d = load_cases(EVAL_DIR / name)
        questions += q
        dialogues += len(d)
    assert len(questions) >= 150 and dialogues >= 10
    comparisons = [c for c in questions if c.intent == "compare"]
    assert any(c.ask for c in comparisons) and any(len(c.careers) >= 3 for c in comparisons)
    assert sum(1 for c in questions if c.intent != "compare") >= 30  # single careers, and/or


# Small talk (issue 14): >=95% recognised on the test split; out-of-scope rejection >=90%.
def test_small_talk_is_recognised_and_off_topic_still_rejected(advisor: Advisor) -> None:
    questions, dialogues = load_cases(EVAL_DIR / "chat-test.yaml")
    assert sum(1 for c in questions if c.intent == "chat") >= 30
    figures = evaluate("careerbot", ours(advisor), questions, dialogues).figures()
    assert figures["small_talk"] >= 95.0, figures
    assert figures["out_of_scope_rejection"] >= 90.0, figures
    assert figures["career_accuracy"] >= 95.0, figures


def test_the_new_evaluation_sets_cover_what_issue_10_asks() -> None:
    titles: list[Case] = []
    for name in ("titles-dev.yaml", "titles-test.yaml"):
        titles += load_cases(EVAL_DIR / name)[0]
    assert len(titles) >= 300
    assert any(c.ask_ok for c in titles) and any(c.ask_ok is False for c in titles)
    no_career: list[Case] = []
    follow_ups = 0
    for name in ("no-career-dev.yaml", "no-career-test.yaml"):
        questions, dialogues = load_cases(EVAL_DIR / name)
        no_career += questions
        for dialogue in dialogues:
            assert dialogue[0].socs and not dialogue[1].socs  # a career answer, then no career
            follow_ups += 1
    assert len(no_career) >= 100 and all(not c.socs for c in no_career)
    assert follow_ups >= 20


def test_evaluation_set_covers_what_issue_4_asks() -> None:
    questions, dialogues = [], []
    for name in ("dev.yaml", "test.yaml"):
        q, d = load_cases(EVAL_DIR / name)
        questions += q
        dialogues += d
    in_scope = [c for c in questions if c.socs]
    careers = {soc for c in in_scope for soc in c.socs}
    assert len(questions) >= 400
    assert len(careers) >= 100
    assert {soc[:2] for soc in careers} >= {
        "11", "13", "15", "17", "19", "21", "23", "25", "27", "29", "31",
        "33", "35", "37", "39", "41", "43", "45", "47", "49", "51", "53",
    }  # fmt: skip
    # places (issue 12) is measured by places-dev/test.yaml, written after this set
    assert {c.intent for c in in_scope} == set(INTENTS) - {"places"}
    assert len(dialogues) >= 20
    assert sum(1 for c in questions if not c.socs) >= 50


# The finder (issue 14): filters and order exactly right on >=90% of the test split, the listed
# careers recomputed from the knowledge base; no finder question is answered as one career.
def test_the_finder_reads_filters_and_order(advisor: Advisor) -> None:
    questions, dialogues = load_cases(EVAL_DIR / "finder-test.yaml")
    figures = evaluate("careerbot", ours(advisor), questions, dialogues, advisor).figures()
    assert figures["finder"] >= 90.0, figures
    assert figures["confidently_wrong"] <= 2.0, figures


def test_the_finder_evaluation_covers_what_issue_14_asks() -> None:
    finds: list[Case] = []
    talk: list[Case] = []
    for name in ("finder-dev.yaml", "finder-dev-2.yaml", "finder-dev-3.yaml", "finder-test.yaml"):
        finds += [c for c in load_cases(EVAL_DIR / name)[0] if c.intent == "find"]
    for name in ("chat-dev.yaml", "chat-dev-2.yaml", "chat-test.yaml"):
        talk += [c for c in load_cases(EVAL_DIR / name)[0] if c.intent == "chat"]
    assert len(finds) >= 200 and len(talk) >= 60
    searches = [c.find for c in finds if c.find is not None]
    assert any(s.place for s in searches) and any(s.programme for s in searches)
    assert any(s.like for s in searches) and any(c.guided for c in finds)
    assert {s.sort for s in searches} >= {"pay", "growth", "openings", "employment"}
