"""Understanding: a message (+ the conversation's current career) -> an interpretation: the
careers it may name with scores, what each explains, the intent it asks, what is left over.

How a question is read:

1. Normalise (:mod:`.text`): case, accents, punctuation, ``&``; split into words.
2. Spell (:mod:`.spelling`): short forms spelt out (``synonyms`` in ``intents.yaml``: "mgr",
   "RN"); typos corrected word by word against the vocabulary of names and intent phrases
   (rapidfuzz OSA distance, one edit for words of 5+ letters, two for 8+; short words and
   acronyms must match exactly, so "PA" never hides inside "pay"; everyday English words, from
   pyspellchecker's list, are never "corrected"); run-together words split ("stockbroker").
3. Match careers (:mod:`.index`, :mod:`.scoring`): every name (title, the occupations a title
   lists, alias, college-programme title) is keyed by its telling words, so a question only
   meets the few hundred names that share one with it. A name scores by how much of it the
   question covers (weighted by word rarity), less how much of the question's own content it
   leaves unexplained. Words also match by their root ("welding" ~ "welder") at a discount. An
   official title said in full wins.
4. The intent comes from the phrases in ``intents.yaml`` found in the words the chosen career's
   name did not use, so "high school teacher" does not read as a question about schools.

Every tuned number is in :class:`Tuning`. May import: bot.knowledge, rapidfuzz, pyspellchecker
and the standard library; never the dialogue, answers or any transport.
"""

from bot.understanding import comparing
from bot.understanding.interpretation import Candidate, Interpretation
from bot.understanding.reader import Understanding
from bot.understanding.tuning import Tuning
from bot.words import normalise, root, stem

__all__ = [
    "Candidate",
    "Interpretation",
    "Tuning",
    "Understanding",
    "comparing",
    "normalise",
    "root",
    "stem",
]
