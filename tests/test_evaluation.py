"""Measured understanding: the founding career's questions, and the evaluation command itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.dialogue import Advisor
from bot.evaluation import EvalFileError, evaluate, load_cases, naive_baseline, ours
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


# Issue 4's targets on the held-out test split (tuning happens on the dev files only).
TARGETS = {
    "career_accuracy": 95.0,
    "intent_accuracy": 95.0,
    "both_accuracy": 92.0,
    "out_of_scope_rejection": 90.0,
    "dialogue_turn_accuracy": 95.0,
}


def test_test_split_meets_the_targets(advisor: Advisor) -> None:
    questions, dialogues = load_cases(EVAL_DIR / "test.yaml")
    assert len(questions) + sum(map(len, dialogues)) >= 200
    figures = evaluate("careerbot", ours(advisor), questions, dialogues).figures()
    baseline = evaluate("naive", naive_baseline(advisor.knowledge), questions, []).figures()
    for key, target in TARGETS.items():
        assert figures[key] >= target, (key, figures)
    assert figures["career_accuracy"] >= baseline["career_accuracy"] + 10, (figures, baseline)


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
    assert {c.intent for c in in_scope} == set(INTENTS)
    assert len(dialogues) >= 20
    assert sum(1 for c in questions if not c.socs) >= 50
