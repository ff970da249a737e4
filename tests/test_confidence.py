"""Never confidently wrong: everyday titles, shared titles, acronyms, messages that name no
career, and messages in other languages."""

from __future__ import annotations

import pytest

from bot.dialogue import Advisor, ChatState, Turn
from bot.knowledge import Knowledge
from bot.replies import render_text


def _ask(advisor: Advisor, *messages: str) -> list[Turn]:
    state = ChatState()
    turns = []
    for message in messages:
        turn = advisor.reply(state, message)
        state = turn.state
        turns.append(turn)
    return turns


def _answered(turn: Turn) -> str | None:
    return turn.reply.career.soc if turn.reply.career else None


@pytest.mark.parametrize(
    ("question", "meant"),
    [
        pytest.param("app developer salary", {"15-1252"}, id="app-developer"),
        pytest.param("UX designer salary", {"15-1255"}, id="ux-designer"),
        pytest.param("data analyst salary", {"15-2051", "15-2041", "15-2031"}, id="data-analyst"),
        pytest.param("network engineer salary", {"15-1241", "15-1244"}, id="network-engineer"),
        pytest.param("IT support salary", {"15-1232", "15-1231"}, id="it-support"),
        pytest.param("how much do baristas make", {"35-3023"}, id="barista"),
        pytest.param("lineman salary", {"49-9051"}, id="lineman"),
        pytest.param("med tech salary", {"29-2010"}, id="med-tech"),
    ],
)
def test_everyday_titles_get_the_career_meant_or_a_short_which_one(
    advisor: Advisor, question: str, meant: set[str]
) -> None:
    [turn] = _ask(advisor, question)
    if turn.reply.career is not None:
        assert turn.reply.career.soc in meant
        assert turn.reply.intent == "salary"
    else:
        assert set(turn.reply.candidates) & meant
        assert len(turn.reply.candidates) <= 5


def test_a_loose_match_says_first_which_career_it_was_taken_for(advisor: Advisor) -> None:
    [turn] = _ask(advisor, "how much do baristas make")
    first = render_text(turn.reply).split("\n")[0]
    assert first == "“Barista” is counted by BLS as Fast Food and Counter Workers."


def test_a_dominant_shared_title_is_answered_and_names_the_others_with_buttons(
    advisor: Advisor,
) -> None:
    [turn] = _ask(advisor, "data analyst salary")
    text = render_text(turn.reply)
    assert _answered(turn) == "15-2051"
    assert text.startswith("“Data Analyst” is a title in several careers; the main one is Data")
    also = next(line for line in text.split("\n") if line.startswith("Also called"))
    assert "Statisticians" in also
    others = [b.label for row in turn.reply.buttons for b in row if b.label.startswith("Or:")]
    assert others and all(label.removeprefix("Or: ") in text for label in others)


def test_a_shared_title_without_a_dominant_career_asks_the_likeliest_first(
    advisor: Advisor, knowledge: Knowledge
) -> None:
    [turn] = _ask(advisor, "mechanic salary")
    assert turn.reply.career is None
    assert turn.reply.candidates == knowledge.shared_names["mechanic"][:5]
    assert turn.reply.candidates[0] == "49-3023"  # Automotive Service Technicians and Mechanics


def test_asking_back_offers_first_the_career_with_a_name_holding_the_other_words(
    advisor: Advisor,
) -> None:
    # "teacher" is shared by every kind of teacher; only Middle School Teachers also go by
    # "Junior High School Teacher".
    [turn] = _ask(advisor, "junior high teacher certification")
    assert turn.reply.career is None
    assert turn.reply.candidates[0] == "25-2022"
    assert {"25-2021", "25-2031"} <= set(turn.reply.candidates)


@pytest.mark.parametrize(
    ("question", "not_meant"),
    [
        pytest.param("app developer salary", "29-1141", id="app-is-no-APP"),
        pytest.param("art teacher salary", "29-2099", id="art-is-no-ART"),
        pytest.param("how much do US marshals make", "29-2032", id="US-is-no-ultrasound"),
    ],
)
def test_an_everyday_word_never_matches_an_acronym(
    advisor: Advisor, question: str, not_meant: str
) -> None:
    [turn] = _ask(advisor, question)
    assert _answered(turn) != not_meant
    assert not_meant not in turn.reply.candidates


@pytest.mark.parametrize(
    ("question", "career"),
    [
        pytest.param("APP salary", "29-1141", id="APP"),  # Advanced Practice Provider
        pytest.param("rn salary", "29-1141", id="rn-on-the-short-forms-list"),
        pytest.param("cna job outlook", "31-1131", id="cna-on-the-short-forms-list"),
        pytest.param("PA salary", "29-1071", id="PA"),
        pytest.param("it support salary", "15-1232", id="it-before-a-job-word"),
        pytest.param("how to become an it director", "11-3021", id="it-director"),
    ],
)
def test_acronyms_match_written_as_acronyms_or_from_the_short_forms_list(
    advisor: Advisor, question: str, career: str
) -> None:
    [turn] = _ask(advisor, question)
    assert _answered(turn) == career


@pytest.mark.parametrize(
    "message",
    [
        "i wanna make video games",
        "thanks this actually helped a lot 🙏",
        "should i join the army",
        "wait what",
        "do you like music?",
        "is it a growing field",
    ],
)
def test_a_message_naming_no_career_gets_no_career_card(advisor: Advisor, message: str) -> None:
    [turn] = _ask(advisor, message)
    assert turn.reply.career is None
    assert "/careers" in render_text(turn.reply)


def test_a_wish_gets_the_finder_not_a_career_card(advisor: Advisor) -> None:
    """ "I like working with my hands" names no career: the nearest real help is the finder."""
    [turn] = _ask(advisor, "I like working with my hands")
    assert turn.reply.career is None and turn.reply.intent == "find"
    assert "How much school" in render_text(turn.reply)


@pytest.mark.parametrize(
    "message",
    [
        "whats an apprenticeship",
        "why are you showing me 2006 numbers?",
        "where do you get your data from",
    ],
)
def test_what_the_bot_cannot_read_after_an_answer_is_no_repeat_of_that_card(
    advisor: Advisor, message: str
) -> None:
    first, second, follow_up = _ask(
        advisor, "how much do electricians make", message, "how long does it take to become one?"
    )
    assert _answered(first) == "47-2111"
    assert second.reply.career is None
    assert "Electricians" not in render_text(second.reply)
    # The conversation's career is kept for a real follow-up.
    assert (_answered(follow_up), follow_up.reply.intent) == ("47-2111", "education")


def test_spanish_gets_a_reply_in_spanish_saying_the_bot_reads_english(advisor: Advisor) -> None:
    [turn] = _ask(advisor, "¿cuánto gana una enfermera?")
    text = render_text(turn.reply)
    assert turn.reply.career is None
    assert "solo entiendo inglés" in text
    assert "How much do nurses make?" in text


@pytest.mark.parametrize(
    "message",
    ["护士的工资是多少", "combien gagne un plombier aux États-Unis", "magkano ang sahod ng guro"],
)
def test_other_languages_get_a_reply_in_english_saying_so(advisor: Advisor, message: str) -> None:
    [turn] = _ask(advisor, message)
    assert turn.reply.career is None
    assert render_text(turn.reply).startswith("Sorry, I only understand English for now.")


def test_english_questions_are_not_taken_for_another_language(advisor: Advisor) -> None:
    for question in ("nurse salary", "cna job outlook", "plumber salary in texas"):
        [turn] = _ask(advisor, question)
        assert "only understand English" not in render_text(turn.reply), question


def test_one_kind_of_a_job_many_careers_share_is_asked_back(advisor: Advisor) -> None:
    # "Inspectors" is a part of one career's title and a name of many: "home inspector" is
    # one kind of them, not said which, so the bot asks, offering the building inspectors.
    [turn] = _ask(advisor, "home inspector license")
    assert turn.reply.career is None and turn.reply.kind == "choose"
    assert "47-4011" in turn.reply.candidates and len(turn.reply.candidates) > 1


def test_the_kind_said_by_its_own_name_is_answered(advisor: Advisor) -> None:
    [turn] = _ask(advisor, "building inspector salary")
    assert _answered(turn) == "47-4011"
    [turn] = _ask(advisor, "phlebotomist salary")
    assert _answered(turn) == "31-9097"


@pytest.mark.parametrize(
    "question", ["swe job market is it bad rn", "ai engineer job market rn", "is it worth it rn"]
)
def test_rn_ending_a_chatty_message_means_right_now(advisor: Advisor, question: str) -> None:
    [turn] = _ask(advisor, question)
    assert _answered(turn) != "29-1141" and "29-1141" not in turn.reply.candidates


@pytest.mark.parametrize(
    "question", ["how to become an rn", "salary rn", "travel nurse vs staff rn"]
)
def test_rn_as_a_noun_is_still_the_nurse(advisor: Advisor, question: str) -> None:
    [turn] = _ask(advisor, question)
    assert "29-1141" in {
        _answered(turn),
        *turn.reply.candidates,
        *(c.soc for c in turn.reply.careers),
    }


def test_another_careers_words_are_no_follow_up_on_the_current_one(advisor: Advisor) -> None:
    # "make" asks about pay, but "video games" is not about electricians: no electrician card.
    first, then = _ask(advisor, "electrician salary", "i wanna make video games")
    assert _answered(first) == "47-2111"
    assert _answered(then) != "47-2111"


@pytest.mark.parametrize(
    ("question", "job"),
    [
        ("dental assistant for an orthodontist salary", "31-9091"),
        ("paralegal working for a lawyer how much do they make", "23-2011"),
        ("how much do medical assistants at a dermatologist office make", "31-9092"),
        # A word said twice belongs to the job where it comes first.
        ("ea to the ceo salary", "43-6011"),
        # A name said around "at" ("cook … restaurant") is not the job when the job's own
        # words say more ("head cook") and the other career's names lack them.
        ("head cook at a restaurant pay", "35-1011"),
    ],
)
def test_the_job_is_named_before_whom_it_works_for(
    advisor: Advisor, question: str, job: str
) -> None:
    [turn] = _ask(advisor, question)
    assert _answered(turn) == job


@pytest.mark.parametrize(
    ("question", "job"),
    [
        ("cook at a restaurant pay", "35-2014"),
        ("team lead at chick fil a pay", "35-1012"),  # not "Managers, All Other"
    ],
)
def test_the_workplace_says_which_kind_of_a_plain_job(
    advisor: Advisor, question: str, job: str
) -> None:
    [turn] = _ask(advisor, question)
    assert _answered(turn) == job


def test_a_career_named_only_as_the_workplace_is_not_answered(advisor: Advisor) -> None:
    # "at an orthodontist office" says where: the job before it is not the orthodontist's.
    [turn] = _ask(advisor, "ortho assistant at an orthodontist office pay")
    assert _answered(turn) != "29-1023"
    [turn] = _ask(advisor, "nurse at a hospital salary")
    assert _answered(turn) == "29-1141"


def test_someone_working_for_a_career_is_not_that_career(advisor: Advisor) -> None:
    [turn] = _ask(advisor, "loan officer assistant pay")
    assert _answered(turn) != "13-2072"  # not the loan officer's own pay, said as such
    [turn] = _ask(advisor, "dental assistant salary")
    assert _answered(turn) == "31-9091"


def test_words_of_a_filler_phrase_name_careers_when_said_alone(advisor: Advisor) -> None:
    # "line" is filler only inside "line of work": a sort line worker moves packages.
    [turn] = _ask(advisor, "sort line worker salary")
    assert _answered(turn) == "53-7062"


def test_words_said_apart_and_as_one_are_one_thing_said(advisor: Advisor) -> None:
    # "line worker" also spells "lineworker" (power lines): the name holding every word
    # said ("production line worker") is offered first, not the lineworker.
    [turn] = _ask(advisor, "production line worker pay")
    assert _answered(turn) is None
    assert turn.reply.candidates[0] == "51-2090"


def test_a_brand_before_a_one_word_name_asks_which_kind(advisor: Advisor) -> None:
    # "Instructor" alone is filed under nursing instructors; a Peloton instructor is not one.
    [turn] = _ask(advisor, "peloton instructor salary")
    assert _answered(turn) is None
    assert len(turn.reply.candidates) > 1


def test_two_names_of_one_career_said_together_find_it(advisor: Advisor) -> None:
    # "CSR" alone also stands for a court reporter's title; with "call center" it is the
    # customer service representative, whose names hold both.
    [turn] = _ask(advisor, "csr at a call center how much do they make")
    assert _answered(turn) == "43-4051"


def test_a_telehealth_nurse_is_a_nurse(advisor: Advisor) -> None:
    # O*NET files "Telehealth Nurse" only under the informatics specialists.
    [turn] = _ask(advisor, "telehealth nurse jobs where i can work from home")
    assert _answered(turn) == "29-1141"


@pytest.mark.parametrize(
    ("question", "level"),
    [
        ("high school chemistry teacher jobs who is hiring", "25-2031"),
        ("high school art teacher salary", "25-2031"),
        ("how to become a middle school band director", "25-2022"),
        ("elementary music teacher salary", "25-2021"),
    ],
)
def test_a_subject_teacher_at_a_school_level_is_that_levels_teacher(
    advisor: Advisor, question: str, level: str
) -> None:
    # Not the college teachers of the subject ("Chemistry Teachers, Postsecondary").
    [turn] = _ask(advisor, question)
    assert _answered(turn) == level


def test_securities_are_no_security_work(advisor: Advisor) -> None:
    # "securities" is no plural of guards' or IT's "security".
    [turn] = _ask(advisor, "securities analyst salary")
    assert _answered(turn) == "13-2051"
    [turn] = _ask(advisor, "securities sales agent pay")
    assert _answered(turn) == "41-3031"
    [turn] = _ask(advisor, "security analyst salary")
    assert _answered(turn) == "15-1212"
