"""Which language a message is written in, when it is plainly not English.

Only messages that are mostly words we do not know are checked, so English questions never pay
for it. The detector (lingua, over the languages US users most often write in besides English)
is loaded on first use: about 0.3 s and 45 MB, once; then a message takes under 1 ms.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# The languages most spoken at home in the US after English (Census ACS), and a few more that
# share their scripts, so that a message is not forced into a wrong near neighbour.
_LANGUAGES = (
    "ENGLISH", "SPANISH", "CHINESE", "TAGALOG", "VIETNAMESE", "ARABIC", "FRENCH", "KOREAN",
    "RUSSIAN", "PORTUGUESE", "HINDI", "GERMAN", "ITALIAN", "POLISH", "JAPANESE", "PERSIAN",
    "URDU", "BENGALI", "PUNJABI", "GUJARATI", "UKRAINIAN", "GREEK", "HEBREW", "TURKISH",
    "SOMALI", "SWAHILI", "YORUBA", "INDONESIAN", "THAI", "DUTCH",
)  # fmt: skip
ENGLISH_DOUBT = 0.2  # lingua's confidence in English below which a message is not English


@cache
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _LANGUAGES]
    builder = LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode()
    detector = builder.with_preloaded_language_models().build()
    detector.detect_language_of("warm up")  # the first detection is ten times slower
    return detector


def warm_up() -> None:
    """Load the detector now rather than on the first message that needs it."""
    _detector()


def foreign_language(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is written in, unless that is English or
    unclear."""
    detector = _detector()
    found = detector.detect_language_of(text)
    if found is None or found.name == "ENGLISH":
        return None
    from lingua import Language

    if detector.compute_language_confidence(text, Language.ENGLISH) >= ENGLISH_DOUBT:
        return None
    return str(found.iso_code_639_1.name.lower())
