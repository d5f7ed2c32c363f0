"""A piece's frames, made in process: the shots' pictures moved by their Ken Burns views,
joined by their transition and faded at the video's ends, as raw BT.709 YUV 4:2:0 frames
for the encoder's ffmpeg (media.overlay lays the subtitles over them first).

Each shot's keyframe becomes YUV once (ffmpeg's swscale: scaled to cover the frame at the
shot's largest zoom, BT.709, 4:2:0; `source_filter`, `make_sources`). Every frame is then
that picture's view warped to the frame size with a sub-pixel bilinear resampling (OpenCV's
warpAffine on the three planes): 0.7 to 1.1 ms a 720p frame here, where ffmpeg's zoompan
took 4.4 ms (it builds a swscale context per frame, bicubic, and crops at whole pixels of a
picture twice the size).
The picture is at most the largest zoom's size (1.08 to 1.16 times the frame), so a frame
resamples it by 1.0 to 1.16 and bilinear neither blurs it much nor aliases.

A transition is made here too (crossfade, dip to black, slide, zoom), in 4:2:0, from the
two shots' frames, so every frame of a shot comes from one motion path whatever piece it
falls in.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import mmap
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from storyreel.contract import Transition
from storyreel.media.ffmpeg import (
    BT709_TAGS,
    PIPE_BYTES,
    Spliced,
    raw_video_input,
    run_ffmpeg,
    run_ffmpeg_fed,
)
from storyreel.media.motion import KenBurns, smoothstep

# the pieces already run side by side, one per core: OpenCV's own threads would only add
# their hand-over
cv2.setNumThreads(1)

_BLACK_Y, _GREY_UV = 16, 128  # limited-range black


@dataclass
class Planes:
    """A 4:2:0 frame: Y at full size, U and V at half size each way."""

    y: np.ndarray
    u: np.ndarray
    v: np.ndarray

    @classmethod
    def blank(cls, width: int, height: int) -> Planes:
        return cls(
            np.empty((height, width), np.uint8),
            np.empty((height // 2, width // 2), np.uint8),
            np.empty((height // 2, width // 2), np.uint8),
        )

    @classmethod
    def from_bytes(cls, data: bytes | np.ndarray, width: int, height: int) -> Planes:
        """A raw yuv420p frame (ffmpeg's `-f rawvideo -pix_fmt yuv420p`)."""
        luma, chroma = width * height, (width // 2) * (height // 2)
        if len(data) != luma + 2 * chroma:
            raise ValueError(f"{len(data)} bytes is not a {width}x{height} yuv420p frame")
        flat = np.frombuffer(data, np.uint8)
        return cls(
            flat[:luma].reshape(height, width),
            flat[luma : luma + chroma].reshape(height // 2, width // 2),
            flat[luma + chroma :].reshape(height // 2, width // 2),
        )

    @property
    def width(self) -> int:
        return int(self.y.shape[1])

    @property
    def height(self) -> int:
        return int(self.y.shape[0])

    def chunks(self) -> tuple[memoryview | Spliced, ...]:
        """The frame for ffmpeg's input, in yuv420p order, without copying it."""
        return (
            np.ascontiguousarray(self.y).data.cast("B"),
            np.ascontiguousarray(self.u).data.cast("B"),
            np.ascontiguousarray(self.v).data.cast("B"),
        )

    def tobytes(self) -> bytes:
        return self.y.tobytes() + self.u.tobytes() + self.v.tobytes()


@dataclass
class _Slot(Planes):
    """A frame in a FrameRing's shared memory: ffmpeg gets it spliced."""

    spliced: Spliced | None = None

    def chunks(self) -> tuple[memoryview | Spliced, ...]:
        return super().chunks() if self.spliced is None else (self.spliced,)


class FrameRing:
    """Frames made straight into shared memory (a memfd) and spliced from there into
    ffmpeg's pipe: the kernel hands ffmpeg the pages, where writing a 720p frame into the
    pipe copied it (0.3 ms here) and ffmpeg's reads of it cost twice a file's. A slot is
    written again only once PIPE_BYTES more have gone after it (Spliced): so many slots.
    Where Linux's memfd or splice is missing, frames are plain memory, written."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.size = width * height * 3 // 2
        self.slots: list[Planes] = []
        self._fd = -1
        self._map: mmap.mmap | None = None
        count = PIPE_BYTES // self.size + 2
        if hasattr(os, "memfd_create") and hasattr(os, "splice"):
            self._fd = os.memfd_create("storyreel-frames", os.MFD_CLOEXEC)
            os.ftruncate(self._fd, self.size * count)
            self._map = mmap.mmap(self._fd, self.size * count)
            for slot in range(count):
                flat = np.frombuffer(self._map, np.uint8, self.size, slot * self.size)
                frame = Planes.from_bytes(flat, width, height)
                spliced = Spliced(self._fd, slot * self.size, self.size)
                self.slots.append(_Slot(frame.y, frame.u, frame.v, spliced))
        else:
            self.slots.append(Planes.blank(width, height))

    def frames(self) -> Iterator[Planes]:
        """The slots, round and round: where each next frame is made."""
        return itertools.cycle(self.slots)

    def close(self) -> None:
        self.slots = []
        if self._map is not None:
            with contextlib.suppress(BufferError):  # a frame still held: freed with it
                self._map.close()
            os.close(self._fd)
            self._map = None

    def __enter__(self) -> FrameRing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def source_size(width: int, height: int, motion: KenBurns) -> tuple[int, int]:
    """The size of a shot's picture as the motion reads it: the frame at the shot's largest
    zoom (a view then maps 1.0 to that zoom source pixels to one output pixel), even."""
    zoom = max(motion.zoom_start, motion.zoom_end, 1.0)
    return 2 * math.ceil(width * zoom / 2), 2 * math.ceil(height * zoom / 2)


def source_filter(width: int, height: int) -> str:
    """ffmpeg filters from a keyframe (any size) to a shot's picture of width x height:
    scaled to cover it (lanczos, once per shot), the middle cropped, BT.709 YUV 4:2:0."""
    return (
        f"scale={width}:{height}:force_original_aspect_ratio=increase"
        f":flags=lanczos:out_color_matrix=bt709:out_range=tv,crop={width}:{height},"
        "setsar=1,format=yuv420p"
    )


def make_sources(ffmpeg: str, pictures: list[tuple[Path, int, int, Path]]) -> None:
    """Each (keyframe, width, height, into): the keyframe as a shot's picture of that size
    (source_filter), raw yuv420p, written atomically to into; all in one ffmpeg run (a
    run's start costs about what scaling one picture does)."""
    if not pictures:
        return
    folder = pictures[0][3].parent
    with tempfile.TemporaryDirectory(dir=folder, prefix=".source-") as work_name:
        work = Path(work_name)
        inputs: list[str] = []
        graph: list[str] = []
        outputs: list[str] = []
        for number, (keyframe, width, height, _) in enumerate(pictures):
            # a private copy with a plain name and no extension: ffmpeg never parses a
            # person's file name (a "%d" in it can name an image sequence, "x:" a
            # protocol) and knows the picture by its content
            private = work / f"keyframe{number}"
            shutil.copyfile(keyframe, private)
            inputs += ["-i", f"file:{private.resolve()}"]
            graph.append(f"[{number}:v]{source_filter(width, height)}[p{number}]")
            outputs += ["-map", f"[p{number}]", "-frames:v", "1", "-f", "rawvideo",
                        f"file:{(work / f'source{number}.yuv').resolve()}"]  # fmt: skip
        run_ffmpeg(ffmpeg, [*inputs, "-filter_complex", ";".join(graph), *outputs])
        for number, (_, _, _, into) in enumerate(pictures):
            os.replace(work / f"source{number}.yuv", into)


def read_source(path: Path, width: int, height: int) -> Planes:
    return Planes.from_bytes(path.read_bytes(), width, height)


class ShotMotion:
    """A shot's Ken Burns motion over its picture, frame by frame."""

    def __init__(self, source: Planes, motion: KenBurns, shot_frames: int) -> None:
        self.source = source
        self.motion = motion
        self.span = max(1, shot_frames - 1)

    def view(self, frame: int) -> tuple[float, float, float]:
        """(zoom, x, y) of the shot's frame (KenBurns.view_at over the shot's length)."""
        return self.motion.view_at(frame / self.span)

    def frame(self, frame: int, out: Planes, extra_zoom: float = 1.0) -> Planes:
        """The shot's frame into out; extra_zoom narrows the view about its centre (the
        zoom transition)."""
        zoom, x_frac, y_frac = self.view(frame)
        warp(self.source, zoom, x_frac, y_frac, out, extra_zoom)
        return out


def warp(
    source: Planes,
    zoom: float,
    x_frac: float,
    y_frac: float,
    out: Planes,
    extra_zoom: float = 1.0,
) -> None:
    """The view of source at zoom (1 = all of it), its corner at x_frac, y_frac of the free
    margin (as zoompan's x, y), resampled to out's size with sub-pixel precision."""
    sw, sh = source.width, source.height
    view_w, view_h = sw / zoom, sh / zoom
    x0, y0 = (sw - view_w) * x_frac, (sh - view_h) * y_frac
    if extra_zoom != 1.0:
        x0 += view_w * (1 - 1 / extra_zoom) / 2
        y0 += view_h * (1 - 1 / extra_zoom) / 2
        view_w, view_h = view_w / extra_zoom, view_h / extra_zoom
    sx, sy = view_w / out.width, view_h / out.height
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    border = cv2.BORDER_REPLICATE
    # output pixel centre (u + 0.5, v + 0.5) samples source (x0 + (u + 0.5) sx - 0.5, ...)
    luma = np.array([[sx, 0, x0 + 0.5 * sx - 0.5], [0, sy, y0 + 0.5 * sy - 0.5]])
    cv2.warpAffine(
        source.y, luma, (out.width, out.height), dst=out.y, flags=flags, borderMode=border
    )
    # chroma: sited left of its two luma columns (MPEG-2 4:2:0), between its two rows
    chroma = np.array([[sx, 0, x0 / 2 + 0.25 * sx - 0.25], [0, sy, y0 / 2 + 0.5 * sy - 0.5]])
    size = (out.width // 2, out.height // 2)
    for plane, into in ((source.u, out.u), (source.v, out.v)):
        cv2.warpAffine(plane, chroma, size, dst=into, flags=flags, borderMode=border)


def blend(first: Planes, second: Planes, amount: float, out: Planes) -> Planes:
    """first * (1 - amount) + second * amount, plane by plane."""
    for a, b, into in (
        (first.y, second.y, out.y),
        (first.u, second.u, out.u),
        (first.v, second.v, out.v),
    ):
        cv2.addWeighted(a, 1 - amount, b, amount, 0, dst=into)
    return out


def faded(frame: Planes, level: float) -> Planes:
    """The frame at level (0 = black, 1 = as it is), in place: as ffmpeg's fade on YUV."""
    if level >= 1:
        return frame
    level = max(0.0, level)
    for plane, rest in ((frame.y, _BLACK_Y), (frame.u, _GREY_UV), (frame.v, _GREY_UV)):
        cv2.convertScaleAbs(plane, dst=plane, alpha=level, beta=rest * (1 - level))
    return frame


def _slid(first: Planes, second: Planes, amount: float, out: Planes) -> Planes:
    """The second shot pushing the first out to the left (xfade's slideleft)."""
    shift = 2 * round(first.width * amount / 2)  # even: the chroma moves whole samples
    for a, b, into, step in (
        (first.y, second.y, out.y, shift),
        (first.u, second.u, out.u, shift // 2),
        (first.v, second.v, out.v, shift // 2),
    ):
        width = a.shape[1]
        into[:, : width - step] = a[:, step:]
        into[:, width - step :] = b[:, :step]
    return out


def piece_frames(
    shots: list[ShotMotion],
    offset: int,
    count: int,
    width: int,
    height: int,
    transition: Transition | None = None,
    fade_in_frames: int = 0,
    fade_out_frames: int = 0,
    into: Iterator[Planes] | None = None,
) -> Iterator[Planes]:
    """Frames [offset, offset+count) of shots[0]; with a transition, shots[0]'s last
    `count` frames from offset going into shots[1]'s first `count`. Each is made into the
    next of `into` (a FrameRing's slots), else into one frame used again: write it out
    before asking for the next."""
    first, second = Planes.blank(width, height), Planes.blank(width, height)
    outs = into if into is not None else itertools.repeat(Planes.blank(width, height))
    for index in range(count):
        out = next(outs)
        if transition is None or len(shots) < 2:
            frame = shots[0].frame(offset + index, out)
        else:
            amount = (index + 0.5) / count
            if transition is Transition.DIP:  # down to black, then up from it
                if amount < 0.5:
                    frame = faded(shots[0].frame(offset + index, out), 1 - 2 * amount)
                else:
                    frame = faded(shots[1].frame(index, out), 2 * amount - 1)
            elif transition is Transition.SLIDE:
                frame = _slid(
                    shots[0].frame(offset + index, first),
                    shots[1].frame(index, second),
                    smoothstep(amount),
                    out,
                )
            elif transition is Transition.ZOOM:
                # into the old shot's middle (to three times) in the first half, then
                # dissolving into the new one (as xfade's zoomin)
                zoom = smoothstep(min(1.0, 2 * amount))
                frame = blend(
                    shots[0].frame(offset + index, first, 1 + 2 * zoom),
                    shots[1].frame(index, second),
                    smoothstep(max(0.0, 2 * amount - 1)),
                    out,
                )
            else:  # the crossfade: the new shot over the old, its opacity rising
                frame = blend(
                    shots[0].frame(offset + index, first),
                    shots[1].frame(index, second),
                    amount,
                    out,
                )
        if fade_in_frames and index < fade_in_frames:
            frame = faded(frame, index / fade_in_frames)
        if fade_out_frames and count - 1 - index < fade_out_frames:
            frame = faded(frame, (count - 1 - index) / fade_out_frames)
        yield frame


def motion_clip(
    ffmpeg: str,
    keyframe: Path,
    motion: KenBurns,
    frames: int,
    width: int,
    height: int,
    fps: int,
    encoder_args: list[str],
    out_path: Path,
) -> None:
    """A shot's Ken Burns motion on its own, as the export moves it, encoded to out_path
    (atomically)."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(dir=out_path.parent, prefix=".motion-") as work_name,
        FrameRing(width, height) as ring,
    ):
        work = Path(work_name)
        size = source_size(width, height, motion)
        make_sources(ffmpeg, [(keyframe, *size, work / "source.yuv")])
        shot = ShotMotion(read_source(work / "source.yuv", *size), motion, frames)
        run_ffmpeg_fed(
            ffmpeg,
            [*raw_video_input(width, height, fps), "-vf", BT709_TAGS, "-frames:v", str(frames),
             *encoder_args, "-r", str(fps), "clip.mp4"],
            (chunk for frame in piece_frames([shot], 0, frames, width, height, into=ring.frames())
             for chunk in frame.chunks()),
            cwd=work,
        )  # fmt: skip
        os.replace(work / "clip.mp4", out_path)
