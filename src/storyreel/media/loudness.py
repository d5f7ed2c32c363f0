"""Loudness: every export's sound normalised to a target integrated loudness (EBU R128,
-16 LUFS by default, what podcasts and web video use) with its true peak under -1 dBTP.

ffmpeg's loudnorm (measure, then apply), checked with ebur128 and finished with a gain and
a lookahead limiter where loudnorm fell short. `measure` is also what the tests read the
MP4 with.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from storyreel.media.ffmpeg import ffmpeg_report, run_ffmpeg

TARGET_LUFS = -16.0
TRUE_PEAK_DBTP = -1.5  # under the -1 dBTP asked for: AAC encoding adds a little
_ROUNDS = 3  # gain and limit again while the result is short of the target
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
    the track is silent (nothing to normalise).

    ffmpeg's loudnorm first (two passes: measure, then one gain where the true peak allows,
    its gentle dynamic mode where it does not); on short, pause-rich narration that mode can
    end a whole LU under the target, so the result is measured again and brought the rest
    of the way by a gain and a lookahead limiter at the ceiling (a round or two)."""
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
        f":offset={measured['target_offset']}:linear=true,aresample={sample_rate}"
    )
    current = target.with_name(f"{target.stem}.loudnorm{target.suffix}")
    run_ffmpeg(ffmpeg, ["-i", str(source), "-af", second, "-c:a", "pcm_s16le", str(current)])
    ceiling = 10 ** (TRUE_PEAK_DBTP / 20)
    for round_ in range(_ROUNDS):
        gain = lufs - measure(ffmpeg, current).integrated_lufs
        if abs(gain) < 0.2:
            break
        chain = (
            f"volume={gain:.2f}dB,"
            # lookahead limiting at the ceiling; latency=1 keeps the speech where it was
            f"alimiter=limit={ceiling:.4f}:attack=5:release=50:level=0:latency=1"
        )
        step = target.with_name(f"{target.stem}.{round_}{target.suffix}")
        run_ffmpeg(ffmpeg, ["-i", str(current), "-af", chain, "-c:a", "pcm_s16le", str(step)])
        current.unlink()
        current = step
    os.replace(current, target)
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
