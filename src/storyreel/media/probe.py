"""Probing media files with PyAV (the bundled ffmpeg has no ffprobe)."""

from __future__ import annotations

import struct
from collections.abc import Iterator
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


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, body start, body end) of each ISO BMFF box in data[start:end]."""
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:  # a 64-bit size follows
            (size,) = struct.unpack_from(">Q", data, at + 8)
            header = 16
        elif size == 0:  # to the end
            size = end - at
        if size < header or at + size > end:
            raise ValueError(f"a broken {kind!r} box at byte {at}")
        yield kind, at + header, at + size
        at += size


def _inside(data: bytes, start: int, end: int, path: list[bytes]) -> tuple[int, int] | None:
    """The body of the box at path (types, one a level) under data[start:end]."""
    for kind, body, stop in _boxes(data, start, end):
        if kind == path[0]:
            return (body, stop) if len(path) == 1 else _inside(data, body, stop, path[1:])
    return None


def mp4_video_frames(path: Path) -> int:
    """The frames of an MP4's video track, from its sample table, without demuxing (a
    PyAV open probes the streams: 10 ms a file here); 0 when it has no video track."""
    data = path.read_bytes()
    movie = _inside(data, 0, len(data), [b"moov"])
    if movie is None:
        raise ValueError(f"{path.name} has no movie box")
    for kind, body, stop in _boxes(data, *movie):
        handler = _inside(data, body, stop, [b"mdia", b"hdlr"]) if kind == b"trak" else None
        # hdlr: version and flags, pre_defined, then the handler type
        if handler is not None and data[handler[0] + 8 : handler[0] + 12] == b"vide":
            sizes = _inside(data, body, stop, [b"mdia", b"minf", b"stbl", b"stsz"])
            if sizes is None:
                raise ValueError(f"{path.name}: its video track has no sample sizes")
            # stsz: version and flags, the one size of every sample (or 0), their count
            return int(struct.unpack_from(">I", data, sizes[0] + 8)[0])
    return 0
