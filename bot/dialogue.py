"""One turn of a conversation: chat state + what the user did -> reply + new state. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot import answers, chart_answers, compare_answers, local_answers, small_talk, uncounted
from bot.finder import Finder
from bot.finder_turns import FinderTurns
from bot.knowledge import INTENTS, Career, Knowledge
from bot.local import LocalFigures
from bot.replies import Button, Line, Reply, bold, italic, line, line_text, link, plain
from bot.understanding import Candidate, Interpretation, Understanding, comparing
from bot.understanding.places import PlaceReading
from bot.wording import short_title
from bot.words import normalise

# The bot's commands, as registered with Telegram's setMyCommands.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Start over and see what I can do"),
    ("careers", "Browse careers by field"),
    ("help", "How to ask, with examples"),
    ("find", "Find careers: by field, schooling, pay, growth"),
    ("place", "Set where you live: /place Ohio; /place alone clears it"),
    ("about", "Sources, data years and licences"),
)

EXAMPLES = (
    "What does a production manager earn?",
    "How do I become a plant manager?",
    "Is welding a growing field?",
    "Colleges for nursing",
)
CAREERS_PER_PAGE = 8
_INTERJECTIONS = frozenset(("wait", "ok", "okay", "so", "hmm", "um", "uh", "hey", "but"))
_PLAIN_START_PAYLOADS = ("inline", "help")  # deep links that only open the chat
# Words that make a message a follow-up: "what about electricians?" keeps the last intent.
_LOCAL_TOPICS = frozenset(("salary", "employment", "colleges"))  # answered for the chat's place
_STRONG_CUES = re.compile(r"\b(?:vs\.?|versus|compare[ds]?|comparing)\b", re.IGNORECASE)
_CHOICE = re.compile(r"^(?!.*\band\b).*\bor\b", re.IGNORECASE)  # "X or Y", no "and"
_LIST_WORDS = re.compile(r"\b(?:and|or)\b|,", re.IGNORECASE)  # in titles listing occupations
_BACK = re.compile(r"(?:\d{2}\.\d{1,3})?")  # the browsing page a card goes back to: "29.1"
# Words of a message that sets the place rather than asks about it: "I live in Ohio".
_SETTING_WORDS = frozenset(
    ("live", "living", "moved", "move", "moving", "from", "based", "located")
)
_JOB_WORDS = frozenset(("job", "career", "work", "position", "role", "gig"))
_FOLLOW_UP_STARTS = (("what", "about"), ("how", "about"), ("and",), ("what", "of"), ("same", "for"))


@dataclass(frozen=True)
class ChatState:
    """What one chat remembers between turns."""

    career: str | None = None  # id of the last career talked about
    intent: str | None = None  # the last intent asked (kept while we wait for a career name)
    pending: tuple[str, ...] = ()  # career ids offered in a "which one?" question
    place: str | None = None  # the OEWS area code of the chat's place; None: nationwide
    places: tuple[str, ...] = ()  # area codes offered in a "which place?" question
    comparing: tuple[str, ...] = ()  # career ids of a comparison waiting for another side
    recent: tuple[str, ...] = ()  # the careers last talked about, latest last (at most 2)
    compared: tuple[str, ...] = ()  # career ids of the last comparison answered

    def to_dict(self) -> dict[str, Any]:
        return {
            "career": self.career,
            "intent": self.intent,
            "pending": list(self.pending),
            "place": self.place,
            "places": list(self.places),
            "comparing": list(self.comparing),
            "recent": list(self.recent),
            "compared": list(self.compared),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatState:
        career, intent, place = data.get("career"), data.get("intent"), data.get("place")
        pending = data.get("pending") or ()
        places = data.get("places") or ()
        comparing, recent = data.get("comparing") or (), data.get("recent") or ()
        compared = data.get("compared") or ()
        return cls(
            career if isinstance(career, str) else None,
            intent if intent in INTENTS else None,
            tuple(p for p in pending if isinstance(p, str)),
            place if _area_code(place) else None,
            tuple(p for p in places if _area_code(p)),
            tuple(c for c in comparing if isinstance(c, str)),
            tuple(c for c in recent if isinstance(c, str))[-2:],
            tuple(c for c in compared if isinstance(c, str)),
        )


@dataclass(frozen=True)
class Turn:
    reply: Reply
    state: ChatState
    edit: bool = False  # replace the message whose button was pressed (paging), not send anew


class Advisor:
    """Answers career questions from one knowledge base."""

    def __init__(
        self,
        knowledge: Knowledge,
        understanding: Understanding | None = None,
        local: LocalFigures | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.local = local  # figures by state and metro area; None: national only
        self.understanding = understanding or Understanding(knowledge)
        self.tuning = self.understanding.tuning
        self.finder = Finder(knowledge, local)
        self.finding = FinderTurns(knowledge, self.understanding, self.finder)
        self._filed_under: dict[str, tuple[Career, ...]] = {}  # uncounted entry -> careers
        self._joined = comparing.JoinedNames(
            name for c in knowledge.careers for name in (c.title, *c.aliases)
        )

    # --- free text ------------------------------------------------------------------------

    def reply(self, state: ChatState, text: str) -> Turn:
        """Answer a free-text message."""
        if not text or not text.strip():
            return Turn(self._fallback(empty=True), state)
        current = self.knowledge.career(state.career) if state.career else None
        reading = self.understanding.interpret(text, current=current.soc if current else None)
        if reading.language is None:
            # A comparison first ("what pays better, truck driving or nursing"), then the
            # finder ("help me choose a career" is no small talk), then small talk.
            turn = self._compare(state, text, reading) or self._find(state, text, reading)
            if turn is not None:
                return turn
        talk = small_talk.reply(self.knowledge.small_talk, text, reading, EXAMPLES[:3])
        if talk is not None:
            return Turn(talk, state)
        if reading.language is None and (plainly := self._uncounted(text, reading)) is not None:
            return Turn(plainly, state)
        return self.decide(state, reading, asked=text.rstrip().endswith("?"))

    def _uncounted(self, text: str, reading: Interpretation) -> Reply | None:
        """ "how much do influencers make": BLS counts no such occupation, said plainly; not
        when a career is named in full by other words ("marketing manager for influencers")."""
        found = uncounted.named(self.knowledge.uncounted, text)
        if found is None:
            return None
        entry, said = found
        best = reading.candidates[0] if reading.candidates else None
        others = set(uncounted.words_of(text)) - said
        if best is not None and best.full and best.explains <= others:
            return None
        careers = self._filed_under.get(entry.key)
        if careers is None:  # read once per entry: it scans every career's aliases
            employed = self.understanding.index.employment
            careers = uncounted.filed_under(self.knowledge.careers, entry, employed)
            self._filed_under[entry.key] = careers
        return uncounted.reply(entry, careers, reading.intent)

    # --- the finder ---------------------------------------------------------------------------

    def _find(self, state: ChatState, text: str, reading: Interpretation) -> Turn | None:
        """A request for a list of careers ("jobs over $80k without a degree", "jobs like
        electrician", "what can I do with a biology degree"), or the guided finder's start;
        None for anything else."""
        said = reading.place
        if len(said.areas) > 1:
            return None  # "Portland": asked back by the place reader
        place = said.areas[0] if said.areas else (None if said.nationwide else state.place)
        if said.words and (said.areas or said.nationwide):  # "jobs in America": no subject
            text = " ".join(w for w in text.split() if not set(normalise(w)) & said.words)
        reply = self.finding.reply(text, reading, place)
        if reply is None:
            return None
        return Turn(reply, replace(state, place=place) if said.areas or said.nationwide else state)

    def find(self, state: ChatState, text: str = "") -> Turn:
        """/find: the guided finder; /find with words: those words read as a finder request."""
        if text.strip():
            reading = self.understanding.interpret(text)
            turn = self._find(state, text, reading)
            if turn is not None:
                return turn
        return Turn(self.finding.start(state.place), state)

    # --- comparisons ------------------------------------------------------------------------

    def _compare(self, state: ChatState, text: str, reading: Interpretation) -> Turn | None:
        """A comparison of two to six careers, or None when the message is no comparison."""
        found = comparing.sides(text, self._joined)
        follow = self._comparison_follow_up(state, found, reading)
        if follow is not None:
            return follow
        said = reading.place
        if len(said.areas) == 1 or said.nationwide:  # "… which pays more in Florida"
            state = replace(state, place=said.areas[0] if said.areas else None)
        if found is None or (not found.cued and len(found.texts) < 2):
            return None  # one part and no word of comparing: an ordinary question
        whole = reading.candidates[0] if reading.candidates else None
        strong = bool(_STRONG_CUES.search(text))
        if (
            whole is not None
            and whole.full
            and _LIST_WORDS.search(whole.name)
            and not strong
            and not any(whole.explains <= set(self.understanding.words(p)) for p in found.texts)
        ):
            return None  # "heating and cooling tech": one career's name, not two sides
        known, unsure, named = self._sides(found.texts, plain=not found.cued)
        # A part naming nothing we know is a side only said as one, against careers named in
        # full ("nurse vs wizard"), not "better money than college grads", "entry level vs
        # senior" or "welding stick vs tig".
        unsure = [
            u for u in unsure
            if u[1] or (strong and len(u[0].split()) <= 2 and known
                        and all(self._names_only(p) for p in found.texts if p != u[0]))
        ]  # fmt: skip
        if found.cued and state.career and len(known) + len(unsure) == 1:
            known = [state.career, *known]  # "compare with welders", "vs plumbers"
        elif found.cued and not known and not unsure and len(state.recent) == 2:
            known = list(state.recent)  # "which pays more?" after two careers
        elif not found.cued and not self._all_careers(
            found.texts, known, unsure, reading, _CHOICE.search(text) is not None
        ):
            return None  # "X and Y" is a comparison only when every part is a career
        if found.cued and len(found.texts) == 1 and not unsure and len(known) <= 1:
            known, unsure = self._listed(found.texts[0], known)  # "cna lpn rn difference"
        # "nurse vs RN": one career named twice, each side by a name of its own; not "welding
        # stick vs tig" nor "entry level vs senior", sides of one career's question.
        twice = (
            len(known) >= 2
            and _STRONG_CUES.search(text) is not None
            and all(self._names_only(part) for part in found.texts)
        )
        known = list(dict.fromkeys(known))
        if len(known) + len(unsure) < 2 and not twice:
            return None  # "where do hosts and hostesses work": one career, named twice
        if unsure:
            return self._ask_side(state, known, unsure[0], reading.intent)
        return self._compared(state, known, reading.intent, named)

    def _comparison_follow_up(
        self, state: ChatState, found: comparing.Sides | None, reading: Interpretation
    ) -> Turn | None:
        """The side asked back, now named ("elementary school teachers"), unless the message
        is a new comparison ("electrician vs astronaut"); "and in Texas?" after a comparison:
        the same careers, there."""
        whole = reading.candidates[0] if reading.candidates else None
        named = reading.confident and len(reading.close) == 1 and reading.intent is None
        if found is not None and found.cued and len(found.texts) >= 2:
            named = False
        if state.comparing and whole is not None and named:
            ids, by = [*state.comparing, whole.career_id], {whole.career_id: whole}
            return self._compared(state, ids, state.intent, by)
        said = reading.place
        if state.compared and not reading.candidates and (said.areas or said.nationwide):
            place = said.areas[0] if said.areas else None
            return self._compared(replace(state, place=place), list(state.compared), state.intent)
        return None

    def _names_only(self, part: str) -> bool:
        """The part is a career's name in full and nothing else."""
        read = self.understanding.interpret(part)
        best = read.candidates[0] if read.candidates else None
        return best is not None and best.full and not read.leftover

    @staticmethod
    def _all_careers(
        texts: tuple[str, ...],
        known: list[str],
        unsure: list[tuple[str, tuple[str, ...]]],
        reading: Interpretation,
        choice: bool,
    ) -> bool:
        """Every part names a career, or is a bare name several careers share ("teacher or
        engineer?"), not a question of its own ("otr or local") nor the words of one career
        read whole ("medical billing and coding")."""
        shared = sum(1 for part, options in unsure if options and len(part.split()) <= 2)
        # A part needing asking back beside a career the whole message names clearly is one
        # career's words read whole ("medical billing and coding"); with "or" between short
        # names it is a choice ("psychologist or psychiatrist?").
        short_choice = choice and all(len(t.split()) <= 3 for t in texts)
        if unsure and reading.confident and not short_choice:
            return False
        return len(texts) >= 2 and len(known) + shared == len(texts)

    def _listed(
        self, text: str, known: list[str]
    ) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
        """Careers listed word by word with no separator ("cna lpn rn"), when every word
        is one."""
        words = text.split()
        found, _, _ = self._sides(tuple(words))
        if len(found) >= 2 and len(found) == len(words):
            return found, []
        return known, []

    def _sides(
        self, texts: tuple[str, ...], *, plain: bool = False
    ) -> tuple[list[str], list[tuple[str, tuple[str, ...]]], dict[str, Candidate]]:
        """Career ids of the parts naming one career; the parts that need asking back (the
        part, and the careers it may mean; none when it names no career we know); and the
        name each career was found by. With `plain` ("X or Y", no word of comparing), a part
        saying more than a career counts as no side ("hospitals or dentist offices")."""
        known: list[str] = []
        unsure: list[tuple[str, tuple[str, ...]]] = []
        named: dict[str, Candidate] = {}
        for part in texts:
            read = self.understanding.interpret(part)
            if plain and (read.leftover or not self._plain(read)):
                unsure.append((part, ()))  # "dentist offices": more than a career's name
                continue
            best = read.candidates[0] if read.candidates else None
            if (
                best is not None
                and read.confident
                and (best.full or best.score >= self.tuning.bare_name)
            ):
                known.append(best.career_id)
                named.setdefault(best.career_id, best)
            elif read.close and self._offerable(read):
                options = tuple(c.career_id for c in read.close)
                if set(options) <= set(known) or (len(options) == 1 and not plain):
                    known.append(options[0])  # the same one; or the one career "vs X" may mean
                else:
                    unsure.append((part, options))
            elif read.leftover and not read.intent:
                unsure.append((part, ()))
        return known, unsure, named

    def _compared(
        self,
        state: ChatState,
        ids: list[str],
        intent: str | None,
        named: Mapping[str, Candidate] | None = None,
    ) -> Turn:
        """The careers side by side; `named`: the name a career was found by, said when it is
        not the career's title ("barista": BLS counts baristas as fast food workers)."""
        careers = [c for i in ids if (c := self.knowledge.career(i)) is not None]
        note: list[Line] = []
        if len(careers) > comparing.MAX_SIDES:
            note = [line(italic(f"I compare up to {comparing.MAX_SIDES} careers at once: "
                                "here are the first ones."))]  # fmt: skip
            careers = careers[: comparing.MAX_SIDES]
        if len(careers) == 1:
            one = answers.answer(careers[0], "overview", self.knowledge)
            said = line(italic("That's the same career twice, so here it is on its own."))
            reply = replace(one, lines=(said, *one.lines), intent="compare", career=None,
                            careers=(careers[0],))  # fmt: skip
            return Turn(reply, _moved(state, careers[0].id, "overview"))
        area = self.local.areas.get(state.place) if state.place and self.local else None
        reply = compare_answers.compare(careers, self.knowledge, intent, self.local, area)
        for career in careers:
            best = (named or {}).get(career.id)
            understood = self._understood(best, career, shared=False) if best else None
            if understood is not None:
                note.append(understood)
        if note:
            intro = tuple(line_text(said) for said in note)
            reply = replace(reply, lines=(*note, *reply.lines), intro=(*intro, *reply.intro))
        after = _moved(state, careers[-1].id, intent or "salary")
        shown = tuple(c.id for c in careers)
        return Turn(reply, replace(after, recent=shown[-2:], compared=shown))

    def _ask_side(
        self,
        state: ChatState,
        known: list[str],
        side: tuple[str, tuple[str, ...]],
        intent: str | None,
    ) -> Turn:
        """Ask which career one side of a comparison means, keeping the others."""
        text, options = side
        # The side as named, without words of the question ("teachers", not "teachers salary").
        soft = self.understanding.index.soft
        text = " ".join(w for w in text.split() if not set(self.understanding.words(w)) <= soft)
        text = text or side[0]
        careers = [c for i in options[:5] if (c := self.knowledge.career(i)) is not None]
        sides = tuple(c for i in known if (c := self.knowledge.career(i)) is not None)
        with_ = " and ".join(c.title for c in sides)
        if careers:
            lines = [line(f"Which career do you mean by “{text}”?"),
                     *(line(f"• {c.title}") for c in careers)]  # fmt: skip
        else:
            lines = [line(f"I don't know a career called “{text}”."),
                     line("Type another career's name to compare.")]  # fmt: skip
        if with_:
            lines.append(line(italic(f"Then I'll compare it with {with_}.")))
        buttons = tuple((Button(short_title(c.title), data=f"c|{c.soc}"),) for c in careers)
        reply = Reply(
            tuple(lines),
            buttons,
            kind="choose",
            intent="compare",
            candidates=tuple(c.soc for c in careers),
            careers=sides,
        )
        waiting = ChatState(state.career, intent, tuple(c.id for c in careers), state.place,
                            (), tuple(known), state.recent)  # fmt: skip
        return Turn(reply, waiting)

    def _complete_comparison(self, state: ChatState, soc: str) -> Turn:
        career = self.knowledge.career(soc)
        if career is None or not state.comparing:
            return Turn(self._stale(), state)
        return self._compared(state, [*state.comparing, career.id], state.intent)

    def decide(self, state: ChatState, reading: Interpretation, *, asked: bool = False) -> Turn:
        """Turn an interpretation into a reply, using and updating the chat's context."""
        # Another language: the odd word we know in it ("nurse", "plombier") is no question.
        if reading.language is not None:
            return Turn(self._other_language(reading.language), state)
        said = self._narrowed(state, reading.place)
        reading = replace(reading, place=said)
        if len(said.areas) > 1:  # "Portland": which one?
            return self._ask_place(state, reading, said.areas)
        state = replace(state, places=())
        # A place said becomes the chat's place, as a career named becomes its career.
        if said.areas or said.nationwide:
            state = replace(state, place=said.areas[0] if said.areas else None)
        if said.unknown is None:
            return self._decide(state, reading, asked=asked)
        # "nurse salary in Narnia": the national answer, saying why; the chat's place is kept.
        turn = self._decide(replace(state, place=None), reading, asked=asked)
        note = line(italic(f"I know US states and metro areas only, not “{said.unknown}”: "
                           "these are the national figures."))  # fmt: skip
        return Turn(
            replace(turn.reply, lines=(note, *turn.reply.lines)),
            replace(turn.state, place=state.place),
            turn.edit,
        )

    def _decide(self, state: ChatState, reading: Interpretation, *, asked: bool) -> Turn:
        intent = reading.intent
        follow_up = reading.words[:2] in _FOLLOW_UP_STARTS or reading.words[:1] == ("and",)
        # "electricians?" after a question about pay: a bare name asked back keeps the topic.
        bare = asked and intent is None and not reading.leftover and state.intent is not None
        follow_up = follow_up or bare

        best = reading.candidates[0] if reading.candidates else None
        current = self.knowledge.career(state.career) if state.career else None
        # "what's an apprenticeship?", "where do you get your data?": no follow-up.
        elsewhere = current is not None and _about_something_else(reading.words)
        about_current = (
            intent is not None
            and current is not None
            and self._plain(reading, current=True)
            and not elsewhere
        )
        if best is not None and self._sure(state, reading, follow_up):
            career = self.knowledge.career(best.career_id)
            assert career is not None
            if intent is None:
                # "what about electricians?" keeps the intent; a bare name means overview,
                # unless we had just asked "which career?" for an intent.
                waiting = state.career is None and state.intent is not None
                intent = state.intent if (follow_up or waiting) and state.intent else "overview"
            reply = self._answer(career, intent, state.place, reading.words)
            reply = self._with_alternatives(reply, reading, intent)
            return Turn(reply, _moved(state, career.id, intent))

        offered = reading.close
        if len(offered) == 1:  # "home inspector": the inspectors, not only the best one
            offered = self._one_of_namesakes(reading) or offered
        offered = offered if self._offerable(reading) else ()
        if offered and not about_current:
            return self._ask_which(state, offered, intent)
        if about_current and current is not None and intent is not None:
            # A follow-up about the career we were talking about: "how much do they make?"
            reply = self._answer(current, intent, state.place, reading.words)
            return Turn(reply, _moved(state, current.id, intent))
        if reading.place.areas or reading.place.nationwide:
            return self._place_said(state, reading, current, follow_up)
        if intent and self._plain(reading) and not elsewhere:
            # An intent without a career: ask for one and remember the intent.
            return Turn(self._need_career(intent), _moved(state, None, intent))
        return Turn(self._fallback(intent=intent), state)

    # --- places ---------------------------------------------------------------------------

    def _answer(
        self,
        career: Career,
        intent: str,
        place: str | None,
        words: tuple[str, ...] = (),
        *,
        view: str = answers.CARD,
        back: str = "",
    ) -> Reply:
        """A career's topic, for the chat's place when it has one."""
        area = self.local.areas.get(place) if place and self.local else None
        if self.local is None or (area is None and intent != "places"):
            return answers.answer(career, intent, self.knowledge, view=view, back=back)
        return local_answers.answer_in(
            career, intent, self.knowledge, self.local, area, words=words, view=view, back=back
        )

    def _place_said(
        self,
        state: ChatState,
        reading: Interpretation,
        current: Career | None,
        follow_up: bool,
    ) -> Turn:
        """A message naming a place and no career: "and in Austin?" answers the conversation's
        career there; "I live in Ohio" sets the place and says so."""
        setting = bool(_SETTING_WORDS & set(reading.words))
        again = follow_up or not reading.leftover
        if current is not None and state.intent is not None and again and not setting:
            reply = self._answer(current, state.intent, state.place, reading.words)
            return Turn(reply, _moved(state, current.id, state.intent))
        return Turn(self._place_set(state.place), state)

    def _narrowed(self, state: ChatState, said: PlaceReading) -> PlaceReading:
        """A state named after "which place?" picks the place offered in it: "Portland?"
        "maine"; several places said together keep those in a state said too."""
        if self.local is None or len(said.areas) != 1 or not state.places:
            return said
        area = self.local.areas.get(said.areas[0])
        if area is None or area.type != "state":
            return said
        inside = [
            c for c in state.places if (a := self.local.areas.get(c)) and area.states[0] in a.states
        ]
        return replace(said, areas=tuple(inside[:1])) if inside else said

    def _place_set(self, place: str | None) -> Reply:
        area = self.local.areas.get(place) if place and self.local else None
        if area is None:
            text = "Got it: national figures from now on. Tell me where you live to see pay there."
            return Reply((line(text),), kind="info")
        return Reply(
            (
                line("📍 Got it: ", bold(area.name), "."),
                line(
                    f"Pay and jobs answers will show {area.name} first, with the nation's "
                    "beside them. Say “nationwide” to go back."
                ),
                line("Ask about a career, e.g. “what do electricians make?”"),
            ),
            kind="info",
            location=local_answers.Place(area, area, None).location,
        )

    def _ask_place(self, state: ChatState, reading: Interpretation, areas: tuple[str, ...]) -> Turn:
        """A name several places share ("Portland"): ask which, keeping the question."""
        known = [a for code in areas if self.local and (a := self.local.areas.get(code))]
        best = reading.candidates[0] if reading.candidates else None
        career_id = best.career_id if best is not None and reading.confident else state.career
        career = self.knowledge.career(career_id) if career_id else None
        intent = reading.intent or state.intent or ("overview" if career else None)
        buttons = tuple((Button(a.name, data=f"p|{a.code}"),) for a in known[:8])
        about = f" for {career.title}" if career is not None else ""
        reply = Reply(
            (
                line(f"Which place do you mean{about}?"),
                *(line(f"• {a.name}") for a in known[:8]),
                line("Or type the state, e.g. “Maine”."),
            ),
            buttons,
            kind="choose",
            career=career,  # the question's career: only its place is asked
            intent=intent,
            place_options=tuple(a.code for a in known),
        )
        offered = tuple(a.code for a in known)
        return Turn(reply, ChatState(career_id, intent, (), state.place, offered))

    def place(self, state: ChatState, text: str) -> Turn:
        """/place [name]: set the chat's place, or clear it with nothing."""
        if not text.strip():
            return Turn(self._place_set(None), replace(state, place=None))
        said = self.understanding.interpret(text).place
        if len(said.areas) > 1:
            return self._ask_place(state, self.understanding.interpret(text), said.areas)
        if said.areas:
            return Turn(self._place_set(said.areas[0]), replace(state, place=said.areas[0]))
        if said.nationwide:
            return Turn(self._place_set(None), replace(state, place=None))
        return Turn(self._unknown_place(), state)

    def _unknown_place(self) -> Reply:
        return Reply(
            (
                line("I couldn't find that place. I know US states and metro areas."),
                line("Try “/place Ohio”, “/place Austin” or “/place Portland, Maine”."),
            ),
            kind="fallback",
        )

    def _pick_place(self, state: ChatState, code: str) -> Turn:
        """A place picked from "which place?": answer the question waiting, else set it."""
        if self.local is None or code not in self.local.areas:
            return Turn(self._stale(), state)
        state = replace(state, place=code)
        career = self.knowledge.career(state.career) if state.career else None
        if career is not None and state.intent is not None:
            return Turn(
                self._answer(career, state.intent, code), _moved(state, career.id, state.intent)
            )
        return Turn(self._place_set(code), state)

    def _change_place(self) -> Reply:
        return Reply(
            (
                line("Where do you live? Type a state or a city, e.g. “Ohio” or “Austin”."),
                line("Say “nationwide” for the nation's figures."),
            ),
            kind="info",
        )

    def _sure(self, state: ChatState, reading: Interpretation, follow_up: bool) -> bool:
        """The best career found is the one the message is about: answer it."""
        best, intent = reading.candidates[0], reading.intent
        if reading.unexplained_names >= self.tuning.other_names:
            return False  # "cps caseworker": the message names a career we did not find
        if reading.modifier_weight >= self.tuning.modifier:
            return False  # "burger flipper": a kind of job the name found does not say
        if reading.role_after:
            return False  # "loan officer assistant": someone working for loan officers
        if reading.workplace_only and not follow_up:
            return False  # "ortho assistant at an orthodontist office": asked, not answered
        if self._one_of_namesakes(reading):
            return False  # "home inspector": one kind of the many inspectors, not said which
        if reading.confident:
            # Without a question (or with only "what is"), only a name said in full and
            # little else is answered; a name amid other words ("nurse shark facts", "my
            # landlord won't fix the heater") or a near-name ("garbage") is checked back.
            named = follow_up or best.full or best.score >= self.tuning.bare_name
            if intent is None:
                return named and self._plain(reading, limit=self.tuning.bare_plain)
            if intent == "overview":
                return named and self._plain(reading)
            return True
        # "forklift certification", "what about sheet metal workers?": a question that
        # loosely names one career, and only one, is about that career; in a conversation
        # only when the user switches explicitly.
        loose = follow_up or (intent is not None and state.career is None)
        return (
            loose
            and len(reading.close) == 1
            and best.score >= self.tuning.loose_floor
            and self._plain(reading)
        )

    def _one_of_namesakes(self, reading: Interpretation) -> tuple[Candidate, ...]:
        """A word before the name qualifies it ("home inspector"), and the best career was
        found by that one-word name, which others go by too: those careers, to offer."""
        if reading.modifier_weight <= 0 or not reading.candidates:
            return ()
        best, words = reading.candidates[0], self.understanding.words
        said = words(best.name)
        if len(said) != 1:
            return ()
        reach = best.score - self.tuning.shared_reach
        namesakes = tuple(
            c for c in reading.candidates[1:] if words(c.name) == said and c.score >= reach
        )
        return (best, *namesakes) if namesakes else ()

    def _offerable(self, reading: Interpretation) -> bool:
        """The careers found are worth offering: the message is about them, not about
        something else that shares a word with them ("wait what": Waiters)."""
        best = reading.candidates[0] if reading.candidates else None
        if best is None:
            return False
        titled = best.full and best.kind == "title"
        limit = self.tuning.offer_title_leftover if titled else self.tuning.offer_leftover
        if reading.leftover_weight >= limit:
            return False
        # "laundromat attendant job": a name said as a job is worth offering.
        as_job = not _JOB_WORDS.isdisjoint(reading.words)
        return (
            reading.intent is not None
            or as_job
            or best.full
            or best.score >= self.tuning.bare_offer
        )

    def _plain(
        self, reading: Interpretation, *, current: bool = False, limit: float | None = None
    ) -> bool:
        """The message says little beyond its intent: "how much would I make after?".

        With `current`, words of the conversation's career's names are not beyond it ("how
        long is flight school?" about pilots).
        """
        said = reading.leftover_weight
        if current and reading.current_leftover_weight is not None:
            said = reading.current_leftover_weight
        return said < (self.tuning.plain if limit is None else limit)

    # --- buttons and commands -------------------------------------------------------------

    def press(self, state: ChatState, data: str) -> Turn:
        """Answer a button press (its callback data); stale or forged data gets a helpful reply."""
        parts = (data or "").split("|")
        if parts[0] in ("t", "v") and len(parts) >= 3 and parts[2] in INTENTS:
            return self._press_card(state, parts)
        if parts[0] == "g" and len(parts) == 1:
            return Turn(self.browse(), state, edit=True)
        elif parts[0] == "b" and len(parts) == 3 and parts[2].isdigit():
            page = self._browse_group(parts[1] + "-0000", int(parts[2]))
            if page is not None:
                return Turn(page, state, edit=True)
        elif parts[0] == "f" and len(parts) >= 2:
            reply = self.finding.press(parts)
            return Turn(reply or self._stale(), state, edit=reply is not None)
        elif parts[0] == "c" and len(parts) == 2:
            return self._complete_comparison(state, parts[1])
        elif parts[0] == "p" and len(parts) == 2:
            return self._pick_place(state, parts[1])
        elif parts[0] == chart_answers.PREFIX:
            return self._press_chart(state, data)
        elif data == local_answers.CHANGE_PLACE:
            return Turn(self._change_place(), state)
        elif data == "a|licences":
            return Turn(self.licences(), state, edit=True)
        elif data == "a":
            return Turn(self.about(), state, edit=True)
        return Turn(self._stale(), state)

    def _press_chart(self, state: ChatState, data: str) -> Turn:
        """A 📊 Chart button: the chart's data and caption; the transport draws it."""
        reply = chart_answers.answer(data, self.knowledge, self.local)
        return Turn(reply or self._stale(), state)

    def _press_card(self, state: ChatState, parts: list[str]) -> Turn:
        """A topic button (t|soc|topic[|back]) sends that card; More, Less and history
        (v|soc|topic|view[|back]) and a career picked while browsing edit the card in place."""
        career = self.knowledge.career(parts[1])
        view = parts[3] if parts[0] == "v" and len(parts) >= 4 else answers.CARD
        back = parts[-1] if len(parts) == (5 if parts[0] == "v" else 4) else ""
        whole = len(parts) in ((4, 5) if parts[0] == "v" else (3, 4))
        if career is None or not whole or view not in answers.VIEWS or not _BACK.fullmatch(back):
            return Turn(self._stale(), state)
        if parts[2] == "places" or (state.place and parts[2] in _LOCAL_TOPICS):
            reply = self._answer(career, parts[2], state.place, view=view, back=back)
        else:
            reply = answers.answer(career, parts[2], self.knowledge, view=view, back=back)
        edit = parts[0] == "v" or bool(back)
        return Turn(reply, _moved(state, career.id, parts[2]), edit=edit)

    def start(self, state: ChatState, payload: str | None = None) -> Turn:
        """Greet; a deep-link payload naming a career (id or SOC code) opens it."""
        if payload:
            career = self.knowledge.career(payload.strip())
            if career is not None:
                return Turn(
                    answers.answer(career, "overview", self.knowledge),
                    _moved(state, career.id, "overview"),
                )
        lines: list[Line] = [
            line(bold("Hi! I'm careerbot.")),
            line(
                "Ask me about any US occupation: pay, education, job outlook, employment "
                "and colleges. My answers come from official sources (BLS, O*NET, NCES), "
                "each with its year."
            ),
        ]
        if payload and payload not in _PLAIN_START_PAYLOADS:
            lines.append(line(italic("The link you followed names a career I don't know.")))
        lines += [line(""), line("Try:"), *(line(f"• {q}") for q in EXAMPLES)]
        lines.append(line("Not sure yet? Try “jobs over $80k without a degree” or /find."))
        lines.append(line("Or browse with /careers."))
        buttons = (
            (Button("🔎 Find a career", data=answers.FIND_DATA), Button("📚 Browse", data="g")),
        )
        reply = Reply(tuple(lines), buttons, kind="info")
        return Turn(reply, ChatState(place=state.place))  # the place is the user's, kept

    def help(self) -> Reply:
        lines = [
            line(bold("How to ask")),
            line("Name a career and what you want to know, in your own words:"),
            *(line(f"• {q}") for q in EXAMPLES),
            line(""),
            line(
                "Then follow up without repeating the career: “and what education do I "
                "need?”, “how much do they make?”, “colleges?”, “what about electricians?”."
            ),
            line(""),
            line(
                "Not sure which career? Ask for a list: “jobs over $80k without a degree”, "
                "“fastest growing jobs in healthcare”, “what can I do with a biology degree”, "
                "“jobs like electrician”, or tap /find."
            ),
            line(""),
            line("/careers browse by field · /find find a career · /about sources · /start"),
        ]
        return Reply(tuple(lines), ((Button("📚 Browse careers", data="g"),),), kind="info")

    def about(self) -> Reply:
        """Where the answers come from, on one screen; the licence texts one tap away."""
        lines: list[Line] = [line(bold("Where my answers come from"))]
        for source in self.knowledge.sources.values():
            name = link(source.short, source.url) if source.url else plain(source.short)
            lines.append(line("• ", name, f", {source.release}"))
        lines += [
            line(""),
            line(
                f"{len(self.knowledge.careers)} US careers. Every figure names its source and "
                "year; older figures are shown under their own year."
            ),
        ]
        return Reply(tuple(lines), ((Button("📜 Licences", data="a|licences"),),), kind="info")

    def licences(self) -> Reply:
        """Each source's full name and licence, and the attribution texts licences ask for."""
        lines: list[Line] = [line(bold("Sources and licences"))]
        for source in self.knowledge.sources.values():
            name = link(source.name, source.url) if source.url else bold(source.name)
            lines.append(line("• ", name, f" — {source.release}; {source.licence}."))
        for source in self.knowledge.sources.values():
            if source.attribution:
                lines += [line(""), line(italic(source.attribution))]
        return Reply(tuple(lines), ((Button("⬅ Back", data="a"),),), kind="info")

    def browse(self) -> Reply:
        """The first page of /careers: the SOC major groups as buttons."""
        groups = [g for g in self.knowledge.groups if self.knowledge.in_group(g.code)]
        buttons = [Button(g.label, data=f"b|{g.code[:2]}|0") for g in groups]
        rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
        text = (line(bold("Browse careers")), line("Pick a field:"))
        return Reply(text, rows, kind="info")

    def _browse_group(self, code: str, page: int) -> Reply | None:
        group = next((g for g in self.knowledge.groups if g.code == code), None)
        careers = self.knowledge.in_group(code)
        pages = max(1, -(-len(careers) // CAREERS_PER_PAGE))
        if group is None or not careers or page >= pages:
            return None
        shown = careers[page * CAREERS_PER_PAGE : (page + 1) * CAREERS_PER_PAGE]
        back = f"{code[:2]}.{page}"
        rows: list[tuple[Button, ...]] = [
            (Button(short_title(c.title), data=answers.topic_data(c.soc, "overview", back)),)
            for c in shown
        ]
        nav: list[Button] = []
        if page > 0:
            nav.append(Button("◀ Previous", data=f"b|{code[:2]}|{page - 1}"))
        nav.append(Button("Fields", data="g"))
        if page + 1 < pages:
            nav.append(Button("Next ▶", data=f"b|{code[:2]}|{page + 1}"))
        rows.append(tuple(nav))
        text = (
            line(bold(group.title)),
            line(f"{len(careers)} careers · page {page + 1} of {pages}"),
        )
        return Reply(text, tuple(rows), kind="info")

    def inline(self, text: str, limit: int = 5) -> tuple[Reply, ...]:
        """Answer cards for an inline query; empty when nothing matches."""
        if not text.strip():
            return ()
        reading = self.understanding.interpret(text, limit)
        compared = self._compare(ChatState(), text, reading)
        if compared is not None and compared.reply.intent == "compare" and compared.reply.table:
            return (compared.reply,)  # "nurse vs teacher": the comparison card
        intent = reading.intent or "overview"
        cards = []
        for candidate in reading.candidates[:limit]:
            career = self.knowledge.career(candidate.career_id)
            if career is not None:
                cards.append(answers.answer(career, intent, self.knowledge))
        return tuple(cards)

    def unsupported(self, kind: str) -> Reply:
        """A short hint for stickers, photos, voice and other non-text messages."""
        return Reply(
            (
                line("I can only read text messages. Type a question, for example:"),
                line(f"• {EXAMPLES[0]}"),
            ),
            kind="fallback",
        )

    # --- replies that are not answers -----------------------------------------------------

    def _ask_which(self, state: ChatState, offered: tuple[Any, ...], intent: str | None) -> Turn:
        careers = [c for o in offered if (c := self.knowledge.career(o.career_id)) is not None][:5]
        topic = intent or (state.intent if state.career is None else None) or "overview"
        if len(careers) == 1:
            lines = [line("Did you mean ", bold(careers[0].title), "?")]
        else:
            lines = [line("Which career do you mean?"), *(line(f"• {c.title}") for c in careers)]
        buttons = tuple(
            (Button(short_title(c.title), data=answers.topic_data(c.soc, topic)),) for c in careers
        )
        reply = Reply(
            (*lines, line("Or ask again in other words, or browse with /careers.")),
            buttons,
            kind="choose",
            intent=topic,
            candidates=tuple(c.soc for c in careers),
        )
        return Turn(
            reply,
            replace(state, intent=intent or state.intent, pending=tuple(c.id for c in careers)),
        )

    def _need_career(self, intent: str) -> Reply:
        label = answers.TOPIC_LABELS[intent].split(" ", 1)[1].lower()
        return Reply(
            (
                line(f"Which career would you like the {label} for?"),
                line(
                    "Type its name, e.g. “electrician” or “registered nurse”, "
                    "or browse with /careers."
                ),
            ),
            ((Button("📚 Browse careers", data="g"),),),
            kind="fallback",
            intent=intent,
        )

    def _fallback(self, *, empty: bool = False, intent: str | None = None) -> Reply:
        if empty:
            opening = "Send me a question about a career."
        elif intent is not None:
            label = answers.TOPIC_LABELS[intent].split(" ", 1)[1].lower()
            opening = f"I see you're asking about {label}, but I couldn't tell which career."
        else:
            opening = (
                "Sorry, I couldn't tell which career you mean. I answer questions about US "
                "occupations: pay, education, job outlook, employment and colleges."
            )
        return Reply(
            (
                line(opening),
                line("For example:"),
                *(line(f"• {q}") for q in EXAMPLES),
                line("Or browse all careers with /careers."),
            ),
            ((Button("📚 Browse careers", data="g"),),),
            kind="fallback",
        )

    def _other_language(self, language: str) -> Reply:
        """A message in another language: say, in Spanish for Spanish, that we read English."""
        if language == "es":
            lines = (
                line("Lo siento, por ahora solo entiendo inglés."),
                line("Escribe tu pregunta en inglés, por ejemplo:"),
                line("• How much do nurses make?"),
                line("• How do I become an electrician?"),
                line("O explora las profesiones con /careers."),
            )
        else:
            lines = (
                line("Sorry, I only understand English for now."),
                line("Try a question like:"),
                line("• How much do nurses make?"),
                line("• How do I become an electrician?"),
                line("Or browse careers with /careers."),
            )
        return Reply(lines, ((Button("📚 Browse careers", data="g"),),), kind="fallback")

    def _stale(self) -> Reply:
        return Reply(
            (
                line(
                    "That button is out of date or no longer works. Ask me again, or browse "
                    "with /careers."
                ),
            ),
            ((Button("📚 Browse careers", data="g"),),),
            kind="fallback",
        )

    def _with_alternatives(self, reply: Reply, reading: Interpretation, intent: str) -> Reply:
        """Say what a loose match understood, and under an answer found through a shared
        name, offer the other careers of that name."""
        best = reading.candidates[0]
        others = [
            c
            for c in reading.candidates[1:4]
            if c.name.lower() == best.name.lower()
            or (best.ambiguous and c.score >= best.score - self.tuning.alternative_reach)
        ]
        socs = [c.soc for c in others]
        # "nurse": Registered Nurses, or also Nurse Practitioners, LPNs... whose titles say it.
        if reply.career is not None and best.name.lower() != reply.career.title.lower():
            socs += best.namesakes
        socs = [soc for soc in dict.fromkeys(socs) if soc != best.soc]
        careers = [k for soc in socs if (k := self.knowledge.career(soc)) is not None]
        same_name = {c.soc for c in others if c.name.lower() == best.name.lower()}
        namesakes = [c for c in careers if c.soc in same_name]
        lines = reply.lines
        understood = self._understood(best, reply.career, shared=bool(namesakes))
        if understood is not None:
            lines = (understood, *lines)
        if namesakes:
            also = ", ".join(c.title for c in namesakes[:3])
            lines = (*lines, line(italic(f"Also called “{best.name}”: {also}.")))
        if not careers:
            return replace(reply, lines=lines)
        row = tuple(
            Button(f"Or: {short_title(c.title)}", data=answers.topic_data(c.soc, intent))
            for c in careers[:2]
        )
        return replace(reply, lines=lines, buttons=(*reply.buttons, row))

    def _understood(self, best: Candidate, career: Career | None, *, shared: bool) -> Line | None:
        """The line saying which career a loose name was taken for ("Barista": Fast Food and
        Counter Workers); None when the name is the career's own title or says it."""
        if career is None or best.kind not in ("alias", "shared"):
            return None
        title_words = self.understanding.index.title_words.get(career.soc, frozenset())
        if set(self.understanding.words(best.name)) <= title_words:
            return None  # "Software Developer", "Chief Executive"
        if shared:
            text = f"“{best.name}” is a title in several careers; the main one is "
        else:
            text = f"“{best.name}” is counted by BLS as "
        return line(italic(text + career.title + "."))


def _moved(state: ChatState, career: str | None, intent: str | None) -> ChatState:
    """The chat now about `career` and `intent`, its place kept, its recent careers updated."""
    recent = state.recent
    if career is not None and (not recent or recent[-1] != career):
        recent = (*recent, career)[-2:]
    return ChatState(career, intent, (), state.place, (), (), recent)


def _area_code(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 7 and value.isdigit()


def _about_something_else(words: tuple[str, ...]) -> bool:
    """A message that is no follow-up on the conversation's career, though it asks a topic:
    about the bot ("where do you get your data?", "why are you showing me 2006 numbers?") or
    what a thing is ("what's an apprenticeship?")."""
    if "your" in words or ("why" in words and "you" in words):
        return True
    start = [w for w in words[:4] if w not in _INTERJECTIONS]
    return start[:2] in (["what", "a"], ["what", "an"]) or start[:3] in (
        ["what", "is", "a"],
        ["what", "is", "an"],
    )
