"""A client for CosyVoice's own HTTP server (`runtime/python/fastapi/server.py`).

`/inference_sft` takes form fields `tts_text` and `spk_id` and streams raw 16-bit mono PCM.
Upstream serves it as GET with a form body; some builds use POST and announce the rate in
`X-Custom-Header-sampleRate`. We try POST, then GET, and take the rate from that header when
present, else from STORYREEL_COSYVOICE_SAMPLE_RATE (22050 for CosyVoice-300M, 24000 for v2).
"""

from __future__ import annotations

import httpx
import numpy as np

from storyreel.contract import Language
from storyreel.errors import StoryReelError
from storyreel.narration.base import NarrationVoice, Speech

# The speakers of CosyVoice-300M-SFT; the server has no endpoint that lists them.
SFT_SPEAKERS = {
    "中文女": Language.ZH,
    "中文男": Language.ZH,
    "英文女": Language.EN,
    "英文男": Language.EN,
}
_RATE_HEADER = "X-Custom-Header-sampleRate"


class CosyVoiceNarrationVoice(NarrationVoice):
    """One CosyVoice SFT speaker, spoken by a CosyVoice server."""

    family = "cosyvoice"

    def __init__(
        self,
        base_url: str,
        speaker: str,
        language: Language,
        sample_rate: int = 22_050,
        timeout_s: float = 120.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.speaker = speaker
        self.name = f"cosyvoice-{speaker}"
        self.language = language
        self.description = f"CosyVoice server at {self.base_url}, speaker {speaker}"
        self.sample_rate = sample_rate
        self._timeout_s = timeout_s

    def speak(self, text: str) -> Speech:
        form = {"tts_text": text, "spk_id": self.speaker}
        url = f"{self.base_url}/inference_sft"
        try:
            with httpx.Client(timeout=self._timeout_s) as client:
                response = client.post(url, data=form)
                if response.status_code == 405:  # upstream declares the route as GET
                    response = client.request("GET", url, data=form)
        except httpx.HTTPError as error:
            raise StoryReelError(
                f"cannot reach the CosyVoice server at {self.base_url}: {error}"
            ) from error
        if not response.is_success:
            raise StoryReelError(
                f"the CosyVoice server answered HTTP {response.status_code} for speaker "
                f"{self.speaker!r}: {response.text[:200]}"
            )
        body = response.content
        if len(body) % 2:
            raise StoryReelError("the CosyVoice server sent a truncated audio stream")
        rate = int(response.headers.get(_RATE_HEADER, self.sample_rate))
        samples = np.frombuffer(body, dtype="<i2").astype(np.float32) / 32768.0
        return Speech(samples, rate)
