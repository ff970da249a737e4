"""Every tuned number of understanding and dialogue, in one frozen object.

The defaults were tuned on the dev splits of the evaluation set (``tests/eval/dev*.yaml``);
`careerbot eval --tune NAME=VALUE` measures another value without editing code. Each number
says what it trades off: raising or lowering it moves answers one way and misses the other.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Tuning:
    # --- deciding -------------------------------------------------------------------------
    # The score a career needs to be answered. Higher: fewer wrong answers, more asking back.
    confident: float = 0.62
    # Careers within this of the best are offered too. Wider: more "which one?" questions,
    # fewer confident answers between near-equal careers.
    close: float = 0.03
    # Below this a career is not even offered. Lower: more buttons of doubtful use.
    candidate_floor: float = 0.45

    # --- scoring a name -------------------------------------------------------------------
    # score = coverage ** power × (floor + (1 − floor) × fit): a higher power punishes names
    # the question only half says; a higher floor cares less about unexplained words.
    coverage_power: float = 2.0
    fit_floor: float = 0.55
    # A name must be covered at least this much to count. Lower: more partial matches.
    min_coverage: float = 0.34
    # A name matched by intent or filler words alone ("education" -> Education Specialist)
    # counts this much: lower keeps such questions about the topic, not a career.
    soft_only: float = 0.7
    # An official title said in full scores this: above any other name, so "Agricultural
    # Workers, All Other" is answered even amid other words.
    title_said: float = 1.3
    # ... unless a longer name said contains it and scores at least this ("film editor").
    longer_name: float = 0.9
    # A career two of whose names the message says, with different words, gains this ("csr
    # at a call center": Customer Service Representatives by both "CSR" and "Call Center")...
    two_names: float = 0.1
    # ... when the other name scores at least this.
    two_names_floor: float = 0.6

    # --- word matches ---------------------------------------------------------------------
    # A word matching only by its root ("welding" for "welder") counts this much: higher joins
    # fields and jobs more readily, and unrelated words sharing a root too.
    root_discount: float = 0.85
    # ... and an intent word doing so ("personal training" ~ Personal Trainers).
    intent_root: float = 0.7
    # A name word matched by a filler word ("career manager") counts this much...
    filler_match: float = 0.5
    # ... and by an intent word ("employment manager").
    intent_match: float = 0.7
    # An intent word left unexplained weighs this share of its weight: it is expected to be
    # there ("salary"), yet a name that explains it ("school counselor") should still win.
    intent_leftover: float = 0.3

    # --- word weights ---------------------------------------------------------------------
    # A word's weight is log(1 + careers / careers using it) + this: the floor of a word any
    # career uses.
    weight_floor: float = 0.1
    # A word at least this heavy (in at most ~40 careers' names) keys the names it is in:
    # lower makes more names reachable and every question slower.
    telling_weight: float = 3.1
    # What a word we have never seen weighs (foreign words, names, gibberish).
    unknown_weight: float = 1.5
    # An everyday English word with no career name ("shark", "poem") weighs this: higher
    # rejects more "nurse shark facts", and more chatty real questions.
    english_weight: float = 3.0
    # pyspellchecker's frequency from which a word counts as everyday English...
    english_count: int = 2000
    # ... and as one of the most frequent ("because"), which then weighs only this.
    frequent_count: int = 200_000
    frequent_weight: float = 1.0

    # --- priors between careers -----------------------------------------------------------
    # Tie-breakers added to a name's score: the official title, a name its career's title
    # contains, and per tenfold of employment (the larger occupation is the likelier meaning).
    title_prior: float = 0.06
    in_title_prior: float = 0.05
    employment_prior: float = 0.002
    # Taken from the "..., All Other" groups, which collect many specialties' names.
    residual_penalty: float = 0.1
    # A name another career owns counts this much here.
    ambiguous_factor: float = 0.9
    # A name several careers share counts this much less per place down its list of careers
    # (knowledge/shared-names.yaml, likeliest first): small, so all stay within `close`.
    shared_rank: float = 0.004
    # A college programme's title ("Journalism") counts this much for a career it leads to...
    field_factor: float = 0.4
    # ... plus up to this much for the career whose title shares its words, and a quarter of
    # that for the career employing the most of those the programme leads to.
    field_share: float = 0.2
    field_employment: float = 0.25

    # --- which words are the career's -----------------------------------------------------
    # Names of the chosen career scoring at least this share of its best lend it their words;
    # the rest may carry the intent.
    career_words: float = 0.75
    # A phrase of n words counts 1 + this × (n − 1) towards its intent.
    phrase_bonus: float = 0.5

    # --- spelling -------------------------------------------------------------------------
    # Words shorter than this are never corrected ("PA" never hides inside "pay")...
    typo_min_length: int = 5
    # ... and from this length two edits are allowed, not one.
    two_edits_from: int = 8
    # A word seen fewer times in names is no target for correcting a short word.
    rare: int = 3

    # --- dialogue -------------------------------------------------------------------------
    # At most this much said beyond career and intent (one everyday word) for an answer: more
    # answers chatty questions, and more questions about something else.
    plain: float = 3.5
    # ... and for a name said without a question: a couple of everyday words.
    bare_plain: float = 1.6
    # The score a name needs to be answered without a question about it.
    bare_name: float = 0.92
    # A question that loosely names one career ("forklift certification") is answered about it
    # when the name scores at least this: higher asks back more, lower answers "it director"
    # as Directory Operators.
    loose_floor: float = 0.65
    # A career is not answered when the leftover holds other careers' words, not everyday
    # English, weighing this much ("cps caseworker": not Claims Processing Specialists).
    other_names: float = 7.0
    # A career is not answered when a word left over right before its name weighs this much
    # ("burger flipper", "state farm agent"): it is asked back instead.
    modifier: float = 3.0
    # A name said in part without a question ("laundromat attendant") is offered when it
    # scores this: lower offers more careers for small talk ("ok cool": Coolers).
    bare_offer: float = 0.8
    # A name of one word qualified by a word before it ("home inspector") is asked back when
    # another career goes by that word too, scoring within this of it.
    shared_reach: float = 0.2
    # Careers are offered ("which one?") only when what is left over weighs less than this:
    # lower offers fewer careers for messages about something else ("should I join the army").
    offer_leftover: float = 7.0
    # ... or less than this when an official title is said in full: "h&r block tax preparer
    # pay" asks "Tax Preparers?" rather than nothing.
    offer_title_leftover: float = 14.0
    # Under an answer found through a shared name, other careers within this of it are offered.
    alternative_reach: float = 0.2

    def with_values(self, assignments: list[str]) -> Tuning:
        """This tuning with NAME=VALUE assignments applied; ValueError names a bad one."""
        known = {f.name: f for f in fields(self)}
        changes: dict[str, Any] = {}
        for assignment in assignments:
            name, sep, value = assignment.partition("=")
            field = known.get(name.strip().replace("-", "_"))
            if not sep or field is None:
                raise ValueError(
                    f"{assignment!r}: expected NAME=VALUE with NAME one of {', '.join(known)}"
                )
            try:
                changes[field.name] = int(value) if field.type == "int" else float(value)
            except ValueError:
                raise ValueError(f"{assignment!r}: {value!r} is not a number") from None
        return dataclasses.replace(self, **changes)
