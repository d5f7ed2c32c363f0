"""Probing media files with PyAV (the bundled ffmpeg has no ffprobe)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av


@dataclass(frozen=True)
class VideoStreamInfo:
    codec: str
    width: int
    height: int
    fps: float
    frames: int
    duration_s: float


@dataclass(frozen=True)
class AudioStreamInfo:
    codec: str
    sample_rate: int
    channels: int
    duration_s: float


@dataclass(frozen=True)
class MediaInfo:
    duration_s: float
    video: VideoStreamInfo | None
    audio: AudioStreamInfo | None


def _seconds(value: int | None, time_base: Fraction | None) -> float:
    if value is None or time_base is None:
        return 0.0
    return float(value * time_base)


def probe_media(path: Path, count_frames: bool = False) -> MediaInfo:
    """Streams and durations of a media file; count_frames decodes packets to count frames."""
    with av.open(str(path)) as container:
        video = audio = None
        duration = container.duration / 1_000_000 if container.duration else 0.0
        if container.streams.video:
            stream = container.streams.video[0]
            rate = stream.average_rate or stream.base_rate or Fraction(0)
            frames = stream.frames
            if count_frames or not frames:
                frames = sum(1 for packet in container.demux(stream) if packet.size)
            video = VideoStreamInfo(
                codec=stream.codec_context.name,
                width=stream.codec_context.width,
                height=stream.codec_context.height,
                fps=float(rate),
                frames=int(frames),
                duration_s=_seconds(stream.duration, stream.time_base),
            )
        if container.streams.audio:
            astream = container.streams.audio[0]
            audio = AudioStreamInfo(
                codec=astream.codec_context.name,
                sample_rate=astream.codec_context.sample_rate,
                channels=astream.codec_context.channels,
                duration_s=_seconds(astream.duration, astream.time_base),
            )
    return MediaInfo(duration_s=duration, video=video, audio=audio)
