"""The finder's side of a conversation: is a message a finder request, and which reply it
gets (a ranked page, a guided step, asking which career "jobs like X" means). Pure; the
`Advisor` keeps the chat's state and hands messages and button presses here."""

from __future__ import annotations

from dataclasses import replace

from bot import finder_answers
from bot.answers import FIND_DATA
from bot.finder import Finder, Search
from bot.knowledge import Knowledge
from bot.replies import Button, Reply, line
from bot.understanding import Interpretation, Understanding, finding
from bot.wording import short_title
from bot.words import normalise


class FinderTurns:
    """Reads finder requests and answers them, for one knowledge base."""

    def __init__(self, knowledge: Knowledge, understanding: Understanding, finder: Finder) -> None:
        self.knowledge = knowledge
        self.understanding = understanding
        self.finder = finder
        said = (
            finding.LIST_NOUNS
            | finding.FINDER_WORDS
            | {w for f in knowledge.finder.fields.values() for n in f.names for w in n}
        )
        # The finder's words as written and as the reader reads them ("tech": "technician").
        self._field_words = said | {w for s in said for w in self.understanding.words(s)}

    def reply(self, text: str, reading: Interpretation, place: str | None) -> Reply | None:
        """The finder's reply to a message, or None when it asks no list of careers."""
        found = self.reading(text, reading, place)
        if found is None:
            return None
        if found.guided:
            wish = finder_answers.wish_opening(found.search, self.knowledge) if found.wish else None
            first = "school" if found.search.fields else "field"
            return finder_answers.step(first, found.search, self.finder, wish)
        search = self._resolved(found, text)
        if search is None or isinstance(search, Reply):
            return search
        if search.empty or (search == Search(place=search.place) and not found.said):
            return None
        return self.results(search)

    def start(self, place: str | None) -> Reply:
        """The guided finder's first step (/find)."""
        return finder_answers.step("field", Search(place=place), self.finder)

    def press(self, parts: list[str]) -> Reply | None:
        """A finder button: f|r|<search>|<page> a results page; f|<step>|<search> a step;
        None for stale or forged data."""
        search = self.finder.decode(parts[2]) if len(parts) >= 3 else None
        if search is None:
            return None
        if parts[1] == finder_answers.RESULTS and len(parts) == 4 and parts[3].isdigit():
            return self.results(search, int(parts[3]))
        if parts[1] in finder_answers.STEPS and len(parts) == 3:
            return finder_answers.step(parts[1], search, self.finder)
        return None

    def reading(
        self, text: str, reading: Interpretation, place: str | None
    ) -> finding.FinderReading | None:
        """The finder's reading of a message that asks for a list, not about one career."""
        terms = self.knowledge.finder
        found = finding.read(text, terms.fields, terms.wishes, terms.everyone, place)
        if found is None or found.like or found.subject or found.wish:
            return found
        if found.guided:  # "what should I study to become a landscape architect": a career
            return None if self._names_career(reading) else found
        if self._names_career(reading) or (reading.intent == "places" and reading.confident):
            return None  # "highest paying welding jobs", "most jobs for truck drivers": one career
        if reading.intent == "colleges" and not finding.LIST_NOUNS & set(normalise(text)):
            return None  # "any trade schools?": schools for a career, not a list of careers
        only_fields = replace(found.search, fields=(), place=None).empty
        if only_fields and reading.intent is not None and reading.candidates:
            return None  # "data entry jobs future": a career's outlook
        return found

    def _resolved(self, found: finding.FinderReading, text: str) -> Search | Reply | None:
        """The search with the career to be like and the programme studied resolved; a reply
        when they need asking back; None when the message is no finder request after all."""
        search = found.search
        if found.like:
            like = self._like(found.like)
            if isinstance(like, Reply):
                return like
            search = replace(search, like=like)
        if found.subject:
            cip = self.finder.programme(found.subject, loose=found.subject_loose)
            if cip is None and not found.subject_loose:
                if not finding.asks_with(text):
                    return None  # "supply chain analyst degree": a career's schooling
                return self._no_programme(found.subject)
            search = replace(search, programme=cip) if cip else search
        return search

    def results(self, search: Search, page: int = 0) -> Reply:
        results = self.finder.find(search)
        return finder_answers.results_page(results, self.knowledge, self.finder, page)

    def _names_career(self, reading: Interpretation) -> bool:
        """The message names a career in full, by more than the finder's words: "highest
        paying welding jobs" is about welders; "trucking jobs over 70k" names a field."""
        best = reading.candidates[0] if reading.candidates else None
        if best is None or not (reading.confident and best.full):
            return False
        return not set(self.understanding.words(best.name)) <= self._field_words

    def _like(self, name: str) -> str | Reply:
        """The SOC code of the career "jobs like X" names, or a reply asking which one."""
        read = self.understanding.interpret(name)
        best = read.candidates[0] if read.candidates else None
        if best is not None and read.confident and (best.full or len(read.close) <= 1):
            return best.soc
        careers = [c for o in read.close[:5] if (c := self.knowledge.career(o.career_id))]
        if not careers:
            return Reply(
                (
                    line(f"I don't know a career called “{name}”."),
                    line("Try “jobs like electrician” or “careers similar to nursing”."),
                ),
                ((Button("📚 Browse careers", data="g"),),),
                kind="fallback",
                intent="find",
            )
        buttons = tuple(
            (Button(short_title(c.title), data=f"f|{finder_answers.RESULTS}|k{c.soc}|0"),)
            for c in careers
        )
        lines = [line(f"Careers like which one? “{name}” may mean:"),
                 *(line(f"• {c.title}") for c in careers)]  # fmt: skip
        return Reply(tuple(lines), buttons, kind="choose", intent="find",
                     candidates=tuple(c.soc for c in careers))  # fmt: skip

    def _no_programme(self, subject: str) -> Reply:
        return Reply(
            (
                line(f"I couldn't find a college programme called “{subject}”."),
                line("Try its usual name, e.g. “biology degree” or “jobs for psychology majors”."),
            ),
            ((Button("🔎 Find careers", data=FIND_DATA),),),
            kind="fallback",
            intent="find",
        )
