"""Small talk as a person would expect: greetings, thanks, goodbye, "who are you"."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dialogue import Advisor, ChatState
from bot.knowledge import KnowledgeError, load_knowledge
from bot.replies import render_text


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("hi", "Hi!"),
        ("Hello!", "Hi!"),
        ("thanks!", "welcome"),
        ("thanks this actually helped a lot 🙏", "welcome"),
        ("bye", "Bye"),
        ("who are you?", "careerbot"),
        ("are you a bot", "a bot"),
        ("what can you do", "Ask about any US career"),
        ("help", "Ask about any US career"),
        ("heyyy 👋", "Hi!"),
        ("ok thank u so much", "welcome"),
        ("r u a bot", "a bot"),
        ("take care", "Bye"),
    ],
)
def test_small_talk_gets_a_friendly_reply(advisor: Advisor, message: str, said: str) -> None:
    turn = advisor.reply(ChatState(), message)
    text = render_text(turn.reply)
    assert turn.reply.intent == "chat" and turn.reply.career is None
    assert said in text
    assert "couldn't tell" not in text
    assert turn.reply.buttons  # something to tap


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("hellooooo", "Hi!"),  # letters said long
        ("thankyouuu", "welcome"),  # run together
        ("tahnks a lot", "welcome"),  # a typo
        ("heyy, hows ur week going", "doing well"),  # the kind that explains most words
        ("ok thanks so much bro, ttyl", "welcome"),  # words of two kinds
        ("is this thing a human or a robot", "a bot"),
        ("what else are you able to do", "Ask about any US career"),
        ("🙏", "welcome"),
        ("i gotta run now, take care", "Bye"),
    ],
)
def test_small_talk_is_read_by_its_words(advisor: Advisor, message: str, said: str) -> None:
    turn = advisor.reply(ChatState(), message)
    assert turn.reply.intent == "chat"
    assert said in render_text(turn.reply)


@pytest.mark.parametrize(
    "message",
    [
        "hello, translate this into german",  # a word no small talk says
        "thanks for nothing",
        "who is the mayor",
        "how is the stock market today",
        "I want to help people",  # a wish for the career finder
        "show me a movie",  # "show" is a word, no typo of "how"
    ],
)
def test_a_message_saying_more_than_small_talk_is_none(advisor: Advisor, message: str) -> None:
    assert advisor.reply(ChatState(), message).reply.intent != "chat"


@pytest.mark.parametrize(
    "message",
    ["hi what do nurses make", "thanks, and what about welders?", "yo how much do plumbers earn"],
)
def test_small_talk_before_a_question_still_answers_it(advisor: Advisor, message: str) -> None:
    state = ChatState("registered-nurses", "salary")
    turn = advisor.reply(state, message)
    assert turn.reply.intent == "salary" and turn.reply.career is not None


def test_small_talk_keeps_the_conversation(advisor: Advisor) -> None:
    state = ChatState("electricians", "salary")
    assert advisor.reply(state, "thanks!").state == state


def test_a_bad_small_talk_file_names_the_file_and_field(knowledge_copy: Path) -> None:
    (knowledge_copy / "small-talk.yaml").write_text("thanks:\n  phrases: []\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    assert "small-talk.yaml" in str(caught.value) and "phrases" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("spellings:\n  thx: ''\nthanks:\n  phrases: [thanks]\n  reply: [Hi]\n", "spellings.thx"),
        ("thanks:\n  phrases: [thanks]\n  words: [so much]\n  reply: [Hi]\n", "words[0]"),
        ("filler: [OK]\nthanks:\n  phrases: [thanks]\n  reply: [Hi]\n", "filler[0]"),
    ],
)
def test_a_bad_small_talk_word_names_the_field(knowledge_copy: Path, text: str, field: str) -> None:
    (knowledge_copy / "small-talk.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    assert "small-talk.yaml" in str(caught.value) and field in str(caught.value)


@pytest.mark.parametrize(
    "message",
    [
        "where do you get your data?",
        "why are you showing me 2006 numbers?",
        "is your data up to date",
    ],
)
def test_questions_about_the_data_say_where_it_comes_from(advisor: Advisor, message: str) -> None:
    state = advisor.reply(ChatState(), "lpn salary").state  # after a career answer
    turn = advisor.reply(state, message)
    assert turn.reply.career is None and not turn.reply.candidates
    assert "Bureau of Labor Statistics" in render_text(turn.reply)


def test_a_career_near_a_small_talk_word_is_no_small_talk(advisor: Advisor) -> None:
    state = advisor.reply(ChatState(), "what do electricians need to study").state
    turn = advisor.reply(state, "what about plumbers?")  # "plumbers" is two letters from "numbers"
    assert turn.reply.career is not None and turn.reply.career.soc == "47-2152"
