"""Kokoro (ONNX, from PyPI packages) and the CosyVoice client (against a protocol stub)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from cosyvoice_stub import CosyVoiceStub, start_cosyvoice_stub
from nodekit import free_port
from storyreel.contract import Language
from storyreel.errors import StoryReelError
from storyreel.narration.cosyvoice_voice import CosyVoiceNarrationVoice
from storyreel.narration.kokoro_voice import (
    KokoroNarrationVoice,
    kokoro_unavailable,
    to_kokoro_phonemes,
)
from storyreel.narration.voices import available_voices, resolve_voice

needs_kokoro = pytest.mark.skipif(
    kokoro_unavailable() is not None, reason=f"{kokoro_unavailable()}"
)


def test_espeak_ipa_maps_to_kokoro_symbols() -> None:
    assert to_kokoro_phonemes("həlˈo^ʊ ma^ɪ fɹˈɛnd") == "həlˈO mI fɹˈɛnd"
    assert to_kokoro_phonemes("kˈiːpɚ d^ʒˈʌmp") == "kˈiːpəɹ ʤˈʌmp"


@needs_kokoro
def test_kokoro_phonemes_keep_clause_punctuation() -> None:
    voice = KokoroNarrationVoice("jm_kumo")
    assert voice.phonemes("Hello there, my friend!") == ["həlˈO ðˈɛɹ,", "mI fɹˈɛnd!"]


@needs_kokoro
def test_kokoro_speaks_english_at_24khz_with_length_following_text() -> None:
    voice = resolve_voice("kokoro-jm_kumo", Language.EN)
    short = voice.speak("The keeper climbed.")
    long = voice.speak("The keeper climbed the tower stairs, one slow step after another.")
    assert short.sample_rate == long.sample_rate == 24_000
    assert 0.5 < short.duration_s < long.duration_s < 8
    assert np.abs(long.samples).max() > 0.1  # speech, not silence
    assert voice.loaded
    voice.unload()
    assert not voice.loaded


def test_unknown_kokoro_voice_lists_the_voices() -> None:
    with pytest.raises(StoryReelError, match="jm_kumo"):
        KokoroNarrationVoice("af_heart")


@pytest.fixture(params=[False, True], ids=["post", "upstream-get"])
def cosyvoice(request: pytest.FixtureRequest) -> Iterator[CosyVoiceStub]:
    stub = start_cosyvoice_stub(free_port(), get_only=request.param, rate=22050)
    yield stub
    stub.close()


def test_cosyvoice_client_speaks_through_the_server(cosyvoice: CosyVoiceStub) -> None:
    voice = resolve_voice("cosyvoice-中文女", Language.ZH, cosyvoice.url)
    assert isinstance(voice, CosyVoiceNarrationVoice)
    speech = voice.speak("灯塔亮了。")
    assert speech.sample_rate == 22050
    assert speech.duration_s == pytest.approx(0.2 + 0.08 * 5, abs=0.01)
    assert cosyvoice.requests[-1][1] == {"tts_text": "灯塔亮了。", "spk_id": "中文女"}
    assert "cosyvoice-英文男" in available_voices(cosyvoice.url)


def test_cosyvoice_errors_are_clear(cosyvoice: CosyVoiceStub) -> None:
    voice = CosyVoiceNarrationVoice(cosyvoice.url, "nobody", Language.ZH)
    with pytest.raises(StoryReelError, match="answered HTTP 500 for speaker 'nobody'"):
        voice.speak("你好")
    down = CosyVoiceNarrationVoice(f"http://127.0.0.1:{free_port()}", "中文女", Language.ZH)
    with pytest.raises(StoryReelError, match="cannot reach the CosyVoice server"):
        down.speak("你好")
