"""Loudness: every export's sound normalised to a target integrated loudness (EBU R128,
-16 LUFS by default, what podcasts and web video use) with its true peak under -1 dBTP.

ffmpeg's loudnorm in two passes: the first measures, the second applies one linear gain
(speech keeps its dynamics; loudnorm limits the peaks only where the gain would push them
over). `measure` reads the same numbers ffmpeg's ebur128 filter reports, for the tests.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from storyreel.media.ffmpeg import ffmpeg_report, run_ffmpeg

TARGET_LUFS = -16.0
TRUE_PEAK_DBTP = -1.5  # under the -1 dBTP asked for: AAC encoding adds a little
LOUDNESS_RANGE = 11.0


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float


def _loudnorm_stats(text: str) -> dict[str, str]:
    found = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", text, flags=re.S)
    if found is None:
        raise ValueError("ffmpeg's loudnorm printed no measurements")
    stats: dict[str, str] = json.loads(found.group(0))
    return stats


def normalize(ffmpeg: str, source: Path, target: Path, lufs: float, sample_rate: int) -> bool:
    """Write `source` at `lufs` integrated into `target` (WAV); False, writing nothing, when
    the track is silent (nothing to normalise)."""
    base = f"loudnorm=I={lufs}:TP={TRUE_PEAK_DBTP}:LRA={LOUDNESS_RANGE}"
    measured = _loudnorm_stats(
        ffmpeg_report(ffmpeg, ["-i", str(source), "-af", f"{base}:print_format=json",
                               "-f", "null", "-"])
    )  # fmt: skip
    integrated = float(measured["input_i"])
    if not math.isfinite(integrated) or integrated < -70:
        return False
    second = (
        f"{base}:measured_I={measured['input_i']}:measured_TP={measured['input_tp']}"
        f":measured_LRA={measured['input_lra']}:measured_thresh={measured['input_thresh']}"
        f":offset={measured['target_offset']}:linear=true"
    )
    run_ffmpeg(
        ffmpeg,
        ["-i", str(source), "-af", f"{second},aresample={sample_rate}", "-c:a", "pcm_s16le",
         str(target)],
    )  # fmt: skip
    return True


def measure(ffmpeg: str, media: Path) -> Loudness:
    """Integrated loudness and true peak of a file's sound, by ffmpeg's ebur128 filter."""
    text = ffmpeg_report(
        ffmpeg, ["-i", str(media), "-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"]
    )
    summary = text[text.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if integrated is None or peak is None:
        raise ValueError("ffmpeg's ebur128 printed no summary")
    return Loudness(float(integrated.group(1)), float(peak.group(1)))
